import { describe, expect, it } from "vitest";
import { sanitizeInlineHtml as clean } from "../../src/generator/content/inline-html.js";
import { findXssProblems } from "./xss-corpus.js";

/** Pieces random fragments are assembled from: tags, broken tags, quotes, references, payloads. */
const PIECES = [
  "text",
  " ",
  "\r",
  "\n",
  "\t",
  "é",
  "😀",
  "<",
  ">",
  "&",
  "&amp;",
  "&nbsp;",
  "&#x1F600;",
  "&#0;",
  "&bogus;",
  '"',
  "'",
  "=",
  "/",
  "<b>",
  "</b>",
  "<i>",
  "</i>",
  "<strong>",
  "</em>",
  '<u class="cdx-underline">',
  "</u>",
  '<mark class="cdx-marker">',
  "</mark>",
  '<code class="inline-code">',
  "</code>",
  "<br>",
  "<br/>",
  "</br>",
  '<a href="https://example.com/?a=1&amp;b=2">',
  '<a href="javascript:alert(1)">',
  "<a href=/x target=_blank>",
  "</a>",
  "<script>",
  "</script>",
  "<style>",
  "</style>",
  "<!--",
  "-->",
  "<!",
  "<?",
  "</",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  "<math>",
  "<mtext>",
  "<table>",
  "<mglyph>",
  "<noscript>",
  "</noscript>",
  '<p title="',
  '">',
  "<div ",
  "onclick=alert(1)",
  "href=javascript:x",
  "<A HREF='/y'>",
  "<sup>",
  "</sub>",
  "<s>",
  "</S>",
  "<iframe src=javascript:x>",
  "</iframe>",
  "<textarea>",
  "</textarea>",
  "<xmp>",
  "</xmp>",
];

const ALLOWED =
  /<\/?(?:b|strong|i|em|u|s|a|mark|code|br|sup|sub)(?: (?:href|target|rel|class)="[^"<>]*")*>/g;
const REFS = /&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#x[0-9a-fA-F]+);/g;

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fragments(count: number, seed: number): string[] {
  const random = prng(seed);
  return Array.from({ length: count }, () => {
    let s = "";
    const parts = 1 + Math.floor(random() * 12);
    for (let p = 0; p < parts; p++) s += PIECES[Math.floor(random() * PIECES.length)];
    return s;
  });
}

function isBalanced(html: string): boolean {
  const stack: string[] = [];
  for (const [, slash, name] of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (name === "br") continue;
    if (slash === "") stack.push(name as string);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe("sanitizeInlineHtml on 5,000 random fragments", () => {
  const inputs = fragments(5000, 20240601);

  it("emits only allowed tags and attributes, and no raw <, > or bare &", () => {
    const bad = inputs
      .map((input) => ({ input, output: clean(input) }))
      .filter(({ output }) => /[<>&]/.test(output.replace(ALLOWED, "").replace(REFS, "")));
    expect(bad).toEqual([]);
  });

  it("emits balanced, properly nested markup", () => {
    const bad = inputs
      .map((input) => ({ input, output: clean(input) }))
      .filter((r) => !isBalanced(r.output));
    expect(bad).toEqual([]);
  });

  it("is idempotent (its output is already canonical)", () => {
    const bad = inputs
      .map((input) => ({ input, once: clean(input) }))
      .filter(({ once }) => clean(once) !== once);
    expect(bad).toEqual([]);
  });

  it("emits nothing that can run script", () => {
    const bad = inputs
      .map((input) => ({ input, problems: findXssProblems(clean(input)) }))
      .filter((r) => r.problems.length > 0);
    expect(bad).toEqual([]);
  });
});
