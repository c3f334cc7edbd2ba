import { describe, expect, it } from "vitest";
import { sanitizeInlineHtml as clean } from "../../src/generator/content/inline-html.js";

/**
 * Crafted inputs that make naive tokenizers quadratic. Each is ~1 MB: linear work takes
 * milliseconds, quadratic work minutes, so the generous bound cannot flake on a busy machine.
 */
const CASES: Array<[string, string]> = [
  ["stray closers under a deep stack", `${"<b>".repeat(100_000)}${"</i>".repeat(100_000)}`],
  ["empty links after text", "x<a href=/y></a>".repeat(60_000)],
  ["links under a deep stack", `${"<b>".repeat(50_000)}${"<a href=/x>y".repeat(50_000)}`],
  ["a tag with 300,000 attributes", `<b${" a".repeat(300_000)}>x</b>`],
  [
    "a tag with 100,000 distinct attributes",
    `<b${Array.from({ length: 100_000 }, (_, i) => ` a${i}`).join("")}>x</b>`,
  ],
  ["duplicate kept attributes", `<a${' href="/x"'.repeat(80_000)}>x</a>`],
  ["unterminated comments", "<!--x".repeat(200_000)],
  ["bogus comments without >", "<!x".repeat(300_000)],
  ["almost-closing raw text", `<script>${"</scripts".repeat(100_000)}`],
  ["long tag name", `<${"x".repeat(1_000_000)}`],
  ["references", "&#1234567;&bogus;&amp;&".repeat(40_000)],
  ["long numeric reference", `&#${"1".repeat(1_000_000)};`],
  ["blanks before dropped tags and newlines", " \t</i>\n".repeat(150_000)],
  ["nested links", "<a href=/x>".repeat(100_000)],
];

describe("sanitizeInlineHtml stays linear on crafted input", () => {
  it.each(CASES)("%s", (_, input) => {
    const start = performance.now();
    const output = clean(input);
    const ms = performance.now() - start;
    expect(typeof output).toBe("string");
    expect(ms).toBeLessThan(2_000);
  });
});
