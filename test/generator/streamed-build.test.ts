import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { tempDir } from "./helpers.js";

const DEMO = "fixtures/sites/demo";
const NOW = new Date("2026-11-01T12:00:00Z");

describe("a build that reads pages again while rendering", () => {
  it("pages read by the render processes give the bytes of pages sent to them (the bundle)", async () => {
    const dir = tempDir("sw-streamed-");
    // The 404 page is a site page here, so it too is read again (for 404.html).
    const site = join(dir, "site");
    await cp(DEMO, site, { recursive: true });
    const website = JSON.parse(await readFile(join(site, "website.json"), "utf8"));
    const privacy = JSON.parse(await readFile(join(site, "pages", "110-privacy.json"), "utf8"));
    website.not_found_page_id = privacy.id;
    await writeFile(join(site, "website.json"), JSON.stringify(website));

    const bundle = JSON.parse(await readFile("fixtures/sites/demo-bundle.json", "utf8"));
    bundle.website.not_found_page_id = privacy.id;
    const kept = await buildSite(bundle, {
      outDir: join(dir, "kept"),
      now: NOW,
      assetsDir: join(site, "assets"),
      // Each build a cache of its own, empty: the defaults are shared (a bundle's by every
      // build on the machine, the site's copied with the demo from other tests' builds), and
      // variants found there count as reused.
      cacheDir: join(dir, "kept-cache"),
    });
    const streamed = await buildSite(site, {
      outDir: join(dir, "streamed"),
      now: NOW,
      cacheDir: join(dir, "streamed-cache"),
    });
    expect(streamed.manifest).toStrictEqual(kept.manifest);
    expect(streamed.warnings).toStrictEqual(kept.warnings);
    expect(streamed.images).toStrictEqual(kept.images);
    const notFound = await readFile(join(dir, "streamed", "404.html"), "utf8");
    expect(notFound).toContain(`<title>${privacy.meta_title ?? privacy.post_title}`);
    expect(kept.pages).toBeGreaterThanOrEqual(10);
  });
});
