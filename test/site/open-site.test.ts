import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SiteValidationError } from "../../src/errors.js";
import { loadSite, openSite } from "../../src/site/load.js";
import { readSiteDirectory } from "../../src/site/load-directory.js";
import type { Page } from "../../src/site/types.js";
import { collectSiteErrors } from "../../src/site/validate.js";
import { rawSite, rejection, writeSiteDirectory } from "./helpers.js";

const DEMO = "fixtures/sites/demo";

describe("openSite on a pages/ folder", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sitewright-open-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const writeDirectory = (
    raw: Record<string, unknown>,
    group?: (pages: unknown[]) => unknown[][],
  ) => writeSiteDirectory(dir, raw, group);

  it("keeps only summaries, and loadPage gives what loadSite holds, streamed or kept", async () => {
    const full = await loadSite(DEMO);
    for (const keepBytes of [0, undefined]) {
      const seen: Page[] = [];
      const opened = await openSite(DEMO, {
        keepBytes,
        onPage: (page, index) => {
          seen[index] = page;
        },
      });
      expect(opened.site.pages).toHaveLength(full.pages.length);
      for (const summary of opened.site.pages) expect(summary).not.toHaveProperty("components");
      for (let i = 0; i < full.pages.length; i++) {
        expect(await opened.loadPage(i)).toStrictEqual(full.pages[i]);
        expect(seen[i]).toStrictEqual(full.pages[i]);
      }
      const { pages: _, ...frame } = opened.site;
      const { pages: __, ...fullFrame } = full;
      expect(frame).toStrictEqual(fullFrame);
    }
  });

  it("streams files that hold several pages, in file then array order", async () => {
    const raw = rawSite();
    await writeDirectory(raw, (pages) => [[pages[0], pages[1]], [pages[2]]]);
    const opened = await openSite(dir, { keepBytes: 0 });
    expect(opened.site.pages.map((p) => p.id)).toEqual(["1", "2", "3"]);
    const home = await opened.loadPage(0);
    expect(home.components.map((c) => c.id)).toEqual(["10"]);
    expect((await opened.loadPage(2)).post_title).toBe("Catering");
  });

  it("fails with E_SITE_CHANGED when a page file is edited between validation and rendering", async () => {
    const raw = rawSite();
    await writeDirectory(raw);
    const opened = await openSite(dir, { keepBytes: 0 });
    const file = join(dir, "pages", "0000.json");
    const before = await readFile(file, "utf8");
    await writeFile(file, before.replace("Hallo", "Hello"));
    const err = await rejection(opened.loadPage(0));
    expect(err.code).toBe("E_SITE_CHANGED");
    expect(err.message).toContain("pages/0000.json");
    // Pages of untouched files still load.
    expect((await opened.loadPage(1)).post_title).toBe("About");
  });

  it("holds a site that fits in keepBytes, and streams one that does not, all of it", async () => {
    const raw = rawSite();
    await writeDirectory(raw);
    const first = join(dir, "pages", "0000.json");
    const firstBytes = (await readFile(first)).length;
    const edit = async () => {
      const text = await readFile(first, "utf8");
      await writeFile(
        first,
        text.includes("Hallo") ? text.replace("Hallo", "Hello") : text.replace("Hello", "Hallo"),
      );
    };

    const held = await openSite(dir);
    await edit();
    expect((await held.loadPage(0)).components[0]?.meta).toMatchObject({
      section_content: { blocks: [{ data: { text: "Hallo" } }] },
    });

    // Room for the first page but not the site: the first page is not held either.
    const streamed = await openSite(dir, { keepBytes: firstBytes + 1 });
    await edit();
    expect((await rejection(streamed.loadPage(0))).code).toBe("E_SITE_CHANGED");
  });

  it("reports the same problems as validating the whole object, with each page's file", async () => {
    const raw = rawSite();
    raw.pages[1].components = [
      { id: 10, component_id: "sectionContent", meta: {} }, // id already used on page 0
      { id: 11, component_id: "sectionNope", meta: {} },
      { id: 12, component_id: "sectionMenu", meta: { menu_id: 99 } },
    ];
    raw.pages[2].post_name = "about"; // collides with page 1
    raw.pages[2].layout_id = 42;
    raw.menus[0].items.push({ title: "Gone", page_id: 404 });
    // JSON.stringify drops a real __proto__ key; write it the way a hostile export would.
    const expected = collectSiteErrors(
      JSON.parse(JSON.stringify(raw).replace('"text":"Hallo"', '"text":"Hallo","__proto__":"x"')),
    );
    await writeDirectory(raw);
    const first = join(dir, "pages", "0000.json");
    await writeFile(
      first,
      (await readFile(first, "utf8")).replace('"text":"Hallo"', '"text":"Hallo","__proto__":"x"'),
    );

    const err = (await rejection(openSite(dir))) as SiteValidationError;
    expect(err.code).toBe("E_SITE_INVALID");
    expect(Object.keys(err.errors).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(6);
    for (const [path, messages] of Object.entries(expected)) {
      const file = path.startsWith("pages[")
        ? `pages/${path.slice(6, path.indexOf("]")).padStart(4, "0")}.json`
        : path.startsWith("menus")
          ? "menus.json"
          : undefined;
      expect(err.errors[path]).toEqual(messages.map((m) => (file ? `${m} (in ${file})` : m)));
    }
  });

  it("a broken site shape is reported alone, as whole-object validation does", async () => {
    const raw = rawSite();
    raw.redirects = { not: "a list" };
    const expected = collectSiteErrors(raw);
    await writeDirectory(raw);
    const err = (await rejection(openSite(dir))) as SiteValidationError;
    expect(Object.keys(err.errors)).toEqual(Object.keys(expected));
    expect(Object.keys(expected)).toEqual(["redirects"]);
  });

  it("a page whose own fields fail is reported as whole-object validation does", async () => {
    const raw = rawSite();
    raw.pages[1].post_title = { not: "text" };
    raw.pages[1].components = [{ id: 77, component_id: "sectionNope" }];
    raw.pages[2].id = null;
    const expected = collectSiteErrors(raw);
    await writeDirectory(raw);
    const err = (await rejection(openSite(dir))) as SiteValidationError;
    expect(Object.keys(err.errors).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(expected).sort()).toEqual(["pages[1].post_title", "pages[2].id"]);
  });

  it("a page file removed between validation and rendering is E_SITE_CHANGED", async () => {
    await writeDirectory(rawSite());
    const opened = await openSite(dir, { keepBytes: 0 });
    await rm(join(dir, "pages", "0002.json"));
    const err = await rejection(opened.loadPage(2));
    expect(err.code).toBe("E_SITE_CHANGED");
    expect(err.message).toContain("pages/0002.json");
  });

  it("reports malformed page files and other files together as E_SITE_JSON", async () => {
    await writeDirectory(rawSite());
    await writeFile(join(dir, "pages", "0001.json"), '{"id": 2,,}');
    await writeFile(join(dir, "menus.json"), "[");
    const err = (await rejection(openSite(dir))) as SiteValidationError;
    expect(err.code).toBe("E_SITE_JSON");
    expect(Object.keys(err.errors).sort()).toEqual(["menus.json", "pages/0001.json"]);
    // Keyed by file already: no "(in …)" suffix.
    expect(err.errors["menus.json"]?.[0]).not.toContain("(in ");
  });

  it("a directory with pages.json is validated whole, as before", async () => {
    const raw = await readSiteDirectory(DEMO);
    const copy = join(dir, "demo");
    await cp(DEMO, copy, { recursive: true });
    await rm(join(copy, "pages"), { recursive: true });
    await writeFile(join(copy, "pages.json"), JSON.stringify(raw.pages));
    expect(await loadSite(copy)).toStrictEqual(await loadSite(DEMO));
    expect(await readdir(copy)).toContain("pages.json");
  });
});
