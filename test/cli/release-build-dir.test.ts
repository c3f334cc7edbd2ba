/**
 * `sitewright release <site> --build-dir DIR` keeps its build, so the next release renders only
 * what changed, and the version holds the same bytes a clean build would.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { releaseCommand } from "../../src/cli/release-command.js";
import { buildSite } from "../../src/generator/build.js";
import { lockFolder } from "../../src/versions/folder-lock.js";
import { versionDir, websitePaths } from "../../src/versions/paths.js";
import { tempDir } from "../generator/helpers.js";
import { expectSameBuild, snapshot, writeSiteDir } from "../generator/incremental/helpers.js";
import { content, smallAssets, smallSite } from "../generator/incremental/small-site.js";
import { rejection } from "../helpers/rejection.js";
import { runCommand } from "../helpers/run-command.js";

const root = tempDir("sw-release-build-dir-");

describe("release --build-dir", () => {
  it("builds into the folder, and the next release renders only the edited page", async () => {
    const site = join(root, "site");
    const model = smallSite();
    writeSiteDir(site, model, smallAssets());
    const store = join(root, "store");
    const builds = join(root, "builds", "w9");
    const release = async () => {
      const { stdout } = await runCommand(releaseCommand, [
        site,
        ...["--store", store, "--website", "w9", "--build-dir", builds, "--json"],
      ]);
      return JSON.parse(stdout) as {
        version: { id: string; version: string };
        built: { routes: number; rendered: number; carried: number };
      };
    };

    const first = await release();
    expect(first.version.version).toBe("1.0.0");
    expect(first.built).toEqual({
      routes: first.built.rendered,
      rendered: first.built.routes,
      carried: 0,
    });
    expect(first.built.routes).toBeGreaterThan(5);
    expect(existsSync(join(builds, "manifest.json"))).toBe(true);

    (model.pages[1]?.components as unknown[])[1] = content(202, "Edited");
    writeSiteDir(site, model, smallAssets());
    const second = await release();
    expect(second.version.version).toBe("1.0.1");
    expect(second.built).toEqual({
      routes: first.built.routes,
      rendered: 1,
      carried: first.built.routes - 1,
    });
    expect(existsSync(`${builds}.lock`)).toBe(false);

    // The version holds what a clean build of the edited site holds.
    const clean = join(root, "clean");
    await buildSite(site, { outDir: clean, incremental: false });
    const version = snapshot(versionDir(websitePaths(store, "w9"), second.version.id));
    delete version["version.json"];
    expect(version).toEqual(snapshot(clean));
    expectSameBuild(builds, clean);
  });

  it("refuses --build-dir for a build, before anything is stored", async () => {
    const site = join(root, "site-of-a-build");
    writeSiteDir(site, smallSite(), smallAssets());
    const build = join(root, "built");
    await buildSite(site, { outDir: build });
    const store = join(root, "store-refused");
    const err = await rejection(
      runCommand(releaseCommand, [
        build,
        ...["--store", store, "--website", "w9", "--build-dir", join(root, "unused")],
      ]),
    );
    expect(err.code).toBe("E_USAGE");
    expect(existsSync(join(root, "unused"))).toBe(false);
    expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
  });

  it("refuses a kept folder another release is using, before anything is stored", async () => {
    const site = join(root, "site-locked");
    writeSiteDir(site, smallSite(), smallAssets());
    const builds = join(root, "locked-build");
    const other = lockFolder(builds, "another release");
    try {
      const store = join(root, "store-locked");
      const err = await rejection(
        runCommand(releaseCommand, [
          site,
          ...["--store", store, "--website", "w9", "--build-dir", builds],
        ]),
      );
      expect(err.code).toBe("E_LOCKED");
      expect(existsSync(builds)).toBe(false);
      expect(existsSync(store) ? readdirSync(store) : []).toEqual([]);
    } finally {
      other.release();
    }
  });
});
