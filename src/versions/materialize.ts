/**
 * Fills a version's temp directory from a build: hard links where the filesystem allows (no
 * bytes copied, O(files) metadata only), a copy across devices. Only manifest files are taken.
 */

import { constants } from "node:fs";
import { copyFile, link, lstat, mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Manifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { mapLimit } from "../util/map-limit.js";
import { isErrno, syncMany } from "./fs-util.js";
import { compareNames, parentDirs, RESERVED_ROOT_NAMES, unsafePathReason } from "./safe-path.js";

/** What happened while materializing. */
export interface MaterializeResult {
  linked: number;
  copied: number;
  bytes: number;
  /** How the files were made durable, when requested. */
  sync?: "syncfs" | "fsync";
}

/** Throws E_UNSAFE_PATH for a manifest path that could escape the version directory. */
export function checkManifestPaths(manifest: Manifest): string[] {
  const names = Object.keys(manifest.files).sort(compareNames);
  for (const name of names) {
    const reason = unsafePathReason(name);
    if (reason !== null || RESERVED_ROOT_NAMES.has(name) || name === "manifest.json") {
      throw new SitewrightError(
        "E_UNSAFE_PATH",
        `The manifest lists an unusable path ${JSON.stringify(name)}: ${reason ?? "reserved name"}.`,
        { hint: "Rebuild the site; manifests list relative paths inside the build only." },
      );
    }
  }
  return names;
}

/** Links or copies every manifest file from `buildDir` into `destDir` (which must exist). */
export async function materialize(
  buildDir: string,
  manifest: Manifest,
  destDir: string,
  options: { fsync: boolean; concurrency?: number },
): Promise<MaterializeResult> {
  const names = checkManifestPaths(manifest);
  const dirs = [...new Set(names.flatMap(parentDirs))].sort(compareNames);
  for (const dir of dirs) await mkdir(join(destDir, dir), { recursive: true });

  const result: MaterializeResult = { linked: 0, copied: 0, bytes: 0 };
  let canLink = true;
  await mapLimit(names, options.concurrency ?? 64, async (name) => {
    const src = join(buildDir, name);
    const dst = join(destDir, name);
    const expected = manifest.files[name]?.size ?? -1;
    const stats = await lstat(src).catch((cause: unknown) => {
      throw new SitewrightError("E_STORE", `The build lacks ${name}, which its manifest lists.`, {
        cause,
        hint: "Rebuild the site; the build directory changed after it was written.",
      });
    });
    if (!stats.isFile()) {
      throw new SitewrightError("E_UNSAFE_PATH", `${src} is not a regular file.`, {
        hint: "Builds may contain regular files only (no symlinks or devices).",
      });
    }
    if (stats.size !== expected) {
      throw new SitewrightError(
        "E_STORE",
        `${name} has ${stats.size} bytes but the manifest says ${expected}.`,
        { hint: "Rebuild the site; the build directory changed after it was written." },
      );
    }
    result.bytes += stats.size;
    if (canLink) {
      try {
        await link(src, dst);
        result.linked++;
        return;
      } catch (err) {
        if (!isErrno(err, "EXDEV") && !isErrno(err, "EPERM") && !isErrno(err, "EMLINK")) throw err;
        canLink = false;
      }
    }
    await copyFile(src, dst, constants.COPYFILE_FICLONE);
    result.copied++;
  });
  if (options.fsync) {
    // Linked files are the build's own inodes, which the build never fsynced: flush them too.
    const paths = [...names, ...dirs.reverse()].map((n) => join(destDir, n));
    result.sync = await syncMany(destDir, paths);
  }
  return result;
}
