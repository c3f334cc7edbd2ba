/**
 * Where a build finds the site's assets and keeps its image cache. A directory input has
 * both beside its data: `<site>/assets` and `<site>/.sitewright-cache/images` (a dot-folder,
 * so the site loader and the assets copy ignore it). A bundle or object input has no folder:
 * its assets come from `BuildOptions.assetsDir` and its cache defaults to the system temp dir,
 * shared by every site (keys are content hashes, so sites never see each other's files).
 */

import { stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SitewrightError } from "../../errors.js";

/** The resolved folders of one build. */
export interface ImageDirs {
  /** Null when the site has no assets folder. */
  assetsDir: string | null;
  cacheDir: string;
}

/** Resolves `assetsDir` and `cacheDir` from the build input and options. */
export async function resolveImageDirs(
  input: string | object,
  options: { assetsDir?: string; cacheDir?: string },
): Promise<ImageDirs> {
  const siteDir = typeof input === "string" && (await isDirectory(input)) ? resolve(input) : null;
  let assetsDir: string | null = null;
  if (options.assetsDir !== undefined) {
    assetsDir = resolve(options.assetsDir);
    if (!(await isDirectory(assetsDir))) {
      throw new SitewrightError(
        "E_SITE_NOT_FOUND",
        `The assets folder ${assetsDir} does not exist.`,
        {
          hint: "Point BuildOptions.assetsDir (or --assets) at the folder that holds the site's files.",
          details: { assetsDir },
        },
      );
    }
  } else if (siteDir && (await isDirectory(join(siteDir, "assets")))) {
    assetsDir = join(siteDir, "assets");
  }
  const cacheDir = resolve(
    options.cacheDir ??
      (siteDir
        ? join(siteDir, ".sitewright-cache", "images")
        : join(tmpdir(), "sitewright-cache", "images")),
  );
  return { assetsDir, cacheDir };
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}
