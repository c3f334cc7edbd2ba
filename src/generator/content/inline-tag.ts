/**
 * The inline sanitizer's tag reader: parses one start or end tag as the HTML tokenizer does,
 * and turns the attributes Editor.js uses into canonical, escaped attribute strings. The
 * last parsed tag's state is module-level: the sanitizer reads it right after parsing, and
 * never re-enters.
 */

import { isSpace } from "../../text/ascii.js";
import { decodeAttrValue } from "../../text/char-refs.js";
import { safeUrl } from "../../text/safe-url.js";
import { escapeAttr } from "./escape.js";

const KEPT_ATTRIBUTES = new Set(["href", "target", "rel", "class"]);
const CLASS_TOKEN = /^[\w-]+$/;
const REL_TOKEN =
  /^(?:nofollow|ugc|sponsored|noopener|noreferrer|external|author|help|license|tag)$/;

/** Where the last parsed tag ended (index after its `>`), or -1 when the input ended first. */
export const parsedTag = { end: 0 };

let attrCount = 0;
const attrNames: string[] = [];
const attrValues: string[] = [];

/**
 * Parses a start or end tag from its name (at `from`) to its `>` following the HTML
 * tokenizer's states; records the attributes we may keep (first occurrence wins) and sets
 * parsedTag.end, which is -1 when the input ends inside the tag (browsers then drop it).
 */
export function parseTag(src: string, from: number): string {
  const n = src.length;
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
      parsedTag.end = -1;
      return name;
    }
    if (c === 62) {
      parsedTag.end = j + 1;
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
          parsedTag.end = -1;
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

/** ` class="..."` of the last parsed tag: tokens of `[\w-]` only, deduplicated; `""` when none. */
export function classAttribute(): string {
  const raw = attr("class");
  if (raw === undefined) return "";
  const tokens = [...new Set(raw.split(/\s+/).filter((t) => CLASS_TOKEN.test(t)))];
  return tokens.length === 0 ? "" : ` class="${tokens.join(" ")}"`;
}

/** `href` through safeUrl (a link without one is unwrapped); `_blank` forces noopener. */
export function linkAttributes(): string | null {
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
