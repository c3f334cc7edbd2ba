/**
 * Deterministic, streaming zip of a version: entries sorted byte-wise, a fixed timestamp and
 * mode, already-compressed types stored. archiver queues every appended entry in memory, so
 * entries are fed lazily with at most `window` in flight (memory bounded for 100,000 files).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { readFile, rename, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import type { Archiver, ZipOptions as ArchiverZipOptions, ZipEntryData } from "archiver";
import { MANIFEST_FILE, type Manifest, readManifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { fsyncPath } from "./fs-util.js";
import { compareNames } from "./safe-path.js";

// archiver 7 is CommonJS exporting a factory; the installed @types describe archiver 8's classes.
const archiver = createRequire(import.meta.url)("archiver") as (
  format: "zip",
  options: ArchiverZipOptions,
) => Archiver;

/** Timestamp of every entry: the DOS epoch, so the zip does not depend on when it was made. */
export const ZIP_FIXED_DATE = new Date("1980-01-01T00:00:00.000Z");

/** Extensions whose content is already compressed; deflating them again only costs time. */
export const STORED_EXTENSIONS = new Set([
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".webp",
  ".avif",
  ".heic",
  ".jxl",
  ".woff",
  ".woff2",
  ".zip",
  ".gz",
  ".tgz",
  ".br",
  ".zst",
  ".bz2",
  ".xz",
  ".7z",
  ".rar",
  ".mp3",
  ".mp4",
  ".m4a",
  ".m4v",
  ".webm",
  ".ogg",
  ".ogv",
  ".opus",
  ".mov",
  ".pdf",
]);

/** Options of `writeZip`. */
export interface ZipOptions {
  /** Deflate level 0-9 (default 6). */
  level?: number;
  /** Entries appended but not yet written (default 64). */
  window?: number;
  /** Files up to this size are read whole instead of streamed (default 256 KiB). */
  smallFileBytes?: number;
  /** fsync the zip before returning (default true). */
  fsync?: boolean;
  /** Called after each entry is written. */
  onEntry?: (done: number, total: number) => void;
}

/** One file to put in the zip. */
export interface ZipSource {
  /** Entry name: relative posix path. */
  name: string;
  /** Size in bytes, from the manifest (so the file is not stat'ed again). */
  size: number;
}

/** Zip entries of a version: every manifest file plus manifest.json itself. */
export function manifestZipEntries(manifest: Manifest, manifestSize: number): ZipSource[] {
  const entries = Object.entries(manifest.files).map(([name, e]) => ({ name, size: e.size }));
  entries.push({ name: MANIFEST_FILE, size: manifestSize });
  return entries;
}

/** Zips an existing version directory to `outFile` through the temp file `tmp`. */
export async function zipVersionDir(dir: string, outFile: string, tmp: string): Promise<void> {
  const manifestSize = (await stat(join(dir, MANIFEST_FILE))).size;
  await writeZip(dir, manifestZipEntries(await readManifest(dir), manifestSize), tmp);
  await rename(tmp, outFile);
}

/** Writes `entries` (files under `dir`) to `outFile`; returns the zip's size. */
export async function writeZip(
  dir: string,
  entries: readonly ZipSource[],
  outFile: string,
  options: ZipOptions = {},
): Promise<number> {
  const window = options.window ?? 64;
  const small = options.smallFileBytes ?? 256 * 1024;
  const sorted = [...entries].sort((a, b) => compareNames(a.name, b.name));
  const archive = archiver("zip", { zlib: { level: options.level ?? 6 } });
  const out = createWriteStream(outFile, { mode: 0o644 });

  let failure: unknown = null;
  let processed = 0;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const fail = (err: unknown) => {
    failure ??= err;
    notify();
  };
  archive.on("entry", () => {
    processed++;
    options.onEntry?.(processed, sorted.length);
    notify();
  });
  archive.on("warning", fail);
  archive.on("error", fail);
  out.on("error", fail);
  const closed = new Promise<void>((resolve) => out.on("close", resolve));
  archive.pipe(out);

  try {
    let appended = 0;
    for (const entry of sorted) {
      while (appended - processed >= window && failure === null) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
      if (failure !== null) break;
      const path = join(dir, entry.name);
      const source = entry.size <= small ? await readFile(path) : createReadStream(path);
      archive.append(source, {
        name: entry.name,
        date: ZIP_FIXED_DATE,
        mode: 0o644,
        store: STORED_EXTENSIONS.has(extname(entry.name).toLowerCase()),
      } satisfies ZipEntryData);
      appended++;
    }
    if (failure === null) await archive.finalize();
  } catch (err) {
    fail(err);
  }
  if (failure !== null) {
    archive.abort();
    out.destroy();
  }
  await closed;
  if (failure !== null) {
    throw new SitewrightError("E_STORE", `Could not write the zip ${outFile}.`, {
      cause: failure,
      hint: "Check free disk space and permissions of the store, then retry.",
    });
  }
  if (options.fsync ?? true) await fsyncPath(outFile);
  return archive.pointer();
}
