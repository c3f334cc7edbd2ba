/**
 * `website.customization.stylesheet`: a theme stylesheet must be a `.css` file of the site's
 * own `assets/` folder. A URL to another host, a path that leaves the folder or the engine's
 * own `assets/site.css` is E_SITE_INVALID; a valid one is linked in every page's `<head>`
 * before `assets/site.css`, whose base sits in a cascade layer so the theme wins over it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { buildStylesheet } from "../../src/generator/stylesheet.js";
import { themeStylesheetPath } from "../../src/site/schema-website.js";
import { collectSiteErrors, validateSite } from "../../src/site/validate.js";
import { tempDir } from "../generator/helpers.js";
import { rawSite } from "./helpers.js";

const withStylesheet = (stylesheet: unknown) => {
  const site = rawSite();
  site.website.customization = { stylesheet };
  return site;
};

describe("website.customization.stylesheet", () => {
  it.each([
    ["/assets/theme.css", "/assets/theme.css"],
    ["assets/theme.css", "/assets/theme.css"],
    [" /assets/css/bakkerij-2.theme.css ", "/assets/css/bakkerij-2.theme.css"],
    ["/assets/theme.css\n", "/assets/theme.css"],
  ])("%j is accepted as %j", (value, path) => {
    expect(validateSite(withStylesheet(value)).website.customization.stylesheet).toBe(path);
  });

  it.each([null, "", "  "])("%j means no theme stylesheet", (value) => {
    expect(validateSite(withStylesheet(value)).website.customization.stylesheet).toBeNull();
  });

  it.each([
    "https://cdn.example/theme.css",
    "http://127.0.0.1/assets/theme.css",
    "//cdn.example/assets/theme.css",
    "/\\cdn.example/assets/theme.css",
    "javascript:alert(1)//.css",
    "data:text/css,body{}",
    "/assets/../website.json",
    "/assets/../../etc/passwd.css",
    "/assets/./theme.css",
    "/assets/.hidden.css",
    "/assets//theme.css",
    "/assets/theme.css?v=2",
    "/assets/theme.css#x",
    "/assets/the me.css",
    "/assets/theme%2e%2e.css",
    '/assets/x".css',
    "/assets/theme.js",
    "/theme.css",
    "/other/theme.css",
    "assets\\theme.css",
    "/assets/site.css",
    "/ASSETS/Site.CSS",
  ])("%j is E_SITE_INVALID at website.customization.stylesheet", (value) => {
    const errors = collectSiteErrors(withStylesheet(value));
    expect(Object.keys(errors)).toEqual(["website.customization.stylesheet"]);
  });

  it("is not a string: E_SITE_INVALID", () => {
    expect(Object.keys(collectSiteErrors(withStylesheet(42)))).toEqual([
      "website.customization.stylesheet",
    ]);
  });

  it("themeStylesheetPath checks again what a hand-made Site carries", () => {
    expect(themeStylesheetPath("https://evil.example/x.css")).toBeNull();
    expect(themeStylesheetPath({})).toBeNull();
    expect(themeStylesheetPath("assets/a/b.css")).toBe("/assets/a/b.css");
  });

  it("every page links it before assets/site.css", async () => {
    const out = join(tempDir("sw-theme-css-"), "out");
    await buildSite(withStylesheet("assets/theme.css"), { outDir: out });
    const html = readFileSync(join(out, "index.html"), "utf8");
    const theme = html.indexOf('<link rel="stylesheet" href="/assets/theme.css">');
    expect(theme).toBeGreaterThan(-1);
    expect(html.indexOf('<link rel="stylesheet" href="/assets/site.css">')).toBeGreaterThan(theme);
  });

  it("no theme, no extra link", async () => {
    const out = join(tempDir("sw-theme-none-"), "out");
    await buildSite(rawSite(), { outDir: out });
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html.match(/rel="stylesheet"/g)).toHaveLength(1);
  });
});

describe("site.css precedence", () => {
  const css = buildStylesheet(
    {
      colors: { primary: "#d97706" },
      fonts: {},
      logo: null,
      favicon: null,
      stylesheet: null,
      cookie_consent: null,
      tracking_code: null,
    },
    ["md:w-1/2", "w-full", "pt-20"],
  );

  it("puts the engine's defaults and base in the sw-base layer, the owner's colors after it", () => {
    const layerEnd = css.indexOf("}\n:root{--color-primary:#d97706}");
    expect(css.startsWith("@layer sw-base{\n:root{--color-primary:#1d4ed8")).toBe(true);
    expect(layerEnd).toBeGreaterThan(0);
    expect(css.slice(0, layerEnd)).toContain(".sw-menu ul{");
  });

  it("writes breakpoint utilities after plain ones, so md:w-1/2 wins over w-full from md up", () => {
    const plain = css.indexOf(".w-full{");
    const md = css.indexOf("@media (min-width:768px){.md\\:w-1\\/2");
    expect(plain).toBeGreaterThan(css.indexOf(":root{--color-primary:#d97706}"));
    expect(md).toBeGreaterThan(plain);
  });
});
