import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SiteValidationError } from "../../src/errors.js";
import { createPageFileChecker } from "../../src/site/check-page-files.js";
import { loadSite, openSite } from "../../src/site/load.js";
import type { OpenSiteOptions } from "../../src/site/opened-site.js";
import type { Component } from "../../src/site/types.js";
import { collectSiteErrors } from "../../src/site/validate.js";
import { rawSite, rejection, writeSiteDirectory } from "./helpers.js";

// Page files checked elsewhere (in a build, by the render processes) and merged by openSite:
// here the same checker runs in this process, so the merge is tested alone.
describe("openSite with page files checked elsewhere", () => {
  let dir: string;
  let calls: number;
  let checked: Array<[number, string[]]>;
  let onPage: number[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sitewright-checked-"));
    calls = 0;
    checked = [];
    onPage = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // What a build derives from each page: its component ids stand in for images and code.
  const derive = (components: Component[]) => components.map((c) => c.id);
  const options = (): OpenSiteOptions<string[]> => ({
    checkPages: async (frame, files) => {
      calls++;
      const check = createPageFileChecker(frame, derive);
      return files.map((rel, index) => check(dir, rel, index));
    },
    onChecked: (ids, index) => checked.push([index, ids]),
    onPage: (_page, index) => onPage.push(index),
  });

  it("gives the site loadSite gives, reads pages again on demand, and hands over what was derived", async () => {
    await writeSiteDirectory(dir, rawSite());
    const full = await loadSite(dir);
    const opened = await openSite(dir, options());
    expect(calls).toBe(1);
    expect(onPage).toEqual([]);
    expect(checked).toEqual(full.pages.map((p, i) => [i, p.components.map((c) => c.id)]));
    const { pages: _, ...frame } = opened.site;
    const { pages: __, ...fullFrame } = full;
    expect(frame).toStrictEqual(fullFrame);
    for (let i = 0; i < full.pages.length; i++)
      expect(await opened.loadPage(i)).toStrictEqual(full.pages[i]);
  });

  it("reports the same problems, in the same order, as validating the whole object (schema problem on the first page)", async () => {
    const raw = rawSite();
    raw.pages[1].components = [
      { id: 10, component_id: "sectionContent", meta: {} }, // id already used on page 0
      { id: 11, component_id: "sectionNope", meta: {} },
      { id: 12, component_id: "sectionMenu", meta: { menu_id: 99 } },
    ];
    raw.pages[2].post_name = "about"; // collides with page 1
    raw.pages[2].layout_id = 42;
    raw.pages[0].post_title = { not: "text" };
    raw.menus[0].items.push({ title: "Gone", page_id: 404 });
    const expected = collectSiteErrors(raw);
    await writeSiteDirectory(dir, raw);
    const err = (await rejection(openSite(dir, options()))) as SiteValidationError;
    expect(calls).toBe(1);
    expect(err.code).toBe("E_SITE_INVALID");
    expect(Object.keys(err.errors)).toEqual(Object.keys(expected));
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(6);
    for (const [path, messages] of Object.entries(expected))
      expect(err.errors[path]?.map((m) => m.replace(/ \(in [^)]*\)$/, ""))).toEqual(messages);
    // Nothing derived is handed over once a problem is known.
    expect(checked).toEqual([]);
  });

  it("a schema problem after another page's own problem: the same problems, each page's together", async () => {
    const raw = rawSite();
    raw.pages[0].components = [{ id: 10, component_id: "sectionNope", meta: {} }];
    raw.pages[2].post_title = { not: "text" };
    const expected = collectSiteErrors(raw);
    await writeSiteDirectory(dir, raw);
    const err = (await rejection(openSite(dir, options()))) as SiteValidationError;
    expect(err.code).toBe("E_SITE_INVALID");
    const own = "pages[0].components[0].component_id";
    const schema = "pages[2].post_title";
    // The whole object lists schema problems first; page by page, each page's come in page order.
    expect(Object.keys(expected)).toEqual([schema, own]);
    expect(Object.keys(err.errors)).toEqual([own, schema]);
    for (const [path, messages] of Object.entries(expected))
      expect(err.errors[path]?.map((m) => m.replace(/ \(in [^)]*\)$/, ""))).toEqual(messages);
  });

  it("names a duplicate component id by its input position when a component before it did not parse", async () => {
    const raw = rawSite();
    // A component that is no object is left out of the parsed ones: the next one, whose id
    // page 0 uses, keeps its input position, 1.
    raw.pages[2].components = ["oops", { id: 10, component_id: "sectionContent", meta: {} }];
    const expected = collectSiteErrors(raw);
    expect(Object.keys(expected)).toEqual(["pages[2].components[0]", "pages[2].components[1].id"]);
    await writeSiteDirectory(dir, raw);
    const err = (await rejection(openSite(dir, options()))) as SiteValidationError;
    expect(calls).toBe(1);
    expect(Object.keys(err.errors)).toEqual(Object.keys(expected));
    expect(err.errors["pages[2].components[1].id"]?.[0]).toMatch(/pages\[0\]\.components\[0\]/);
  });

  it("files that hold several pages are checked here instead, in file then array order", async () => {
    await writeSiteDirectory(dir, rawSite(), (pages) => [[pages[0], pages[1]], [pages[2]]]);
    const opened = await openSite(dir, options());
    expect(calls).toBe(1);
    expect(checked).toEqual([]);
    expect(onPage).toEqual([0, 1, 2]);
    expect(opened.site.pages.map((p) => p.id)).toEqual(["1", "2", "3"]);
    expect((await opened.loadPage(2)).post_title).toBe("Catering");
  });

  it("a malformed page file is E_SITE_JSON keyed by its file", async () => {
    await writeSiteDirectory(dir, rawSite());
    await writeFile(join(dir, "pages", "0001.json"), '{"id": 2,,}');
    const err = (await rejection(openSite(dir, options()))) as SiteValidationError;
    expect(calls).toBe(1);
    expect(err.code).toBe("E_SITE_JSON");
    expect(Object.keys(err.errors)).toEqual(["pages/0001.json"]);
  });

  it("a broken site frame is reported without checking any page", async () => {
    const raw = rawSite();
    raw.redirects = { not: "a list" };
    await writeSiteDirectory(dir, raw);
    const err = (await rejection(openSite(dir, options()))) as SiteValidationError;
    expect(Object.keys(err.errors)).toEqual(["redirects"]);
    expect(calls).toBe(0);
  });

  it("a file edited after it was checked elsewhere is E_SITE_CHANGED when read again", async () => {
    await writeSiteDirectory(dir, rawSite());
    const opened = await openSite(dir, options());
    const file = join(dir, "pages", "0000.json");
    await writeFile(file, (await readFile(file, "utf8")).replace("Hallo", "Hello"));
    expect((await rejection(opened.loadPage(0))).code).toBe("E_SITE_CHANGED");
    expect((await opened.loadPage(1)).post_title).toBe("About");
  });
});
