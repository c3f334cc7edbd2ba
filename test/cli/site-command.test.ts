import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { convertToTemplate, setComponentContent, unlinkComponent } from "../../src/ops/index.js";
import { loadSite } from "../../src/site/load.js";
import type { Component, Site } from "../../src/site/types.js";
import { tempDir } from "../generator/helpers.js";
import { runCli } from "../helpers/run-command.js";

const DEMO = "fixtures/sites/demo";
const STARTER = "fixtures/themes/starter";
const root = tempDir("sw-site-cli-");
let count = 0;

/** A fresh copy of the demo site (without its image cache). */
function demoCopy(): string {
  const dir = join(root, `site-${++count}`);
  cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes(".sitewright-cache") });
  return dir;
}

/** A request file with `body`. */
function request(body: unknown): string {
  const file = join(root, `request-${++count}.json`);
  writeFileSync(file, typeof body === "string" ? body : JSON.stringify(body));
  return file;
}

/** sha256 of every file below `dir`, by relative path. */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[relative(dir, full)] = createHash("sha256").update(readFileSync(full)).digest("hex");
  }
  return out;
}

/** The files whose hashes differ between two snapshots (added, changed or removed). */
function differing(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => a[f] !== b[f]).sort();
}

/** A site without component positions, which only record input order. */
function comparable(site: Site): unknown {
  const bare = (list: Component[]) => list.map(({ position: _, ...c }) => c);
  return {
    ...site,
    pages: site.pages.map((p) => ({ ...p, components: bare(p.components) })),
    areas: Object.fromEntries(Object.entries(site.areas).map(([k, v]) => [k, bare(v)])),
  };
}

const site = (...args: string[]) => runCli("site", ...args);

describe("sitewright site: edits written back", () => {
  it("sets a component's content, touching only its page file, loading as the library's result", async () => {
    const dir = demoCopy();
    const before = hashes(dir);
    const body = {
      id: 201,
      section_content: { blocks: [{ type: "paragraph", data: { text: "Nieuw" } }] },
    };
    const run = await site("set-component-content", dir, "--request", request(body));
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("set-component-content: 0 added, 2 changed, 0 removed");
    expect(run.stdout).toContain("changed  component 201 (page 2)");
    expect(run.stdout).toContain("wrote    pages/020-over-ons.json");
    expect(differing(before, hashes(dir))).toEqual(["pages/020-over-ons.json"]);
    const expected = setComponentContent(await loadSite(DEMO), body).site;
    expect(comparable(await loadSite(dir))).toEqual(comparable(expected));
    // The rest of the page keeps its raw spelling ("status": 1, "menu_order": "10").
    const page = JSON.parse(readFileSync(join(dir, "pages/020-over-ons.json"), "utf8"));
    expect(page).toMatchObject({ id: 2, status: 1, layout_id: "1" });
    expect(page.components[0].menu_order).toBe("10");
  });

  it("unlinks a component linked by meta.partial_partial and converts one to a template", async () => {
    const dir = demoCopy();
    const demo = await loadSite(DEMO);
    expect((await site("unlink-component", dir, "--request", request({ id: 103 }))).code).toBe(0);
    const unlinked = unlinkComponent(demo, { id: 103 }).site;
    expect(comparable(await loadSite(dir))).toEqual(comparable(unlinked));
    const convert = await site(
      "convert-to-template",
      dir,
      "--request",
      request({ id: 103, name: "Eigen" }),
    );
    expect(convert.code).toBe(0);
    expect(convert.stdout).toMatch(/added +template 7/);
    expect(comparable(await loadSite(dir))).toEqual(
      comparable(convertToTemplate(unlinked, { id: 103, name: "Eigen" }).site),
    );
    // A new template in a folder of .json/.njk pairs gets a pair, numbered after the last.
    expect(readFileSync(join(dir, "templates/070-eigen.njk"), "utf8")).not.toBe("");
  });

  it("duplicates a page into a file that sorts after the original; deleting it restores every byte", async () => {
    const dir = demoCopy();
    const before = hashes(dir);
    const dup = await site("duplicate-page", dir, "--request", request({ id: 4 }), "--json");
    expect(dup.code).toBe(0);
    const report = JSON.parse(dup.stdout);
    expect(report.files).toEqual({
      written: ["pages/045-assortiment-brood-copy.json"],
      removed: [],
    });
    const copyId = report.changes.added[0].id;
    const del = await site("delete-page", dir, "--request", request({ id: copyId }), "--json");
    expect(del.code).toBe(0);
    expect(JSON.parse(del.stdout).files).toEqual({
      written: [],
      removed: ["pages/045-assortiment-brood-copy.json"],
    });
    expect(hashes(dir)).toEqual(before);
  });

  it("leaves every file byte-identical when the edit changes nothing", async () => {
    const dir = demoCopy();
    const before = hashes(dir);
    const run = await site(
      "update-component-order",
      dir,
      "--request",
      request({ components: [{ id: 201, menu_order: 10 }] }),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No file changed.");
    expect(hashes(dir)).toEqual(before);
  });

  it("clones a theme page with its layout and assets, and the result builds", async () => {
    const dir = demoCopy();
    const body = {
      theme_page_id: 1,
      theme_id: 5,
      version_id: 7,
      post_title: "Starter",
      url: "/starter/",
      status: 1,
      use_theme_layout: true,
    };
    const run = await site(
      "create-page-from-source",
      dir,
      "--request",
      request(body),
      "--source",
      `theme:5=${STARTER}`,
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('New page 14 "Starter" at starter');
    expect(run.stdout).toContain("wrote    assets/starter-hero.svg");
    expect(readFileSync(join(dir, "assets/starter-hero.svg"))).toEqual(
      readFileSync(join(STARTER, "assets/starter-hero.svg")),
    );
    const page = (await loadSite(dir)).pages.find((p) => p.id === "14");
    expect(page?.components[0]?.source).toMatchObject({ theme_id: "5", version_id: "7" });
    const out = join(root, `out-${++count}`);
    const build = await runCli("build", dir, "--out", out, "--workers", "1");
    expect(build.stderr).toBe("");
    expect(build.code).toBe(0);
    expect(readFileSync(join(out, "starter/index.html"), "utf8")).toContain("starter-hero");
  });

  it("installs a theme and prints the report as JSON", async () => {
    const dir = demoCopy();
    const choices = { theme_id: 5, pages: [{ id: 1, url: "starter", post_title: "Start" }, 2] };
    const run = await site(
      "install-theme",
      dir,
      "--request",
      request(choices),
      "--source",
      `theme=${STARTER}`,
      "--json",
    );
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report).sort()).toEqual([
      "assets",
      "changes",
      "files",
      "operation",
      "result",
    ]);
    expect(report.operation).toBe("install-theme");
    expect(Object.keys(report.changes).sort()).toEqual(["added", "changed", "removed"]);
    expect(report.result.theme).toEqual({ id: "5", version_id: "7", name: "Starter" });
    expect(report.assets.copied).toContain("/assets/starter-hero.svg");
    expect(report.files.written).toContain("assets/starter-hero.svg");
    expect(report.files.written).toContain("pages/140-starter.json");
    const names = (await loadSite(dir)).pages.map((p) => p.post_name);
    expect(names.slice(-2)).toEqual(["starter", "offerte"]);
  });

  it("exports a page as a document and previews a theme install without writing", async () => {
    const dir = demoCopy();
    const before = hashes(dir);
    const exported = await site("export-page", dir, "--request", request({ id: 2 }));
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({
      format: "sitewright.page",
      page: { id: "2" },
    });
    const preview = await site(
      "theme-install-preview",
      dir,
      "--request",
      request({}),
      "--source",
      `theme=${STARTER}`,
    );
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('Installing theme 5 version 7 "Starter" would add:');
    expect(preview.stdout).toContain("asset      /assets/starter-hero.svg");
    expect(hashes(dir)).toEqual(before);
  });
});

describe("sitewright site: errors change nothing", () => {
  const cases: [string, (dir: string) => string[], number, RegExp][] = [
    [
      "an unknown operation",
      (d) => ["frobnicate", d, "--request", request({})],
      2,
      /Unknown site operation "frobnicate"/,
    ],
    ["a missing --request", (d) => ["archive-page", d], 2, /Missing required option --request/],
    [
      "a request that is not JSON",
      (d) => ["archive-page", d, "--request", request("{ id: 4")],
      1,
      /error E_SITE_JSON: .*\n.*request-\d+\.json: Invalid JSON at line 1, column 3/,
    ],
    [
      "an invalid request",
      (d) => [
        "add-component",
        d,
        "--request",
        request({
          type: "page",
          id: "/",
          component_id: "sectionContent",
          menu_order: "x",
          meta: { padding_top: "lots" },
        }),
      ],
      1,
      /^menu_order: .*\n(.*\n)*meta\.padding_top: /m,
    ],
    [
      "a page a menu links to",
      (d) => ["delete-page", d, "--request", request({ id: 9 })],
      1,
      /^id: Page 9 "Vacatures" cannot be deleted: Menu 2/m,
    ],
    [
      "a --source that is not KIND=PATH",
      (d) => ["install-theme", d, "--request", request({}), "--source", "starter"],
      2,
      /--source "starter" is not KIND=PATH/,
    ],
    [
      "a --source path that does not exist",
      (d) => ["install-theme", d, "--request", request({}), "--source", "theme=nowhere/theme"],
      1,
      /error E_SITE_NOT_FOUND/,
    ],
    [
      "a --source theme with another id",
      (d) => ["install-theme", d, "--request", request({}), "--source", `theme:9=${STARTER}`],
      2,
      /holds theme 5, not 9/,
    ],
    [
      "a theme that was not given",
      (d) => ["install-theme", d, "--request", request({ theme_id: 6 })],
      1,
      /^theme_id: No theme was given/m,
    ],
    [
      "a clone from a theme that was not given",
      (d) => [
        "create-page-from-source",
        d,
        "--request",
        request({
          theme_page_id: 1,
          theme_id: 5,
          version_id: 7,
          post_title: "X",
          url: "x",
          status: 1,
        }),
      ],
      1,
      /^theme_id: /m,
    ],
  ];
  for (const [what, args, code, pattern] of cases) {
    it(`refuses ${what} with exit code ${code}`, async () => {
      const dir = demoCopy();
      const before = hashes(dir);
      const run = await site(...args(dir));
      expect(run.code).toBe(code);
      expect(run.stderr).toMatch(pattern);
      expect(hashes(dir)).toEqual(before);
    });
  }

  it("prints a bad request's field paths as JSON with --json", async () => {
    const dir = demoCopy();
    const before = hashes(dir);
    const run = await site(
      "set-component-content",
      dir,
      "--request",
      request({ id: 999999, section_content: null }),
      "--json",
    );
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout);
    expect(body).toMatchObject({ error: true, code: "E_SITE_INVALID" });
    expect(Object.keys(body.errors)).toEqual(["id"]);
    expect(hashes(dir)).toEqual(before);
  });
});
