import { describe, expect, it } from "vitest";
import { safeAssetUrl, safeUrl } from "../../src/text/safe-url.js";

describe("safeUrl beyond the fast path", () => {
  it("accepts http and https written in ways the fast path leaves to the full check", () => {
    for (const url of [
      "http:foo",
      "https:foo",
      "http://example.com/a b",
      "HTTPS://x.example/\\y",
    ]) {
      expect(safeUrl(url), url).toBe(url);
    }
  });

  it("refuses a scheme that does not start with a letter, without throwing", () => {
    expect(safeUrl("1http:x")).toBeNull();
    expect(safeUrl("+https:x")).toBeNull();
  });

  it("a data image must be the whole scheme part, not a later mention", () => {
    const opts = { allowDataImages: true };
    expect(safeUrl("data:image/png;base64,AAAA", opts)).toBe("data:image/png;base64,AAAA");
    expect(safeUrl("data:text/html,data:image/png,", opts)).toBeNull();
    expect(safeUrl("data:image/svg+xml,<svg/>", opts)).toBeNull();
  });
});

describe("safeAssetUrl", () => {
  it.each([
    "/assets/logo.svg",
    "assets/logo.svg",
    "assets/a:b.png",
    "/a/b//",
    "https://cdn.example.com/logo.png",
    "http://x.example/a.png",
    "HTTP://X.EXAMPLE/A.PNG",
  ])("keeps %s", (url) => {
    expect(safeAssetUrl(url)).toBe(url);
    expect(safeAssetUrl(`  ${url}\n`)).toBe(url);
  });

  it.each([
    "//cdn.example.com/logo.png",
    "mailto:a@b.example",
    "tel:123",
    "javascript:alert(1)",
    "http:",
    "https:x y",
    "/a b.png",
    '/a"b.png',
    "/a'b.png",
    "/a<b.png",
    "/a>b.png",
    "/a`b.png",
    "/a\\b.png",
    "/a\u007fb.png",
    "",
  ])("refuses %j", (url) => {
    expect(safeAssetUrl(url)).toBeNull();
  });

  it("refuses non-strings", () => {
    expect(safeAssetUrl(42)).toBeNull();
    expect(safeAssetUrl(undefined)).toBeNull();
  });
});
