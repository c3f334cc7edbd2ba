/**
 * A build of some entities alone (BuildOptions.only) in a temporary directory, removed when
 * the caller is done with it: the HTML of each entity and the stylesheet and assets it uses.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuildOptions, type BuildResult, buildSite } from "../generator/build.js";
import type { EntityRef, EntityRoute } from "../generator/preview-routes.js";

/** Build options that apply to entities rendered alone. */
export type EntityBuildOptions = Pick<
  BuildOptions,
  "baseUrl" | "now" | "assetsDir" | "cacheDir" | "renderTimeoutMs" | "renderHeapMb" | "workers"
>;

/** Builds `refs` of `site` into a temporary directory and hands it to `use`; removes it after. */
export async function withEntityBuild<T>(
  site: string | object,
  refs: readonly EntityRef[],
  options: EntityBuildOptions,
  use: (dir: string, entities: EntityRoute[], result: BuildResult) => Promise<T>,
): Promise<T> {
  const temp = await mkdtemp(join(tmpdir(), "sitewright-entity-"));
  try {
    const outDir = join(temp, "out");
    // One page or a few: a second render process would cost more to start than it saves.
    const result = await buildSite(site, { workers: 1, ...options, outDir, only: refs });
    return await use(outDir, result.entities ?? [], result);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
