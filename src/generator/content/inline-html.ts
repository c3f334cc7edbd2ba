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

import { isAlpha, isSpace } from "../../text/ascii.js";
import { charRefEnd } from "../../text/char-refs.js";
import { classAttribute, linkAttributes, parsedTag, parseTag } from "./inline-tag.js";
import { nonBreakingTelText } from "./tel-text.js";

export { inlineHtmlToAttrText, isBlankInlineHtml } from "./inline-text.js";

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
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_WORK = /[<>&\n\r\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/;
const VISIBLE = /[^\s]/;
const NBSP_REF = /^&(?:nbsp|#160|#[xX]0*[aA]0);$/;

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
      const end = charRefEnd(s, i);
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

/** Handles the markup starting at `<` (src[at]); returns the index after it. */
function markup(at: number): number {
  const c1 = src.charCodeAt(at + 1);
  if (isAlpha(c1)) {
    const name = parseTag(src, at + 1);
    const end = parsedTag.end;
    if (end < 0) return n;
    return openTag(name, end);
  }
  if (c1 === 47) {
    const c2 = src.charCodeAt(at + 2);
    if (isAlpha(c2)) {
      const name = parseTag(src, at + 2);
      const end = parsedTag.end;
      if (end < 0) return n;
      closeTag(name);
      return end;
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
      parseTag(src, found + 2);
      return parsedTag.end < 0 ? n : parsedTag.end;
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
