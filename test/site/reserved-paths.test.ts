import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { RESERVED_FILES } from "../../src/generator/plan.js";
import { reservedSlugProblem, SITE_FILES } from "../../src/site/reserved-paths.js";
import { collectSiteErrors } from "../../src/site/validate.js";
import { tempDir } from "../generator/helpers.js";
import { rawSite, rejection } from "./helpers.js";

// Each of these passed validation and then failed the build (EISDIR, E_UNSAFE_PATH) or
// overwrote a file the generator writes.
const RESERVED = [
  "sitemap.xml",
  "Sitemap.XML",
  "sitemap-2.xml",
  "robots.txt",
  "404.html",
  "manifest.json",
  "version.json",
  "search-index.json",
  "_redirects",
  "redirects.nginx.conf",
  "index.html",
  "assets",
  "assets/photo",
  "_preview",
  "_preview/template-3",
  "about/index.html",
];
const HTML_CHARACTERS = ["a<b", "a>b", 'a"b', "a'b", "a`b", "a b", "%3Cscript%3E"];

describe("reserved and unsafe slugs are refused at validation, with the entity's path", () => {
  it.each([...RESERVED, ...HTML_CHARACTERS])("page slug %j", (slug) => {
    const site = rawSite();
    site.pages[2].post_name = slug;
    const errors = collectSiteErrors(site);
    expect(Object.keys(errors)).toEqual(["pages[2].post_name"]);
  });

  it.each([...RESERVED, ...HTML_CHARACTERS])("redirect source %j", (from) => {
    const site = rawSite();
    site.redirects = [{ from: `/${from}`, to: "/about/" }];
    expect(Object.keys(collectSiteErrors(site))).toEqual(["redirects[0].from"]);
  });

  it("structure URLs, category slugs and post URLs, and a page on a feed's URL", () => {
    const site = rawSite();
    site.structures = [
      {
        id: 1,
        type: "blog",
        url: "blog",
        categories: [{ id: 1, name: "A", slug: "a<b" }],
        posts: [
          { id: 1, title: "P", url: "index.html" },
          { id: 2, title: "Q", url: "q'q" },
        ],
      },
      { id: 2, type: "news", url: "robots.txt" },
    ];
    site.pages[2].post_name = "blog/feed.xml";
    site.redirects = [{ from: "/blog/atom.xml", to: "/" }];
    const errors = collectSiteErrors(site);
    expect(Object.keys(errors).sort()).toEqual(
      [
        "pages[2].post_name",
        "redirects[0].from",
        "structures[0].categories[0].slug",
        "structures[0].posts[0].url",
        "structures[0].posts[1].url",
        "structures[1].url",
      ].sort(),
    );
    expect(errors["pages[2].post_name"]?.[0]).toMatch(/blog RSS feed/);
  });

  it("a page named manifest.json fails validation and writes nothing (was a raw EISDIR)", async () => {
    const site = rawSite();
    site.pages[2].post_name = "manifest.json";
    const out = join(tempDir("sw-reserved-"), "out");
    const err = await rejection(buildSite(site, { outDir: out }));
    expect(err.code).toBe("E_SITE_INVALID");
    expect(Object.keys((err as { errors?: object }).errors ?? {})).toEqual(["pages[2].post_name"]);
    expect(existsSync(out)).toBe(false);
  });

  it("the generator's reserved files are the ones validation refuses", () => {
    for (const file of [...SITE_FILES, ...RESERVED_FILES.filter((f) => !f.includes("/"))]) {
      expect(reservedSlugProblem(file), file).not.toBeNull();
    }
    expect(reservedSlugProblem("blog/sitemap.xml")).toBeNull();
    expect(reservedSlugProblem("/")).toBeNull();
  });
});
