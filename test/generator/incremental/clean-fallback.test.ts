/**
 * When the previous build cannot be trusted the build is a clean one, with the reason; when an
 * incremental build fails, the previous output and its record are left exactly as they were.
 */
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSitewrightError } from "../../../src/errors.js";
import { buildSite } from "../../../src/generator/build.js";
import { recordPath } from "../../../src/generator/incremental/record.js";
import { rejection } from "../../helpers/rejection.js";
import { buildAndCompare, snapshot, writeSiteDir } from "./helpers.js";
import { content, smallAssets, smallSiteEachTest } from "./small-site.js";

const t = smallSiteEachTest("sw-inc-clean-");
const { root, options } = t;

/** Builds both ways and expects a clean build for `reason` that still leaves a usable record. */
async function expectClean(reason: string, extra: object = {}) {
  const { incremental } = await buildAndCompare(t.dirs.site, t.dirs.inc, t.dirs.clean, {
    ...options,
    ...extra,
  });
  expect(incremental.incremental.clean).toBe(reason);
  expect(incremental.incremental.carried).toBe(0);
  expect(incremental.incremental.rebuilt).toHaveLength(incremental.pages + 1);
  expect(incremental.incremental.rebuilt[0]?.reasons).toEqual([{ kind: "no-record" }]);
  // The record it left makes the next build incremental again.
  const next = await buildSite(t.dirs.site, { ...options, outDir: t.dirs.inc });
  expect(next.incremental.clean).toBeNull();
  expect(next.incremental.rebuilt).toEqual([]);
}

describe("a previous build that cannot be used", () => {
  it("no record: a clean build", async () => {
    rmSync(recordPath(t.dirs.inc));
    await expectClean("no-record");
  });

  it("an unreadable record: a clean build", async () => {
    writeFileSync(recordPath(t.dirs.inc), '{"format": 1, "routes": [');
    await expectClean("record-unreadable");
  });

  it("a record of another sitewright or record format: a clean build", async () => {
    const record = JSON.parse(readFileSync(recordPath(t.dirs.inc), "utf8"));
    writeFileSync(recordPath(t.dirs.inc), JSON.stringify({ ...record, generator: "0".repeat(32) }));
    await expectClean("other-version");
    writeFileSync(recordPath(t.dirs.inc), JSON.stringify({ ...record, format: 999 }));
    await expectClean("other-version");
  });

  it("a record of another website: a clean build", async () => {
    (t.model.website as { id: number }).id = 10;
    writeSiteDir(t.dirs.site, t.model, smallAssets());
    await expectClean("other-site");
  });

  it("an output folder that is not the recorded build: a clean build", async () => {
    const manifest = join(t.dirs.inc, "manifest.json");
    writeFileSync(manifest, `${readFileSync(manifest, "utf8")} `);
    await expectClean("output-changed");
  });

  it("incremental: false forces a clean build", async () => {
    await expectClean("clean-requested", { incremental: false });
  });
});

describe("an incremental build that fails", () => {
  it("leaves the previous output and its record untouched when a page fails to render", async () => {
    const before = { out: snapshot(t.dirs.inc), record: readFileSync(recordPath(t.dirs.inc)) };
    (t.model.templates as Array<Record<string, unknown>>)[3] = {
      id: 4,
      name: "Badge",
      code: "{{ nothing() }}",
    };
    writeSiteDir(t.dirs.site, t.model, smallAssets());
    const err = await rejection(buildSite(t.dirs.site, { ...options, outDir: t.dirs.inc }));
    expect(err.code).toBe("E_RENDER");
    expect(snapshot(t.dirs.inc)).toEqual(before.out);
    expect(readFileSync(recordPath(t.dirs.inc)).equals(before.record)).toBe(true);
    expect(readdirSync(root).filter((name) => name.includes(".tmp-"))).toEqual([]);
  });

  it("fails with E_OUTPUT naming a carried file that was removed from the previous output", async () => {
    const before = readFileSync(recordPath(t.dirs.inc));
    rmSync(join(t.dirs.inc, "about", "index.html"));
    const after = snapshot(t.dirs.inc);
    const err = await rejection(buildSite(t.dirs.site, { ...options, outDir: t.dirs.inc }));
    expect(isSitewrightError(err, "E_OUTPUT")).toBe(true);
    expect(err.message).toMatch(/about\/index\.html/);
    expect(err.hint).toMatch(/--no-incremental/);
    expect(snapshot(t.dirs.inc)).toEqual(after);
    expect(readFileSync(recordPath(t.dirs.inc)).equals(before)).toBe(true);
  });
});

describe("page files", () => {
  it("a file touched without a change is checked again but its page is carried", async () => {
    const file = join(t.dirs.site, "pages", "0002.json");
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const { incremental } = await buildAndCompare(t.dirs.site, t.dirs.inc, t.dirs.clean, options);
    expect(incremental.incremental.checksReused).toBe(t.model.pages.length - 1);
    expect(incremental.incremental.rebuilt).toEqual([]);
  });

  it("a page whose warnings name its position is rendered again when an earlier page goes", async () => {
    // An unknown grid class: a warning naming pages[3].components[0].meta.flex_grids.
    const warned = t.model.pages[3] as Record<string, unknown>;
    warned.components = [{ ...content(990, "Warned"), meta: { flex_grids: "w-bogus" } }];
    writeSiteDir(t.dirs.site, t.model, smallAssets());
    await buildSite(t.dirs.site, { ...options, outDir: t.dirs.inc });
    t.model.pages.splice(2, 1);
    writeSiteDir(t.dirs.site, t.model, smallAssets());
    const { incremental } = await buildAndCompare(t.dirs.site, t.dirs.inc, t.dirs.clean, options);
    expect(incremental.warnings.map((w) => w.path)).toContain(
      "pages[2].components[0].meta.flex_grids",
    );
    const moved = incremental.incremental.rebuilt.find((r) => r.url === "/contact/");
    expect(moved?.reasons).toEqual([{ kind: "position-changed" }]);
    // Pages after the deleted one without warnings are carried.
    expect(incremental.incremental.rebuilt.some((r) => r.url === "/news/")).toBe(false);
  });
});
