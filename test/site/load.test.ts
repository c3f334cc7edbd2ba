import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SiteValidationError } from "../../src/errors.js";
import { loadSite } from "../../src/site/load.js";
import { readSiteDirectory } from "../../src/site/load-directory.js";
import { rawSite, rejection } from "./helpers.js";

const DEMO = "fixtures/sites/demo";
const DEMO_BUNDLE = "fixtures/sites/demo-bundle.json";

describe("loadSite input forms", () => {
  it("loads the demo directory and the demo bundle into deep-equal Sites", async () => {
    const fromDir = await loadSite(DEMO);
    const fromBundle = await loadSite(DEMO_BUNDLE);
    expect(fromBundle).toStrictEqual(fromDir);
  });

  it("loads an already-parsed object the same way", async () => {
    const raw = await readSiteDirectory(DEMO);
    expect(await loadSite(raw)).toStrictEqual(await loadSite(DEMO));
  });

  it("reads the demo as a realistic site", async () => {
    const site = await loadSite(DEMO);
    expect(site.pages.filter((p) => p.status).length).toBeGreaterThanOrEqual(10);
    expect(site.pages.some((p) => !p.status)).toBe(true);
    expect(site.layouts).toHaveLength(2);
    expect(site.menus).toHaveLength(2);
    expect(site.templates.every((t) => t.code.length > 0)).toBe(true);
  });
});

describe("loadSite directory format", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sitewright-site-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const write = async (rel: string, value: unknown) => {
    await mkdir(join(dir, rel, ".."), { recursive: true });
    await writeFile(join(dir, rel), typeof value === "string" ? value : JSON.stringify(value));
  };

  it("reads entity folders in sorted file-name order and template code from .njk", async () => {
    const raw = rawSite();
    await write("website.json", raw.website);
    await write("pages/b.json", raw.pages[1]);
    await write("pages/a.json", raw.pages[0]);
    await write("pages/c.json", [raw.pages[2]]);
    await write("templates/header.json", { id: 5, name: "Header" });
    await write("templates/header.njk", "<header>{{ site.name }}</header>\n");
    await write("layouts.json", raw.layouts);
    await write("menus.json", raw.menus);
    await write("notes.txt", "ignored");
    const site = await loadSite(dir);
    expect(site.pages.map((p) => p.id)).toEqual(["1", "2", "3"]);
    expect(site.templates[0]?.code).toBe("<header>{{ site.name }}</header>\n");
  });

  it("follows symbolic links to entity files and folders", async () => {
    const raw = rawSite();
    await write("website.json", { ...raw.website, default_layout_id: null });
    await write("shared/home.json", raw.pages[0]);
    await write("shared-menus/main.json", { id: 1, name: "Main", items: [] });
    await mkdir(join(dir, "pages"));
    await symlink(join(dir, "shared/home.json"), join(dir, "pages/home.json"));
    await symlink(join(dir, "shared-menus"), join(dir, "menus"));
    const site = await loadSite(dir);
    expect(site.pages.map((p) => p.id)).toEqual(["1"]);
    expect(site.menus.map((m) => m.id)).toEqual(["1"]);
  });

  it("reports malformed JSON as E_SITE_JSON keyed by relative path with line and column", async () => {
    await write("website.json", rawSite().website);
    await write("pages/home.json", '{\n  "id": 1,\n  "post_title": "Home"\n  "post_name": "/"\n}');
    await write("menus.json", "[1,");
    const err = await rejection(loadSite(dir));
    expect(err).toBeInstanceOf(SiteValidationError);
    expect(err.code).toBe("E_SITE_JSON");
    const errors = (err as SiteValidationError).errors;
    expect(errors["pages/home.json"]?.[0]).toMatch(/line 4, column 3/);
    expect(errors["menus.json"]?.[0]).toMatch(/line 1, column 4/);
  });

  it("rejects both <name>.json and <name>/ for one collection", async () => {
    await write("website.json", rawSite().website);
    await write("pages.json", []);
    await write("pages/a.json", rawSite().pages[0]);
    const err = await rejection(loadSite(dir));
    expect(err.code).toBe("E_SITE_INVALID");
    expect((err as SiteValidationError).errors["pages.json"]).toMatchInlineSnapshot(`
      [
        "Both pages.json and pages/ exist; keep one of them.",
      ]
    `);
  });

  it("names the file a problem came from without changing the path key", async () => {
    const raw = rawSite();
    await write("website.json", raw.website);
    raw.pages[1].post_name = "../etc";
    await write("pages/010-home.json", raw.pages[0]);
    await write("pages/020-about.json", raw.pages[1]);
    const err = (await rejection(loadSite(dir))) as SiteValidationError;
    expect(err.errors["pages[1].post_name"]?.[0]).toMatch(/\(in pages\/020-about\.json\)$/);
  });

  it("throws E_SITE_NOT_FOUND for a missing path", async () => {
    const err = await rejection(loadSite(join(dir, "nope")));
    expect(err.code).toBe("E_SITE_NOT_FOUND");
  });

  it("reports a malformed bundle as E_SITE_JSON keyed by its file name", async () => {
    await write("site.json", '{"website": {"id": 1,}}');
    const err = (await rejection(loadSite(join(dir, "site.json")))) as SiteValidationError;
    expect(err.code).toBe("E_SITE_JSON");
    expect(err.errors["site.json"]?.[0]).toMatch(/^Invalid JSON at line 1, column 22/);
  });
});
