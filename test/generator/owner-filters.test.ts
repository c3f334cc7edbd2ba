import { describe, expect, it } from "vitest";
import { ownerFilters, safeUrlFilter } from "../../src/generator/owner-filters.js";
import { safeUrl } from "../../src/text/safe-url.js";
import { URL_PAYLOADS } from "../content/xss-corpus.js";

describe("owner filter safe_url", () => {
  it("is registered under the name templates use", () => {
    expect(ownerFilters.safe_url?.("/contact/")).toBe("/contact/");
  });

  it("keeps http(s), paths, fragments, mailto: and tel:", () => {
    for (const url of [
      "https://x.example/a?b=1",
      "http://x.example",
      "/contact/",
      "about/",
      "#top",
      "mailto:a@b.nl",
      "tel:+3120",
    ]) {
      expect(safeUrlFilter(url)).toBe(url);
    }
  });

  it("turns script and data URLs, obfuscated or not, into # (the renderer's own allow-list)", () => {
    expect(safeUrlFilter("javascript:alert(1)")).toBe("#");
    expect(safeUrlFilter("data:text/html,x")).toBe("#");
    expect(safeUrlFilter("vbscript:x")).toBe("#");
    expect(safeUrlFilter("java\u200bscript:alert(1)")).toBe("#");
    for (const url of URL_PAYLOADS) expect(safeUrlFilter(url), url).toBe(safeUrl(url) ?? "#");
  });

  it("gives an empty string for missing values so templates can test it", () => {
    expect(safeUrlFilter(undefined)).toBe("");
    expect(safeUrlFilter(null)).toBe("");
    expect(safeUrlFilter("  ")).toBe("");
    expect(safeUrlFilter({ url: "/x" })).toBe("");
  });
});
