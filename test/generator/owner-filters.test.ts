import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { ownerFilters, safeUrlFilter } from "../../src/generator/owner-filters.js";
import { safeUrl } from "../../src/text/safe-url.js";
import { URL_PAYLOADS } from "../content/xss-corpus.js";
import { rawSite } from "../site/helpers.js";
import { tempDir } from "./helpers.js";

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

describe("safe_url in a build", () => {
  it("owner code with no declared field types gets # for a javascript: value", async () => {
    const site = rawSite();
    site.pages[0].components.push({
      id: 80,
      component_id: "templatePartial",
      code: '<a class="own" href="{{ fields.url | safe_url }}">go</a><a class="ok" href="{{ fields.ok | safe_url }}">ok</a>',
      custom_fields: { url: "javascript:alert(1)", ok: "/about/" },
    });
    const out = join(tempDir("sw-filter-"), "out");
    await buildSite(site, { outDir: out });
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain('<a class="own" href="#">go</a>');
    expect(html).toContain('<a class="ok" href="/about/">ok</a>');
    expect(html).not.toContain("javascript:");
  });

  it("the demo's call-to-action links through safe_url", async () => {
    const out = join(tempDir("sw-filter-demo-"), "out");
    await buildSite("fixtures/sites/demo", { outDir: out });
    const html = readFileSync(join(out, "diensten/index.html"), "utf8");
    expect(readFileSync("fixtures/sites/demo/templates/050-cta-banner.njk", "utf8")).toContain(
      "fields.url | safe_url",
    );
    expect(html).toContain('<a class="button" href="/diensten/catering/">');
  });
});
