/**
 * Sanitizer for Editor.js inline text (paragraphs, headers, list items, quotes, table cells).
 *
 * It runs for every text of every block of every page, so it is a single-pass tokenizer over
 * the string with no DOM and no per-call set-up, and plain text (no `<`, `>`, `&`, newline or
 * control character) is returned as is after one regex test. The output is re-serialized
 * from scratch: text is escaped, only Editor.js's own inline tags are emitted (with
 * canonical, escaped attributes), every opened tag is closed, and stray closers are dropped.
 * Because nothing of the input's markup is copied verbatim, parser differentials (mXSS)
 * have nothing to work with.
 */

import { decodeAttrValue, isAllowedCodePoint, NAMED_CHAR_REFS } from "./char-refs.js";
import { escapeAttr } from "./escape.js";
import { safeUrl } from "./safe-url.js";

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
const NEEDS_WORK = /[<>&\n\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/;
const CHAR_REF = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/y;
const TRAILING_BLANKS = /[ \t]+$/;
const CLASS_TOKEN = /^[\w-]+$/;
const REL_TOKEN =
  /^(?:nofollow|ugc|sponsored|noopener|noreferrer|external|author|help|license|tag)$/;
const INVISIBLE_TEXT = /<[^>]*>|&nbsp;|&#160;|&#[xX]0*[aA]0;|\s/g;

/** 1 for characters that leave the plain-text fast lane in the scanner. */
const SPECIAL = new Uint8Array(128);
for (let c = 0; c < 32; c++) SPECIAL[c] = c === 9 || c === 12 || c === 13 ? 0 : 1;
SPECIAL[38] = SPECIAL[60] = SPECIAL[62] = SPECIAL[127] = 1;

interface OpenElement {
  name: string;
  emitted: boolean;
  /** Output length before the start tag, and after it (to drop empty links). */
  tagStart: number;
  contentStart: number;
}

/** Scratch state of the tag being parsed; one sanitizer call runs at a time (no callbacks). */
let tagEnd = 0;
let attrNames: string[] = [];
let attrValues: string[] = [];

/** Sanitizes one Editor.js inline HTML fragment into safe, balanced inline HTML. */
export function sanitizeInlineHtml(html: string): string {
  if (!NEEDS_WORK.test(html)) return html;
  return sanitizeSlow(html);
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

function sanitizeSlow(s: string): string {
  const n = s.length;
  const stack: OpenElement[] = [];
  let lower: string | undefined;
  let out = "";
  let i = 0;
  let textStart = 0;

  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128 ? SPECIAL[c] === 0 : c > 0x9f) {
      i++;
      continue;
    }
    if (i > textStart) {
      const text = s.slice(textStart, i);
      out += c === 10 ? text.replace(TRAILING_BLANKS, "") : text;
    }
    if (c === 60) {
      i = handleMarkup(s, i);
    } else if (c === 38) {
      CHAR_REF.lastIndex = i;
      const m = CHAR_REF.exec(s);
      if (m && isKnownRef(m)) {
        out += m[0];
        i += m[0].length;
      } else {
        out += "&amp;";
        i++;
      }
    } else {
      if (c === 62) out += "&gt;";
      else if (c === 10) out += "\n";
      i++;
    }
    textStart = i;
  }
  if (textStart < n) out += s.slice(textStart);
  while (stack.length > 0) closeTop();
  return out;

  // Returns the index after the markup starting at `<` (s[at]).
  function handleMarkup(src: string, at: number): number {
    const c1 = src.charCodeAt(at + 1);
    if (isAlpha(c1)) {
      const name = parseTag(src, at + 1);
      if (tagEnd < 0) return n;
      openTag(name, src);
      return tagEnd;
    }
    if (c1 === 47) {
      const c2 = src.charCodeAt(at + 2);
      if (isAlpha(c2)) {
        const name = parseTag(src, at + 2);
        if (tagEnd < 0) return n;
        closeTag(name);
        return tagEnd;
      }
      if (at + 2 >= n) {
        out += "&lt;/";
        return n;
      }
      return skipPast(src, ">", at + 2);
    }
    if (c1 === 33) {
      if (src.startsWith("<!--", at)) return skipComment(src, at + 4);
      return skipPast(src, ">", at + 2);
    }
    if (c1 === 63) return skipPast(src, ">", at + 2);
    out += "&lt;";
    return at + 1;
  }

  function openTag(name: string, src: string): void {
    if (DROP_CONTENT.has(name)) {
      tagEnd = skipRawText(src, name, tagEnd);
      return;
    }
    if (name === "br") {
      out += "<br>";
      return;
    }
    const classable = KEEP_TAGS.get(name);
    if (classable === undefined) return;
    if (name === "a" && stack.some((el) => el.name === "a")) closeTag("a");
    const tagStart = out.length;
    let emitted = stack.length < MAX_DEPTH;
    if (emitted) {
      const attrs = name === "a" ? linkAttributes() : classable ? classAttribute() : "";
      if (attrs === null) emitted = false;
      else out += `<${name}${attrs}>`;
    }
    stack.push({ name, emitted, tagStart, contentStart: out.length });
  }

  function closeTag(name: string): void {
    for (let k = stack.length - 1; k >= 0; k--) {
      if ((stack[k] as OpenElement).name !== name) continue;
      while (stack.length > k) closeTop();
      return;
    }
  }

  function closeTop(): void {
    const el = stack.pop() as OpenElement;
    if (!el.emitted) return;
    // A link without visible text fails WCAG H30 and hides its target from readers.
    if (el.name === "a" && isBlankInlineHtml(out.slice(el.contentStart))) {
      out = out.slice(0, el.tagStart) + out.slice(el.contentStart);
      return;
    }
    out += `</${el.name}>`;
  }

  function skipRawText(src: string, name: string, from: number): number {
    lower ??= src.toLowerCase();
    let at = from;
    for (;;) {
      const found = lower.indexOf(`</${name}`, at);
      if (found === -1) return n;
      const after = lower.charCodeAt(found + 2 + name.length);
      if (Number.isNaN(after) || isSpace(after) || after === 47 || after === 62) {
        parseTag(src, found + 2);
        return tagEnd < 0 ? n : tagEnd;
      }
      at = found + 2;
    }
  }
}

function isKnownRef(m: RegExpExecArray): boolean {
  if (m[3] !== undefined) return NAMED_CHAR_REFS.has(m[3]);
  const cp = m[1] !== undefined ? Number(m[1]) : Number.parseInt(m[2] as string, 16);
  return isAllowedCodePoint(cp);
}

function skipPast(s: string, token: string, from: number): number {
  const at = s.indexOf(token, from);
  return at === -1 ? s.length : at + token.length;
}

/** Comments end at `-->` or `--!>`; `<!-->` and `<!--->` are complete (empty) comments. */
function skipComment(s: string, from: number): number {
  if (s.charCodeAt(from) === 62) return from + 1;
  if (s.startsWith("->", from)) return from + 2;
  for (let at = s.indexOf("--", from); at !== -1; at = s.indexOf("--", at + 1)) {
    if (s.charCodeAt(at + 2) === 62) return at + 3;
    if (s.startsWith("!>", at + 2)) return at + 4;
  }
  return s.length;
}

/**
 * Parses a start or end tag from its name (at `from`) to its `>` following the HTML
 * tokenizer's rules; fills attrNames/attrValues and tagEnd (-1 when the input ends first,
 * in which case browsers drop the tag).
 */
function parseTag(s: string, from: number): string {
  const n = s.length;
  let j = from;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (isSpace(c) || c === 47 || c === 62) break;
    j++;
  }
  const name = s.slice(from, j).toLowerCase();
  attrNames = [];
  attrValues = [];
  for (;;) {
    while (j < n && (isSpace(s.charCodeAt(j)) || s.charCodeAt(j) === 47)) j++;
    if (j >= n) {
      tagEnd = -1;
      return name;
    }
    if (s.charCodeAt(j) === 62) {
      tagEnd = j + 1;
      return name;
    }
    const nameStart = j++;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (isSpace(c) || c === 47 || c === 62 || c === 61) break;
      j++;
    }
    const attrName = s.slice(nameStart, j).toLowerCase();
    while (j < n && isSpace(s.charCodeAt(j))) j++;
    let value = "";
    if (s.charCodeAt(j) === 61) {
      j++;
      while (j < n && isSpace(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if (q === 34 || q === 39) {
        const close = s.indexOf(q === 34 ? '"' : "'", j + 1);
        if (close === -1) {
          tagEnd = -1;
          return name;
        }
        value = s.slice(j + 1, close);
        j = close + 1;
      } else {
        const valueStart = j;
        while (j < n && !isSpace(s.charCodeAt(j)) && s.charCodeAt(j) !== 62) j++;
        value = s.slice(valueStart, j);
      }
    }
    if (!attrNames.includes(attrName)) {
      attrNames.push(attrName);
      attrValues.push(value);
    }
  }
}

function attr(name: string): string | undefined {
  const k = attrNames.indexOf(name);
  return k === -1 ? undefined : decodeAttrValue(attrValues[k] as string);
}

function classAttribute(): string {
  const raw = attr("class");
  if (raw === undefined) return "";
  const tokens = [...new Set(raw.split(/\s+/).filter((t) => CLASS_TOKEN.test(t)))];
  return tokens.length === 0 ? "" : ` class="${tokens.join(" ")}"`;
}

/** `href` through safeUrl (a link without one is unwrapped), `_blank` forces noopener. */
function linkAttributes(): string | null {
  const href = safeUrl(attr("href"));
  if (href === null) return null;
  let result = ` href="${escapeAttr(href)}"`;
  const rel = new Set((attr("rel") ?? "").toLowerCase().split(/\s+/));
  for (const token of rel) if (!REL_TOKEN.test(token)) rel.delete(token);
  if (attr("target")?.trim().toLowerCase() === "_blank") {
    result += ' target="_blank"';
    rel.add("noopener").add("noreferrer");
  }
  if (rel.size > 0) result += ` rel="${[...rel].join(" ")}"`;
  return result;
}
