/**
 * The variant cache: encoded files kept outside the output directory, keyed by the source's
 * content hash, the width, the format and the encoder settings, so a rebuild encodes only
 * new or changed images. Writes go to a temporary name and are renamed into place, so a
 * killed build never leaves a truncated file under a real key.
 */

import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ENCODER_KEY, type OutputFormat } from "./encode.js";

/** A directory of encoded variants. */
export interface VariantCache {
  readonly dir: string;
  /** The cached file for a key, or null when it is not cached. */
  lookup(sha256: string, width: number, format: OutputFormat): Promise<string | null>;
  /** Stores an encoded variant atomically; returns the cached file's path. */
  store(sha256: string, width: number, format: OutputFormat, data: Buffer): Promise<string>;
}

/** Opens (lazily creating) the variant cache in `dir`. */
export function openVariantCache(dir: string): VariantCache {
  // Two-character fan-out keeps directories small on sites with thousands of images.
  const fileFor = (sha256: string, width: number, format: OutputFormat) =>
    join(dir, sha256.slice(0, 2), `${sha256}-${width}-${ENCODER_KEY}.${format}`);
  return {
    dir,
    async lookup(sha256, width, format) {
      const file = fileFor(sha256, width, format);
      const info = await stat(file).catch(() => null);
      return info?.isFile() && info.size > 0 ? file : null;
    },
    async store(sha256, width, format, data) {
      const file = fileFor(sha256, width, format);
      const temp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
      await mkdir(join(dir, sha256.slice(0, 2)), { recursive: true });
      try {
        await writeFile(temp, data);
        await rename(temp, file);
      } catch (err) {
        await rm(temp, { force: true });
        throw err;
      }
      return file;
    },
  };
}
