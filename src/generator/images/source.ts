/**
 * Reading one referenced source image before rendering: where it really is (symlinks
 * resolved and kept inside the assets folder), its content hash (the cache key) and its
 * header (format and size, with EXIF orientation applied so width and height match what
 * the browser shows).
 */

import { createHash } from "node:crypto";
import { readFile, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import type { Metadata } from "sharp";
import { loadSharp } from "./load-sharp.js";

/** A source image that can be rendered. */
export interface SourceImage {
  /** Path inside the assets folder, `/`-separated. */
  rel: string;
  /** The real file (symlinks resolved). */
  file: string;
  /** sharp's format name: `jpeg`, `png`, `webp`, `gif`, `svg`, ... */
  format: string;
  width: number;
  height: number;
  sha256: string;
  bytes: number;
}

/** Why a source image cannot be used; the message finishes "The image ... ". */
export class SourceImageProblem extends Error {
  override name = "SourceImageProblem";
}

/**
 * Reads `rel` inside `assetsRoot` (which must already be a real path). Throws
 * SourceImageProblem for a missing file, a path that leaves the folder and unreadable data.
 */
export async function readSourceImage(assetsRoot: string, rel: string): Promise<SourceImage> {
  const file = await realpath(join(assetsRoot, rel)).catch((err: NodeJS.ErrnoException) => {
    throw new SourceImageProblem(
      err.code === "ENOENT" || err.code === "ENOTDIR"
        ? "does not exist"
        : `cannot be opened (${err.code ?? err.message})`,
    );
  });
  if (!isInside(assetsRoot, file)) {
    throw new SourceImageProblem("resolves (through a symbolic link) outside the assets folder");
  }
  const info = await stat(file);
  if (!info.isFile()) throw new SourceImageProblem("is not a file");
  const data = await readFile(file);
  // Outside the try: a missing sharp is the installation's problem, not this image's.
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(data).metadata();
  } catch (err) {
    throw new SourceImageProblem(`is not a readable image (${firstLine(err)})`);
  }
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!meta.format || !width || !height) {
    throw new SourceImageProblem("has no readable format or dimensions");
  }
  return {
    rel,
    file,
    format: meta.format,
    width,
    height,
    sha256: createHash("sha256").update(data).digest("hex"),
    bytes: data.length,
  };
}

/** True when `path` is `root` or below it; both must be real, absolute paths. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0]?.trim() || "unknown error";
}
