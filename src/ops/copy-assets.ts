/**
 * Carries the files that cloned entities mention (`/assets/...`) from the source's assets
 * folder into the target site's. Site data is hostile: a path is used only when, decoded, it is
 * plain segments below `assets/` (no `..`, no dot-files, no backslashes or control characters),
 * a source file that resolves outside its folder (a symbolic link) is refused, the target path
 * may not pass through a link, and nothing in the target is ever overwritten.
 */
import { createHash } from "node:crypto";
import { constants, createReadStream } from "node:fs";
import { copyFile, lstat, mkdir, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import { SitewrightError } from "../errors.js";

/** What copyAssets did with each site path it was given. */
export interface AssetCopyReport {
  /** Copied into the target. */
  copied: string[];
  /** The target already has a file with the same bytes. */
  present: string[];
  /** The target has a different file of that name, which was kept. */
  conflicts: string[];
  /** Not a file in the source folder (or no source folder was given). */
  missing: string[];
  /** Unsafe: a path that escapes the folder, or a file linked from outside it. */
  refused: string[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const UNSAFE_SEGMENT = /^\.|[\u0000-\u001f\u007f\\:]/;

/** The path segments below `assets/` of a site path, or null when it is not a safe one. */
export function assetSegments(sitePath: string): string[] | null {
  if (!sitePath.startsWith("/assets/")) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(sitePath.slice("/assets/".length));
  } catch {
    return null;
  }
  const segments = decoded.split("/");
  const ok = segments.every((s) => s !== "" && !UNSAFE_SEGMENT.test(s) && s.length <= 200);
  return ok ? segments : null;
}

const inside = (root: string, path: string) => path.startsWith(root + sep);

async function sha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a), stat(b)]);
  return sa.size === sb.size && (await sha256(a)) === (await sha256(b));
}

/** Creates the folders of `segments` below `root`; false when one of them is a link or a file. */
async function safeParents(root: string, segments: readonly string[]): Promise<boolean> {
  let dir = root;
  for (const segment of segments.slice(0, -1)) {
    dir = join(dir, segment);
    const info = await lstat(dir).catch(() => null);
    if (!info) await mkdir(dir);
    else if (!info.isDirectory()) return false;
  }
  return true;
}

/**
 * Copies the assets named by `paths` (site paths such as `/assets/img/hero.jpg`) from the folder
 * `from` into the folder `to` (created when missing), never overwriting. With `from` null every
 * path is reported missing.
 */
export async function copyAssets(
  paths: readonly string[],
  from: string | null,
  to: string,
): Promise<AssetCopyReport> {
  const report: AssetCopyReport = {
    copied: [],
    present: [],
    conflicts: [],
    missing: [],
    refused: [],
  };
  const sourceRoot = from === null ? null : await realpath(from).catch(() => null);
  await mkdir(to, { recursive: true });
  const targetRoot = await realpath(to);
  for (const path of paths) {
    const segments = assetSegments(path);
    if (!segments) {
      report.refused.push(path);
      continue;
    }
    const source = sourceRoot && (await realpath(join(sourceRoot, ...segments)).catch(() => null));
    if (!sourceRoot || !source) report.missing.push(path);
    else if (!inside(sourceRoot, source)) report.refused.push(path);
    else if (!(await stat(source)).isFile()) report.missing.push(path);
    else report[await copyOne(source, targetRoot, segments)].push(path);
  }
  return report;
}

async function copyOne(
  source: string,
  targetRoot: string,
  segments: readonly string[],
): Promise<"copied" | "present" | "conflicts" | "refused"> {
  if (!(await safeParents(targetRoot, segments))) return "refused";
  const target = join(targetRoot, ...segments);
  try {
    // COPYFILE_EXCL fails on any existing name, a link included, so nothing is written through one.
    await copyFile(source, target, constants.COPYFILE_EXCL);
    return "copied";
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST")
      throw new SitewrightError("E_OUTPUT", `Cannot copy ${source} to ${target}.`, {
        cause: err,
        hint: "Check that the site's assets folder is writable.",
      });
  }
  const existing = await lstat(target);
  if (!existing.isFile()) return "conflicts";
  return (await sameBytes(source, target)) ? "present" : "conflicts";
}
