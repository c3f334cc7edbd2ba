/**
 * The site's own files: everything in its `assets/` folder (images, PDFs, fonts, ...) is
 * copied to `assets/` in the output through the writer, so each file lands in the manifest.
 * Dot-files are skipped. Symbolic links are never followed out of the folder: a link to a
 * file inside is copied as that file, a link that leaves the folder fails the build, and
 * linked folders are not walked (they could loop).
 */

import { realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import fg from "fast-glob";
import { SitewrightError } from "../errors.js";
import { isInside } from "./images/source.js";
import type { OutputWriter } from "./write.js";

/** Copies every file of `assetsDir` to `assets/` in the output; returns how many. */
export async function copySiteAssets(
  assetsDir: string | null,
  writer: OutputWriter,
  warn: (message: string, path: string) => void,
): Promise<number> {
  if (!assetsDir) return 0;
  const root = await realpath(assetsDir).catch((cause) => {
    throw new SitewrightError(
      "E_SITE_NOT_FOUND",
      `The assets folder ${assetsDir} cannot be read.`,
      {
        cause,
        hint: "Check BuildOptions.assetsDir (or --assets), or remove it.",
      },
    );
  });
  const entries = await fg("**", {
    cwd: root,
    dot: false,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
  });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  let copied = 0;
  for (const entry of entries) {
    const file = await sourceOf(root, entry.path, entry.dirent, warn);
    if (file === null) continue;
    await writer.copy(`assets/${entry.path}`, file);
    copied++;
  }
  return copied;
}

/** The real file to copy for an entry, or null to skip it. */
async function sourceOf(
  root: string,
  rel: string,
  dirent: { isFile(): boolean; isSymbolicLink(): boolean },
  warn: (message: string, path: string) => void,
): Promise<string | null> {
  const path = join(root, rel);
  if (dirent.isFile()) return path;
  if (!dirent.isSymbolicLink()) return null;
  const target = await realpath(path).catch(() => null);
  if (target === null) {
    warn("A symbolic link in the assets folder points nowhere; skipped.", `assets/${rel}`);
    return null;
  }
  if (!isInside(root, target)) {
    throw new SitewrightError(
      "E_UNSAFE_PATH",
      `assets/${rel} is a symbolic link to ${target}, outside the assets folder; refusing to publish it.`,
      {
        hint: "Copy the file into the assets folder instead of linking to it, or remove the link.",
        details: { path: `assets/${rel}`, target },
      },
    );
  }
  if (!(await stat(target)).isFile()) {
    warn(
      "Linked folders in the assets folder are not copied; copy the files instead.",
      `assets/${rel}`,
    );
    return null;
  }
  return target;
}
