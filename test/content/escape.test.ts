import { describe, expect, it } from "vitest";
import { escapeAttr, escapeHtml } from "../../src/generator/content/escape.js";

describe("escapeHtml / escapeAttr", () => {
  it("returns text without special characters unchanged", () => {
    const text = "Plain text, with ünïcödé and 100% no markup.";
    expect(escapeHtml(text)).toBe(text);
    expect(escapeAttr(text)).toBe(text);
  });

  it("escapes &, <, > and both quotes", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;",
    );
    expect(escapeAttr(`" onmouseover="alert(1)`)).toBe("&quot; onmouseover=&quot;alert(1)");
    expect(escapeAttr(`'><script>`)).toBe("&#39;&gt;&lt;script&gt;");
  });

  it("escapes existing references again (it escapes text, not HTML)", () => {
    expect(escapeHtml("&amp; &#106;")).toBe("&amp;amp; &amp;#106;");
  });

  it("is stateless across calls (global regex lastIndex)", () => {
    for (let i = 0; i < 3; i++) expect(escapeHtml("a<b")).toBe("a&lt;b");
  });
});
