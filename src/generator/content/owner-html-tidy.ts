/**
 * Post-processing of sanitize-html output so owner HTML passes html-validate's recommended
 * rules: void elements without ` />`, no trailing blanks, the `<tbody>` browsers imply around
 * rows written directly in a `<table>`, the `<summary>` a `<details>` needs, and non-breaking
 * phone numbers in `tel:` links. The
 * input is sanitize-html's own serialization (balanced tags, escaped text and attribute
 * values), which is what makes regex scanning exact here.
 */

import { nonBreakingTelLinks } from "./tel-text.js";

const TAG = /<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g;
const VOID = new Set([
  "area",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "source",
  "track",
  "wbr",
]);
const ENDS_IMPLIED_TBODY = new Set(["thead", "tbody", "tfoot", "caption", "colgroup"]);
const IMPLIED_TBODY = "tbody (implied)";
const DETAILS_WITHOUT_SUMMARY = /(<details\b[^>]*>)(?!\s*<summary\b)/g;

/** Normalizes sanitize-html output for html-validate; a no-op on the common case. */
export function tidyOwnerHtml(html: string): string {
  let out = html.indexOf(" />") === -1 ? html : html.replace(/ \/>/g, ">");
  if (/[ \t]\n|[ \t]$/.test(out)) out = out.replace(/[ \t]+$/gm, "");
  if (out.indexOf("<tr") !== -1) out = insertImpliedTbody(out);
  // A <details> needs a <summary> first (browsers show "Details" when it is missing).
  if (out.indexOf("<details") !== -1)
    out = out.replace(DETAILS_WITHOUT_SUMMARY, "$1<summary>Details</summary>");
  return nonBreakingTelLinks(out);
}

function insertImpliedTbody(html: string): string {
  const stack: string[] = [];
  let out = "";
  let last = 0;
  for (const match of html.matchAll(TAG)) {
    const [tag, slash, name = ""] = match;
    const at = match.index;
    let before = "";
    const top = stack[stack.length - 1];
    if (slash === "") {
      if (name === "tr" && top === "table") {
        before = "<tbody>";
        stack.push(IMPLIED_TBODY);
      } else if (top === IMPLIED_TBODY && ENDS_IMPLIED_TBODY.has(name)) {
        before = "</tbody>";
        stack.pop();
      }
      if (!VOID.has(name)) stack.push(name);
    } else {
      if (name === "table" && top === IMPLIED_TBODY) {
        before = "</tbody>";
        stack.pop();
      }
      const open = stack.lastIndexOf(name);
      if (open !== -1) stack.length = open;
    }
    if (before !== "") {
      out += html.slice(last, at) + before + tag;
      last = at + tag.length;
    }
  }
  return last === 0 ? html : out + html.slice(last);
}
