import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { computeHead } from "../../src/generator/head.js";
import { collectSiteErrors, validateSite } from "../../src/site/validate.js";
import { safeAssetUrl } from "../../src/text/safe-url.js";
import { tempDir } from "../generator/helpers.js";
import { rawSite, rejection } from "./helpers.js";

const withCustomization = (customization: Record<string, unknown>) => {
  const site = rawSite();
  site.website.customization = customization;
  return site;
};

describe("logo and favicon", () => {
  it.each([
    "javascript:alert(1)",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:x",
    "//evil.example/icon.png",
    '/icon.png" onload="alert(1)',
    "mailto:a@b.nl",
  ])("%j is E_SITE_INVALID at website.customization.favicon / .logo", (url) => {
    const errors = collectSiteErrors(withCustomization({ favicon: url, logo: url }));
    expect(Object.keys(errors).sort()).toEqual([
      "website.customization.favicon",
      "website.customization.logo",
    ]);
  });

  it("accepts http(s) URLs and site paths", () => {
    for (const url of ["https://cdn.example/logo.svg", "/assets/logo.svg", "assets/logo.svg"]) {
      const site = validateSite(withCustomization({ favicon: url, logo: url }));
      expect(site.website.customization.favicon).toBe(url);
      expect(site.website.customization.logo).toBe(url);
    }
  });

  it("the <head> leaves out a favicon that is not an http(s) URL or a site path", () => {
    const website = validateSite(rawSite()).website;
    const head = (favicon: string) =>
      computeHead(
        {
          title: "T",
          url: "/",
          isHome: true,
          meta_title: null,
          meta_description: null,
          meta_keyword: null,
          meta_image: null,
          canonical_url: null,
          no_index: false,
        },
        { ...website, customization: { ...website.customization, favicon } },
        null,
      ).favicon;
    expect(head("javascript:alert(1)")).toBeNull();
    expect(head("//evil.example/x.ico")).toBeNull();
    expect(head("/favicon.ico")).toBe("/favicon.ico");
    expect(safeAssetUrl("https://x.example/f.png")).toBe("https://x.example/f.png");
  });

  it("a build with a javascript: favicon fails before writing anything", async () => {
    const out = join(tempDir("sw-fav-"), "out");
    const err = await rejection(
      buildSite(withCustomization({ favicon: "javascript:alert(1)" }), { outDir: out }),
    );
    expect(err.code).toBe("E_SITE_INVALID");
    expect(Object.keys((err as { errors?: object }).errors ?? {})).toEqual([
      "website.customization.favicon",
    ]);
    expect(existsSync(out)).toBe(false);
  });

  it("a valid favicon reaches the page's <head>, escaped", async () => {
    const out = join(tempDir("sw-fav-ok-"), "out");
    await buildSite(withCustomization({ favicon: "https://cdn.example/icon.png?v=1&x=2" }), {
      outDir: out,
    });
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain('<link rel="icon" href="https://cdn.example/icon.png?v=1&amp;x=2">');
  });
});
