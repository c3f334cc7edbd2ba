/**
 * Assets for a write that must be all or nothing: copyAssets copies into a staging folder (with
 * its checks on hostile paths and links), then each copy is compared with the site's own
 * `assets/` so that only files it lacks are moved in, at commit time, and none is overwritten.
 */
import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileChange } from "../site/commit-files.js";
import { type AssetCopyReport, assetSegments, copyAssets } from "./copy-assets.js";

type TargetState = "absent" | "same" | "different" | "unsafe";

/** What the site holds at `segments` below its assets folder; a link on the way is unsafe. */
async function targetState(
  siteDir: string,
  segments: string[],
  staged: string,
): Promise<TargetState> {
  let path = siteDir;
  for (const segment of ["assets", ...segments.slice(0, -1)]) {
    path = join(path, segment);
    const info = await lstat(path).catch(() => null);
    if (!info) return "absent";
    if (!info.isDirectory()) return "unsafe";
  }
  const target = join(path, segments.at(-1) as string);
  const info = await lstat(target).catch(() => null);
  if (!info) return "absent";
  if (!info.isFile()) return "different";
  const [a, b] = await Promise.all([readFile(target), readFile(staged)]);
  return a.equals(b) ? "same" : "different";
}

/**
 * Copies the assets `paths` from the folder `from` into `<stage>/assets` and returns the report
 * as it will be once `changes` (moves into `<siteDir>/assets`) are committed.
 */
export async function stageAssets(
  paths: readonly string[],
  from: string | null,
  siteDir: string,
  stage: string,
): Promise<{ report: AssetCopyReport; changes: FileChange[] }> {
  const staged = join(stage, "assets");
  const copy = await copyAssets(paths, from, staged);
  const report: AssetCopyReport = { ...copy, copied: [] };
  const changes: FileChange[] = [];
  for (const path of copy.copied) {
    const segments = assetSegments(path) as string[];
    const file = join(staged, ...segments);
    const state = await targetState(siteDir, segments, file);
    if (state === "absent") {
      report.copied.push(path);
      changes.push({ rel: join("assets", ...segments), staged: file });
    } else if (state === "same") report.present.push(path);
    else if (state === "different") report.conflicts.push(path);
    else report.refused.push(path);
  }
  return { report, changes };
}
