import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { resolveRedirects } from "../../src/generator/redirects.js";
import { SEARCH_INDEX_OPTIONS } from "../../src/generator/search-index.js";
import type { IndexedRoute } from "../../src/generator/site-index.js";
import { buildSitemaps } from "../../src/generator/sitemap.js";
import { miniSite, tempDir } from "./helpers.js";

const root = tempDir();
const XSD = { urlset: "fixtures/xsd/sitemap.xsd", index: "fixtures/xsd/siteindex.xsd" };

/** Validates with xmllint against the sitemaps.org schema; fails loudly when xmllint is missing. */
function xmllint(file: string, schema: string): void {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "ignore" });
  } catch {
    throw new Error("xmllint is missing: install it with `apt-get install -y libxml2-utils`.");
  }
  execFileSync("xmllint", ["--noout", "--schema", schema, file], { stdio: "pipe" });
}

const redirectSite = () =>
  miniSite({
    redirects: [
      { from: "/old-about", to: "/about/" },
      { from: "/older", to: "/old-about", status: 302 },
      { from: "/away", to: "https://elsewhere.example/x?a=1&b=2", status: "308" },
    ],
  });

describe("site-wide files", () => {
  it("sitemap.xml lists indexable pages with absolute URLs and validates against the XSD", async () => {
    const out = join(root, "sitemap");
    const site = miniSite();
    const pages = site.pages as Record<string, unknown>[];
    pages[0] = { ...pages[0], updated_at: "2024-05-01 10:00:00" };
    const result = await buildSite(site, { outDir: out, baseUrl: "https://mini.example" });
    expect(result.sitemaps).toBe(1);
    const xml = readFileSync(join(out, "sitemap.xml"), "utf8");
    expect(xml).toContain(
      "<loc>https://mini.example/</loc><lastmod>2024-05-01T10:00:00+00:00</lastmod>",
    );
    expect(xml).toContain("<loc>https://mini.example/about/</loc>");
    expect(xml).not.toContain("/about/team/"); // no_index
    expect(xml).not.toContain("/draft/");
    xmllint(join(out, "sitemap.xml"), XSD.urlset);
  });

  it("splits into a sitemap index above 50,000 URLs; index and parts validate", () => {
    const routes: IndexedRoute[] = Array.from({ length: 60_000 }, (_, i) => ({
      url: `/p/${i}/`,
      title: `P${i}`,
      lastmod: "2024-01-02",
      indexable: true,
      excerpt: "",
    }));
    const files = buildSitemaps(routes, "https://big.example/");
    expect([...files.keys()].sort()).toEqual(["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
    expect(files.get("sitemap-1.xml")?.match(/<url>/g)).toHaveLength(50_000);
    expect(files.get("sitemap-2.xml")?.match(/<url>/g)).toHaveLength(10_000);
    const dir = tempDir("sw-sitemap-");
    for (const [name, xml] of files) writeFileSync(join(dir, name), xml);
    xmllint(join(dir, "sitemap.xml"), XSD.index);
    xmllint(join(dir, "sitemap-1.xml"), XSD.urlset);
    xmllint(join(dir, "sitemap-2.xml"), XSD.urlset);
    expect(files.get("sitemap.xml")).toContain("<loc>https://big.example/sitemap-2.xml</loc>");
  });

  it("splits by size before 50 MB", () => {
    const routes = Array.from({ length: 100 }, (_, i) => ({
      url: `/${"x".repeat(100)}${i}/`,
      title: "",
      lastmod: null,
      indexable: true,
      excerpt: "",
    }));
    const files = buildSitemaps(routes, "https://s.example/", { urls: 50_000, bytes: 4_000 });
    expect(files.size).toBeGreaterThan(3);
    for (const [name, xml] of files)
      if (name !== "sitemap.xml") expect(Buffer.byteLength(xml)).toBeLessThanOrEqual(4_000);
  });

  it("robots.txt allows all and names the sitemap absolutely; no_index is never a Disallow", async () => {
    const out = join(root, "robots");
    await buildSite(miniSite(), { outDir: out, baseUrl: "https://mini.example/" });
    const robots = readFileSync(join(out, "robots.txt"), "utf8");
    expect(robots).toBe("User-agent: *\nAllow: /\n\nSitemap: https://mini.example/sitemap.xml\n");
  });

  it("writes _redirects, an nginx map and an HTML page per old path, with chains flattened", async () => {
    const out = join(root, "redirects");
    const warnings: string[] = [];
    const result = await buildSite(redirectSite(), {
      outDir: out,
      baseUrl: "https://mini.example/",
      onWarning: (w) => warnings.push(w.message),
    });
    expect(result.redirects).toBe(3);
    expect(warnings.some((w) => /chain \/older\/ → \/old-about\/ → \/about\//.test(w))).toBe(true);
    const lines = readFileSync(join(out, "_redirects"), "utf8").split("\n");
    expect(lines).toContain("/old-about /about/ 301");
    expect(lines).toContain("/older /about/ 302");
    expect(lines).toContain("/away https://elsewhere.example/x?a=1&b=2 308");
    const nginx = readFileSync(join(out, "redirects.nginx.conf"), "utf8");
    expect(nginx).toContain(
      'map $uri $sitewright_redirect_301 {\n  default "";\n  "/old-about" "/about/";\n  "/old-about/" "/about/";',
    );
    const page = readFileSync(join(out, "old-about/index.html"), "utf8");
    expect(page).toContain(
      '<meta http-equiv="refresh" content="0; url=https://mini.example/about/">',
    );
    expect(page).toContain('<link rel="canonical" href="https://mini.example/about/">');
    expect(existsSync(join(out, "older/index.html"))).toBe(true);
  });

  it("a redirect loop is a validation error naming the hops, and nothing is written", async () => {
    const out = join(root, "loop");
    const site = miniSite({
      redirects: [
        { from: "/a", to: "/b" },
        { from: "/b", to: "/a/" },
      ],
    });
    const err = await buildSite(site, { outDir: out }).catch((e) => e);
    expect(err.code).toBe("E_SITE_INVALID");
    expect(err.errors["redirects[0].to"][0]).toBe("Redirect loop: /a/ → /b/ → /a/.");
    expect(existsSync(out)).toBe(false);
  });

  it("resolveRedirects leaves single hops alone", () => {
    const warn: string[] = [];
    const r = resolveRedirects([{ from: "/x", to: "/y/", status: 301 }], (m) => warn.push(m));
    expect(r).toEqual([{ from: "/x", to: "/y/", status: 301, index: 0 }]);
    expect(warn).toEqual([]);
  });

  it("404.html is built-in by default and the chosen page when the website names one", async () => {
    const out = join(root, "nf");
    await buildSite(miniSite(), { outDir: out });
    const builtIn = readFileSync(join(out, "404.html"), "utf8");
    expect(builtIn).toContain("Page not found");
    expect(builtIn).toContain('<meta name="robots" content="noindex, follow">');
    const site = miniSite();
    (site.website as Record<string, unknown>).not_found_page_id = 3;
    await buildSite(site, { outDir: out });
    expect(readFileSync(join(out, "404.html"), "utf8")).toContain("<title>Team | Mini</title>");
  });

  it("ships a prebuilt MiniSearch index of indexable pages", async () => {
    const out = join(root, "search");
    const result = await buildSite(miniSite(), { outDir: out });
    const json = readFileSync(join(out, "search-index.json"), "utf8");
    expect(result.searchIndexBytes).toBe(Buffer.byteLength(json));
    const search = MiniSearch.loadJSON(json, {
      ...SEARCH_INDEX_OPTIONS,
      fields: [...SEARCH_INDEX_OPTIONS.fields],
      storeFields: [...SEARCH_INDEX_OPTIONS.storeFields],
    });
    const hits = search.search("about");
    expect(hits[0]).toMatchObject({ url: "/about/", title: "About us", excerpt: "All about us" });
    expect(search.search("team")).toEqual([]); // no_index page
  });
});

describe("secured pages", () => {
  it("are noindex and left out of the sitemap and the search index", async () => {
    const out = join(root, "secured");
    const site = miniSite();
    const pages = site.pages as Record<string, unknown>[];
    pages[1] = { ...pages[1], secured: 1 };
    await buildSite(site, { outDir: out, baseUrl: "https://mini.example/" });
    expect(readFileSync(join(out, "about/index.html"), "utf8")).toContain(
      '<meta name="robots" content="noindex, follow">',
    );
    expect(readFileSync(join(out, "sitemap.xml"), "utf8")).not.toContain("/about/");
    expect(readFileSync(join(out, "search-index.json"), "utf8")).not.toContain("/about/");
  });
});
