import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSite } from "../../src/site/load.js";
import { tempDir } from "../generator/helpers.js";
import { build } from "./helpers.js";

const root = tempDir("sw-demo-blog-");

describe("the demo site's blog", () => {
  it("covers drafts, scheduled, both disable flags, no_index, canonical, sort numbers and categories", async () => {
    const site = await loadSite("fixtures/sites/demo");
    const posts = site.structures[0]?.posts ?? [];
    expect(site.structures[0]?.categories.length).toBeGreaterThanOrEqual(3);
    expect(posts.length).toBeGreaterThanOrEqual(8);
    expect(posts.some((p) => !p.status)).toBe(true);
    expect(posts.some((p) => p.scheduled_at?.startsWith("2099"))).toBe(true);
    expect(posts.some((p) => p.disable_single_page && p.url.startsWith("https://"))).toBe(true);
    expect(posts.some((p) => p.disable_listing)).toBe(true);
    expect(posts.some((p) => p.no_index)).toBe(true);
    expect(posts.some((p) => p.canonical_url)).toBe(true);
    expect(posts.filter((p) => p.sort_number !== null).length).toBeGreaterThanOrEqual(2);
    expect(typeof posts.find((p) => typeof p.content === "string")?.content).toBe("string");
  });

  it("builds listings of 3, category pages, feeds and a sitemap that validate", async () => {
    const demo = await build(root, "fixtures/sites/demo", { baseUrl: "https://bakkerijzon.nl/" });
    expect(demo.exists("blog/page/2/index.html")).toBe(true);
    expect(demo.exists("blog/categorie/recepten/index.html")).toBe(true);
    expect(demo.exists("blog/openingstijden/index.html")).toBe(false);
    expect(demo.exists("blog/zomerassortiment-2099/index.html")).toBe(false);
    expect(demo.result.nextScheduledAt).toBe("2099-06-01T06:00:00.000Z");
    expect(demo.main("index.html")).toContain("Uit de bakkerij");
    expect(demo.read("nieuws/desembrood/index.html")).toContain("/blog/nieuw-desembrood/");
    for (const feed of ["blog/feed.xml", "blog/atom.xml"]) {
      execFileSync("xmllint", ["--noout", join(demo.outDir, feed)]);
    }
    execFileSync(
      "xmllint",
      ["--noout", "--schema", "fixtures/xsd/sitemap.xsd", join(demo.outDir, "sitemap.xml")],
      { stdio: "pipe" },
    );
    expect(demo.read("sitemap.xml")).toContain("https://bakkerijzon.nl/blog/nieuw-desembrood/");
    expect(demo.read("sitemap.xml")).not.toContain("test-bezorgservice");
  });
});
