/**
 * Sanitizer for Editor.js inline text (paragraphs, headers, list items, quotes, table cells).
 *
 * It runs for every text of every block of every page, so it is a single-pass tokenizer over
 * the string with no DOM, no closures and no per-call set-up; plain text (no `<`, `>`, `&`,
 * newline or control character) is returned as is after one regex test. The output is
 * re-serialized from scratch: text is escaped, only Editor.js's own inline tags are emitted
 * (with canonical, escaped attributes), every opened tag is closed and stray closers are
 * dropped. Nothing of the input's markup is copied verbatim, so parser differentials (mXSS)
 * have nothing to work with.
 */

import { decodeAttrValue, isAllowedCodePoint, NAMED_CHAR_REFS } from "./char-refs.js";
import { escapeAttr } from "./escape.js";
import { safeUrl } from "./safe-url.js";
import { nonBreakingTelText } from "./tel-text.js";

/** Tags kept, and whether they may carry a filtered `class`. */
const KEEP_TAGS: ReadonlyMap<string, boolean> = new Map([
  ["b", false],
  ["strong", false],
  ["i", false],
  ["em", false],
  ["u", true],
  ["s", false],
  ["a", false],
  ["mark", true],
  ["code", true],
  ["sup", false],
  ["sub", false],
]);

/** Elements whose content is code or hidden text, dropped with the tag. */
const DROP_CONTENT = new Set([
  "script",
  "style",
  "iframe",
  "object",
  "template",
  "noscript",
  "textarea",
  "title",
  "xmp",
  "noembed",
  "noframes",
  "plaintext",
]);

const MAX_DEPTH = 32;
const KEPT_ATTRIBUTES = new Set(["href", "target", "rel", "class"]);
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_WORK = /[<>&\n\r\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/;
const VISIBLE = /[^\s]/;
const NBSP_REF = /^&(?:nbsp|#160|#[xX]0*[aA]0);$/;
const CLASS_TOKEN = /^[\w-]+$/;
const REL_TOKEN =
  /^(?:nofollow|ugc|sponsored|noopener|noreferrer|external|author|help|license|tag)$/;
const INVISIBLE_TEXT = /<[^>]*>|&nbsp;|&#160;|&#[xX]0*[aA]0;|\s/g;

/** 1 for characters that leave the plain-text fast lane in the scanner. */
const SPECIAL = new Uint8Array(128);
for (let c = 0; c < 32; c++) SPECIAL[c] = c === 9 || c === 12 ? 0 : 1;
SPECIAL[38] = SPECIAL[60] = SPECIAL[62] = SPECIAL[127] = 1;

// State of the sanitization in progress. Module-level instead of per call because nothing in
// a run calls back into the sanitizer, and it spares the hot path all allocation of state.
let src = "";
let n = 0;
let out = "";
/**
 * Blanks that ended the last text, held back until something follows them on the same line:
 * html-validate's `no-trailing-whitespace` rejects blanks before a newline, even when a
 * dropped tag stood between them in the input.
 */
let pendingBlanks = "";
let lower: string | undefined;
/** Open elements, as parallel arrays indexed 0..depth-1, and how many of each name are open. */
let depth = 0;
const openNames: string[] = [];
const openEmitted: boolean[] = [];
const openCounts = new Map<string, number>();
/**
 * The emitted link being written, if any (at most one: a nested `<a>` closes the outer one).
 * Its content goes to a fresh `out` so that a link without visible text can be unwrapped by
 * concatenation instead of slicing the output (which would make crafted input quadratic).
 */
let linkOpen = false;
let linkVisible = false;
let linkOuter = "";
let linkTag = "";
/** Result of parseTag. */
let tagEnd = 0;
let attrCount = 0;
const attrNames: string[] = [];
const attrValues: string[] = [];

/** Sanitizes one Editor.js inline HTML fragment into safe, balanced inline HTML. */
export function sanitizeInlineHtml(html: string): string {
  if (!NEEDS_WORK.test(html)) return html;
  src = html;
  n = html.length;
  out = pendingBlanks = "";
  lower = undefined;
  depth = 0;
  openCounts.clear();
  linkOpen = false;
  try {
    scan();
    while (depth > 0) closeTop();
    return out + pendingBlanks;
  } finally {
    src = out = pendingBlanks = linkOuter = linkTag = "";
    lower = undefined;
  }
}

/** The text content of sanitized inline HTML, ready for an attribute (`alt`, `title`). */
export function inlineHtmlToAttrText(sanitized: string): string {
  if (sanitized.indexOf("<") === -1 && sanitized.indexOf('"') === -1) return sanitized.trim();
  return sanitized
    .replace(/<[^>]*>/g, "")
    .replace(/"/g, "&quot;")
    .trim();
}

/** True when sanitized inline HTML shows no text (empty, tags only, spaces, `&nbsp;`). */
export function isBlankInlineHtml(sanitized: string): boolean {
  return sanitized.replace(INVISIBLE_TEXT, "") === "";
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
}

function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isAlnum(c: number): boolean {
  return isAlpha(c) || (c >= 48 && c <= 57);
}

/** Appends markup (or text known to end in a non-blank), after any held-back blanks. */
function emit(html: string): void {
  if (pendingBlanks !== "") {
    out += pendingBlanks;
    pendingBlanks = "";
  }
  out += html;
}

function emitText(text: string): void {
  let end = text.length;
  for (let c = text.charCodeAt(end - 1); c === 32 || c === 9; c = text.charCodeAt(end - 1)) end--;
  if (end === 0) {
    pendingBlanks += text;
    return;
  }
  emit(end === text.length ? text : text.slice(0, end));
  if (end !== text.length) pendingBlanks = text.slice(end);
  if (linkOpen && !linkVisible) linkVisible = VISIBLE.test(text);
}

function scan(): void {
  // Locals, not the module bindings: lets the optimizer keep the hot loop in registers.
  const s = src;
  const len = n;
  const special = SPECIAL;
  let i = 0;
  let textStart = 0;
  while (i < len) {
    let c = s.charCodeAt(i);
    while (c < 128 ? special[c] === 0 : c > 0x9f) {
      if (++i === len) break;
      c = s.charCodeAt(i);
    }
    if (i === len) break;
    if (i > textStart) {
      const text = s.slice(textStart, i);
      emitText(text);
    }
    if (c === 60) {
      i = markup(i);
    } else if (c === 38) {
      const end = charRefEnd(i);
      if (end === -1) {
        emitText("&amp;");
        i++;
      } else {
        const ref = s.slice(i, end);
        emit(ref);
        if (linkOpen && !linkVisible) linkVisible = !NBSP_REF.test(ref);
        i = end;
      }
    } else {
      if (c === 62) emitText("&gt;");
      else if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) {
        // Line breaks are normalized to LF, as the HTML parser would.
        pendingBlanks = "";
        out += "\n";
      }
      i++;
    }
    textStart = i;
  }
  if (textStart < len) emitText(s.slice(textStart));
}

/**
 * The end of a character reference at `at` that we keep (known name or allowed code point,
 * terminated by `;`), or -1 when its `&` must be escaped.
 */
function charRefEnd(at: number): number {
  let j = at + 1;
  let c = src.charCodeAt(j);
  if (c === 35) {
    c = src.charCodeAt(++j);
    const hex = c === 120 || c === 88;
    if (hex) c = src.charCodeAt(++j);
    const first = j;
    let cp = 0;
    for (;;) {
      const digit =
        c >= 48 && c <= 57 ? c - 48 : hex && (c | 32) >= 97 && (c | 32) <= 102 ? (c | 32) - 87 : -1;
      if (digit === -1) break;
      cp = cp * (hex ? 16 : 10) + digit;
      c = src.charCodeAt(++j);
    }
    if (j === first || j - first > (hex ? 6 : 7) || c !== 59) return -1;
    return isAllowedCodePoint(cp) ? j + 1 : -1;
  }
  if (!isAlpha(c)) return -1;
  while (j - at <= 32 && isAlnum(src.charCodeAt(j))) j++;
  if (src.charCodeAt(j) !== 59) return -1;
  return NAMED_CHAR_REFS.has(src.slice(at + 1, j)) ? j + 1 : -1;
}

/** Handles the markup starting at `<` (src[at]); returns the index after it. */
function markup(at: number): number {
  const c1 = src.charCodeAt(at + 1);
  if (isAlpha(c1)) {
    const name = parseTag(at + 1);
    if (tagEnd < 0) return n;
    const end = tagEnd;
    return openTag(name, end);
  }
  if (c1 === 47) {
    const c2 = src.charCodeAt(at + 2);
    if (isAlpha(c2)) {
      const name = parseTag(at + 2);
      if (tagEnd < 0) return n;
      closeTag(name);
      return tagEnd;
    }
    if (at + 2 >= n) {
      emitText("&lt;/");
      return n;
    }
    return skipPast(">", at + 2);
  }
  if (c1 === 33) {
    return src.startsWith("<!--", at) ? skipComment(at + 4) : skipPast(">", at + 2);
  }
  if (c1 === 63) return skipPast(">", at + 2);
  emitText("&lt;");
  return at + 1;
}

function openTag(name: string, end: number): number {
  const classable = KEEP_TAGS.get(name);
  if (classable === undefined) {
    if (name === "br") emit("<br>");
    else if (DROP_CONTENT.has(name)) return skipRawText(name, end);
    return end;
  }
  if (name === "a" && (openCounts.get("a") ?? 0) > 0) closeTag("a");
  let emitted = depth < MAX_DEPTH;
  if (emitted) {
    const attrs = name === "a" ? linkAttributes() : classable ? classAttribute() : "";
    if (attrs === null) emitted = false;
    else if (name === "a") {
      emit("");
      linkOpen = true;
      linkVisible = false;
      linkOuter = out;
      linkTag = `<a${attrs}>`;
      out = "";
    } else emit(`<${name}${attrs}>`);
  }
  openNames[depth] = name;
  openEmitted[depth] = emitted;
  openCounts.set(name, (openCounts.get(name) ?? 0) + 1);
  depth++;
  return end;
}

function closeTag(name: string): void {
  // The count spares a scan of the whole stack for stray closers (quadratic on crafted input).
  if ((openCounts.get(name) ?? 0) === 0) return;
  for (let k = depth - 1; k >= 0; k--) {
    if (openNames[k] !== name) continue;
    while (depth > k) closeTop();
    return;
  }
}

function closeTop(): void {
  depth--;
  const name = openNames[depth] as string;
  openCounts.set(name, (openCounts.get(name) as number) - 1);
  if (!openEmitted[depth]) return;
  if (name !== "a") {
    emit(`</${name}>`);
    return;
  }
  linkOpen = false;
  // A link without visible text fails WCAG H30 and hides its target from readers: unwrap it.
  if (!linkVisible) {
    out = linkOuter + out;
  } else {
    emit("");
    const content = linkTag.startsWith('<a href="tel:') ? nonBreakingTelText(out) : out;
    out = `${linkOuter}${linkTag}${content}</a>`;
  }
  linkOuter = linkTag = "";
}

function skipRawText(name: string, from: number): number {
  lower ??= src.toLowerCase();
  let at = from;
  for (;;) {
    const found = lower.indexOf(`</${name}`, at);
    if (found === -1) return n;
    const after = lower.charCodeAt(found + 2 + name.length);
    if (Number.isNaN(after) || isSpace(after) || after === 47 || after === 62) {
      parseTag(found + 2);
      return tagEnd < 0 ? n : tagEnd;
    }
    at = found + 2;
  }
}

function skipPast(token: string, from: number): number {
  const at = src.indexOf(token, from);
  return at === -1 ? n : at + token.length;
}

/** Comments end at `-->` or `--!>`; `<!-->` and `<!--->` are complete (empty) comments. */
function skipComment(from: number): number {
  if (src.charCodeAt(from) === 62) return from + 1;
  if (src.startsWith("->", from)) return from + 2;
  for (let at = src.indexOf("--", from); at !== -1; at = src.indexOf("--", at + 1)) {
    if (src.charCodeAt(at + 2) === 62) return at + 3;
    if (src.startsWith("!>", at + 2)) return at + 4;
  }
  return n;
}

/**
 * Parses a start or end tag from its name (at `from`) to its `>` following the HTML
 * tokenizer's states; fills attrNames/attrValues (first occurrence wins) and tagEnd, which is
 * -1 when the input ends inside the tag (browsers then drop it).
 */
function parseTag(from: number): string {
  let j = from;
  while (j < n) {
    const c = src.charCodeAt(j);
    if (isSpace(c) || c === 47 || c === 62) break;
    j++;
  }
  const name = src.slice(from, j).toLowerCase();
  attrCount = 0;
  for (;;) {
    let c = src.charCodeAt(j);
    while (isSpace(c) || c === 47) c = src.charCodeAt(++j);
    if (j >= n) {
      tagEnd = -1;
      return name;
    }
    if (c === 62) {
      tagEnd = j + 1;
      return name;
    }
    const nameStart = j++;
    for (c = src.charCodeAt(j); j < n; c = src.charCodeAt(++j)) {
      if (isSpace(c) || c === 47 || c === 62 || c === 61) break;
    }
    const nameEnd = j;
    while (isSpace(c)) c = src.charCodeAt(++j);
    let valueStart = j;
    let valueEnd = j;
    if (c === 61) {
      c = src.charCodeAt(++j);
      while (isSpace(c)) c = src.charCodeAt(++j);
      if (c === 34 || c === 39) {
        const close = src.indexOf(c === 34 ? '"' : "'", j + 1);
        if (close === -1) {
          tagEnd = -1;
          return name;
        }
        valueStart = j + 1;
        valueEnd = close;
        j = close + 1;
      } else {
        valueStart = j;
        while (j < n && !isSpace(c) && c !== 62) c = src.charCodeAt(++j);
        valueEnd = j;
      }
    }
    const attrName = src.slice(nameStart, nameEnd).toLowerCase();
    // Only the attributes we may keep are recorded: bounds the duplicate check below.
    if (KEPT_ATTRIBUTES.has(attrName) && attrIndex(attrName) === -1) {
      attrNames[attrCount] = attrName;
      attrValues[attrCount] = src.slice(valueStart, valueEnd);
      attrCount++;
    }
  }
}

function attrIndex(name: string): number {
  for (let k = 0; k < attrCount; k++) if (attrNames[k] === name) return k;
  return -1;
}

function attr(name: string): string | undefined {
  const k = attrIndex(name);
  return k === -1 ? undefined : decodeAttrValue(attrValues[k] as string);
}

function classAttribute(): string {
  const raw = attr("class");
  if (raw === undefined) return "";
  const tokens = [...new Set(raw.split(/\s+/).filter((t) => CLASS_TOKEN.test(t)))];
  return tokens.length === 0 ? "" : ` class="${tokens.join(" ")}"`;
}

/** `href` through safeUrl (a link without one is unwrapped); `_blank` forces noopener. */
function linkAttributes(): string | null {
  const href = safeUrl(attr("href"));
  if (href === null) return null;
  const result = ` href="${escapeAttr(href)}"`;
  const target = attr("target");
  const relValue = attr("rel");
  if (target === undefined && relValue === undefined) return result;
  const rel = new Set((relValue ?? "").toLowerCase().split(/\s+/));
  for (const token of rel) if (!REL_TOKEN.test(token)) rel.delete(token);
  let extra = "";
  if (target?.trim().toLowerCase() === "_blank") {
    extra = ' target="_blank"';
    rel.add("noopener").add("noreferrer");
  }
  return rel.size === 0 ? result + extra : `${result}${extra} rel="${[...rel].join(" ")}"`;
}
