/**
 * Incremental builds of a small site directory: what each kind of edit renders again (and
 * why), what is carried, and that the output is always the clean build's, byte for byte.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { buildSite } from "../../../src/generator/build.js";
import {
  type BuildRecord,
  recordPath,
  UNKNOWN_REFS,
} from "../../../src/generator/incremental/record.js";
import {
  buildAndCompare,
  expectSameBuild,
  rebuiltFiles,
  type SiteModel,
  snapshot,
  writeSiteDir,
} from "./helpers.js";
import { content, IMAGES, smallAssets, smallSite, smallSiteEachTest } from "./small-site.js";

const t = smallSiteEachTest("sw-inc-");
const { root, options } = t;

beforeEach(() => {
  expect(t.first.incremental.clean).toBe("no-record");
});

/** Applies an edit to the model, writes the site and builds both ways. */
async function edit(change: (m: SiteModel) => void) {
  change(t.model);
  writeSiteDir(t.dirs.site, t.model, smallAssets());
  return (await buildAndCompare(t.dirs.site, t.dirs.inc, t.dirs.clean, options)).incremental;
}

/**
 * The home page, which reported pt-20 for every page in the clean build (its render process
 * reports each class once), stops using it; the about page still does.
 */
async function homeDropsPt20() {
  const home = t.model.pages[0]?.components as Array<{ meta?: Record<string, unknown> }>;
  for (const c of home) if (c.meta?.padding_top) c.meta.padding_top = "5";
  const result = await edit(() => {});
  expect(result.incremental.rebuilt.map((r) => r.url)).toEqual(["/"]);
  expect(readFileSync(join(t.dirs.inc, "assets", "site.css"), "utf8")).toContain(".pt-20{");
  return result;
}

describe("incremental build", () => {
  it("carries every file when nothing changed, and leaves its record beside the output", async () => {
    const result = await edit(() => {});
    expect(result.incremental.clean).toBeNull();
    expect(result.incremental.rebuilt).toEqual([]);
    expect(result.incremental.carried).toBe(result.pages + 1);
    expect(result.incremental.checksReused).toBe(t.model.pages.length);
    expect(existsSync(recordPath(t.dirs.inc))).toBe(true);
    expect(Object.keys(result.manifest.files).some((f) => f.includes("sitewright-build"))).toBe(
      false,
    );
  });

  it("keeps carrying the sitemap and search index build after build", async () => {
    const first = await edit(() => {});
    const second = await edit(() => {});
    // Assets, image variants, sitemap.xml and search-index.json: carried both times.
    expect(first.incremental.carriedFiles).toBeGreaterThan(2);
    expect(second.incremental.carriedFiles).toBe(first.incremental.carriedFiles);
  });

  it("leaves the output folder itself in place when the build is the one already there", async () => {
    const before = statSync(t.dirs.inc).ino;
    const result = await edit(() => {});
    expect(statSync(t.dirs.inc).ino).toBe(before);
    expect(result.incremental.rebuilt).toEqual([]);
  });

  it("writes the build anew when no page renders but a site-wide file changes", async () => {
    const before = statSync(t.dirs.inc).ino;
    const result = await edit((m) => {
      m.redirects = [{ from: "/old/", to: "/about/", status: 301 }];
    });
    expect(result.incremental.rebuilt).toEqual([]);
    expect(statSync(t.dirs.inc).ino).not.toBe(before);
    expect(readFileSync(join(t.dirs.inc, "_redirects"), "utf8")).toContain("/old/ /about/ 301");
  });

  it("keeps the classes of carried pages when the page that used them first no longer does", async () => {
    const result = await homeDropsPt20();
    // The record knows the about page uses pt-20 without reading it again.
    expect(result.incremental.pagesRead).toBe(0);
  });

  it("reads a route recorded without its page's refs when it must, and still builds the clean build's bytes", async () => {
    // What a route whose page's refs were not known is recorded as: depending on `site`
    // alone, with only the utility classes its render process reported first.
    const path = recordPath(t.dirs.inc);
    const record = JSON.parse(readFileSync(path, "utf8")) as BuildRecord;
    const site = record.keys.includes("site")
      ? record.keys.indexOf("site")
      : record.keys.push("site") - 1;
    record.routes.forEach((route, i) => {
      if (!route.page) return;
      route.page.refs = UNKNOWN_REFS;
      route.deps = [site];
      if (i > 0) {
        route.partial = true;
        route.utilities = [];
      }
    });
    writeFileSync(path, JSON.stringify(record));
    const result = await homeDropsPt20();
    // The about page was read to find pt-20 (which it uses) still in use.
    expect(result.incremental.pagesRead).toBeGreaterThan(0);
  });

  it("renders only the edited page when its text changes", async () => {
    const result = await edit((m) => {
      const components = m.pages[1]?.components as Array<Record<string, unknown>>;
      components[1] = content(202, "New text");
    });
    expect(result.incremental.rebuilt).toEqual([
      { file: "about/index.html", url: "/about/", reasons: [{ kind: "page-changed" }] },
    ]);
    expect(readFileSync(join(t.dirs.inc, "about/index.html"), "utf8")).toContain("New text");
  });

  it("builds into a new folder from the build in another (previousDir), leaving that one as it was", async () => {
    const before = snapshot(t.dirs.inc);
    const components = t.model.pages[1]?.components as Array<Record<string, unknown>>;
    components[1] = content(202, "New text");
    writeSiteDir(t.dirs.site, t.model, smallAssets());
    const next = join(root, `next-${t.n}`);
    const result = await buildSite(t.dirs.site, {
      ...options,
      outDir: next,
      previousDir: t.dirs.inc,
    });
    expect(rebuiltFiles(result)).toEqual(["about/index.html"]);
    expect(result.incremental.carried).toBe(result.pages);
    await buildSite(t.dirs.site, { ...options, outDir: t.dirs.clean, incremental: false });
    expectSameBuild(next, t.dirs.clean);
    expect(snapshot(t.dirs.inc)).toEqual(before);
    expect(existsSync(recordPath(next))).toBe(true);
  });

  it("writes the whole build into the new folder when nothing changed since previousDir's", async () => {
    const next = join(root, `same-${t.n}`);
    const result = await buildSite(t.dirs.site, {
      ...options,
      outDir: next,
      previousDir: t.dirs.inc,
    });
    expect(result.incremental.rebuilt).toEqual([]);
    expectSameBuild(next, t.dirs.inc);
  });

  it("renders the pages that use an edited template, naming it", async () => {
    const result = await edit((m) => {
      (m.templates as Array<Record<string, unknown>>)[3] = {
        id: 4,
        name: "Badge",
        code: '<span class="badge">newer</span>',
      };
    });
    // Badge is included by Hero, which only pages 1 and 2 use.
    expect(rebuiltFiles(result)).toEqual(["about/index.html", "index.html"]);
    // The render processes reported what each page uses while checking it in the clean build,
    // so no page is read again to find out.
    expect(result.incremental.pagesRead).toBe(0);
    expect(result.incremental.rebuilt[0]?.reasons).toEqual([
      { kind: "template-changed", template: "Badge", id: "4" },
    ]);
  });

  it("renders every page showing a menu whose label changed", async () => {
    const result = await edit((m) => {
      const menus = m.menus as Array<{ items: Array<{ title: string }> }>;
      (menus[0]?.items[1] as { title: string }).title = "About us";
    });
    expect(result.incremental.rebuilt.length).toBe(result.pages + 1);
    expect(result.incremental.rebuilt[0]?.reasons).toEqual([{ kind: "menu-changed", id: "1" }]);
  });

  it("records for each route the utility classes the render processes report", async () => {
    const record = JSON.parse(readFileSync(recordPath(t.dirs.inc), "utf8")) as BuildRecord;
    const recorded = new Set(
      record.routes.flatMap((r) => r.utilities.map((u) => record.utilities[u] as string)),
    );
    const css = readFileSync(join(t.dirs.inc, "assets", "site.css"), "utf8");
    const rules = [...css.matchAll(/\.((?:[a-z0-9-]|\\[:/])+)\{/g)]
      .map((m) => (m[1] as string).replace(/\\/g, ""))
      .filter((cls) => /^(?:(?:sm|md|lg|xl):)?w-|^p[tb]-\d+$|^(?:justify|items)-/.test(cls));
    expect(rules.length).toBeGreaterThan(3);
    expect([...recorded].sort()).toEqual([...new Set(rules)].sort());
  });

  it("renders what shows an image whose pixels changed, and carries the rest", async () => {
    const assets = { ...smallAssets(), "hero.jpg": IMAGES.shop };
    writeSiteDir(t.dirs.site, t.model, assets);
    const { incremental } = await buildAndCompare(t.dirs.site, t.dirs.inc, t.dirs.clean, options);
    const reasons = Object.fromEntries(
      incremental.incremental.rebuilt.map((r) => [r.url, r.reasons]),
    );
    // Post 1 shows hero.jpg; the gallery's Card template renders any image through picture().
    expect(reasons["/blog/post-1/"]).toEqual([{ kind: "image-changed", image: "hero.jpg" }]);
    expect(reasons["/gallery/"]).toEqual([{ kind: "images-changed" }]);
    expect(reasons["/about/"]).toBeUndefined();
    expect(incremental.incremental.carried).toBeGreaterThan(0);
  });

  it("works the same for a site given as an object (pages hashed whole, no page files)", async () => {
    const inc = join(root, `object-inc-${t.n}`);
    const clean = join(root, `object-clean-${t.n}`);
    const objectOptions = { ...options, assetsDir: join(t.dirs.site, "assets") };
    const first = await buildSite(smallSite(), { ...objectOptions, outDir: inc });
    expect(first.incremental.clean).toBe("no-record");
    const edited = smallSite();
    edited.pages[1] = { ...edited.pages[1], post_title: "About (edited)" };
    const { incremental } = await buildAndCompare(edited, inc, clean, objectOptions);
    expect(incremental.incremental.rebuilt.map((r) => r.url)).toEqual(["/about/"]);
    expect(incremental.incremental.checksReused).toBe(0);
  });
});
