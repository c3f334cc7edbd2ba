/**
 * `sitewright release <site> --build-dir DIR` keeps its build, so the next release renders only
 * what changed, and the version holds the same bytes a clean build would.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { releaseCommand } from "../../src/cli/release-command.js";
import { buildSite } from "../../src/generator/build.js";
import { versionDir, websitePaths } from "../../src/versions/paths.js";
import { tempDir } from "../generator/helpers.js";
import { expectSameBuild, writeSiteDir } from "../generator/incremental/helpers.js";
import { smallAssets, smallSite } from "../generator/incremental/small-site.js";
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
        built: { pages: number; rendered: number; carried: number };
      };
    };

    const first = await release();
    expect(first.version.version).toBe("1.0.0");
    expect(first.built.rendered).toBe(first.built.pages + 1);
    expect(existsSync(join(builds, "manifest.json"))).toBe(true);

    const about = model.pages[1] as { components: Array<{ meta: Record<string, unknown> }> };
    about.components[1] = {
      ...about.components[1],
      meta: { section_content: { blocks: [{ type: "paragraph", data: { text: "Edited" } }] } },
    } as never;
    writeSiteDir(site, model, smallAssets());
    const second = await release();
    expect(second.version.version).toBe("1.0.1");
    expect(second.built.rendered).toBe(1);
    expect(second.built.carried).toBe(second.built.pages);

    // The version holds what a clean build of the edited site holds.
    const clean = join(root, "clean");
    await buildSite(site, { outDir: clean, incremental: false });
    const version = versionDir(websitePaths(store, "w9"), second.version.id);
    expect(readFileSync(join(version, "manifest.json"), "utf8")).toBe(
      readFileSync(join(clean, "manifest.json"), "utf8"),
    );
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
});
