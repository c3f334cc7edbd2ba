/**
 * The pages of a `pages/` folder, read once in order to check them and keep their summaries,
 * and (for a folder too large to hold, see OpenSiteOptions.keepBytes) again one by one while
 * each is rendered, so memory depends on the largest page, not on the number of pages. Each
 * file's hash from the first read is kept, so a file edited or removed between the two reads
 * fails the build instead of mixing two versions.
 */
import { hash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { SitewrightError, type ValidationErrors } from "../errors.js";
import { type FileStamp, stampOfStats } from "./file-stamp.js";
import { parseJson } from "./json-file.js";

/** The page files of a site directory, read in order and again on demand. */
export interface PageStream {
  /** The page files, relative to the site directory, in page order. */
  readonly files: readonly string[];
  /** Reads every file once, in order, calling `visit` with each raw page, its index and its share of the file's bytes. */
  scan(
    visit: (item: unknown, index: number, bytes: number) => void,
  ): Promise<{ jsonErrors: ValidationErrors }>;
  /** The raw page at `index` read again; throws E_SITE_CHANGED when its file changed or went since scan. */
  read(index: number): Promise<unknown>;
  /** The file (relative to the site directory) page `index` came from. */
  fileOf(index: number): string;
  /** Where page `index` is, for a reader in another process (see readPageAt). */
  locate(index: number): PageLocation;
  /** Takes the digests of files read elsewhere instead of scanning: one page per file, in order. */
  adopt(digests: readonly string[]): void;
}

/** A page's place in a site directory, with the digest its file had when it was checked. */
export interface PageLocation {
  /** Relative to the site directory. */
  file: string;
  /** Position in the file's array; -1 when the file is one page. */
  at: number;
  /** sha1 (base64) of the whole file. */
  digest: string;
}

/** The raw page at `location` under `dir`; E_SITE_CHANGED when its file is not the one checked. */
export function readPageAt(dir: string, location: PageLocation): unknown {
  const value = readChecked(dir, location.file, location.digest);
  return location.at < 0 ? value : (value as unknown[])[location.at];
}

function changedError(rel: string): SitewrightError {
  return new SitewrightError("E_SITE_CHANGED", `${rel} changed while the site was building.`, {
    hint: "Build again once the site data is no longer being written.",
    details: { file: rel },
  });
}

function readChecked(dir: string, rel: string, digest: string | undefined): unknown {
  let data: Buffer;
  try {
    data = readFileSync(join(dir, rel));
  } catch {
    throw changedError(rel);
  }
  if (hash("sha1", data, "base64") !== digest) throw changedError(rel);
  const parsed = parseJson(data.toString("utf8"));
  if ("problem" in parsed) throw changedError(rel);
  return parsed.value;
}

/** A page file read whole: its digest and stamp, and its JSON or the problem that stopped parsing it. */
export function readPageFile(
  dir: string,
  rel: string,
): { digest: string; bytes: number; stamp: FileStamp } & (
  | { value: unknown }
  | { jsonError: string }
) {
  const { data, stamp } = readStamped(dir, rel);
  const digest = hash("sha1", data, "base64");
  const result = parseJson(data.toString("utf8"));
  const bytes = data.length;
  return "problem" in result
    ? { digest, bytes, stamp, jsonError: `Invalid JSON at ${result.problem.message}` }
    : { digest, bytes, stamp, value: result.value };
}

// Files are read synchronously: each async readFile is four thread-pool round trips whose
// dispatch cost the main thread ~40 µs a file here (10,000 pages: 0.45 s of a 2 s load),
// against ~11 µs for the same read done in place from the page cache. The stamp is the
// descriptor's, taken before the bytes are read, so a build needs no stat of its own to
// record it (10,000 stats: 50-110 ms before any check could start).
function readStamped(dir: string, rel: string): { data: Buffer; stamp: FileStamp } {
  let fd: number;
  try {
    fd = openSync(join(dir, rel), "r");
  } catch (err) {
    throw new SitewrightError("E_SITE_NOT_FOUND", `Cannot read ${rel} in ${dir}.`, {
      cause: err,
      hint: "Check the file's permissions.",
    });
  }
  try {
    const stats = fstatSync(fd);
    // Read to the size the stamp names: a file that grows meanwhile is stamped as it was and
    // so looks moved to the next build, which checks it again.
    const data = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < data.length) {
      const n = readSync(fd, data, read, data.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { data: data.subarray(0, read), stamp: stampOfStats(stats) };
  } finally {
    closeSync(fd);
  }
}

/** Files read between turns of the event loop (~30 ms of work). */
const YIELD_EVERY = 256;

/** Opens the page files `files` (relative to `dir`, already in page order). */
export function openPageStream(dir: string, files: readonly string[]): PageStream {
  // Per page: its file's index, and its position in that file (-1: the file is one page).
  const fileOfPage: number[] = [];
  const atOfPage: number[] = [];
  const digests: string[] = [];
  let last: { file: number; value: Promise<unknown> } | null = null;

  async function readAgain(file: number): Promise<unknown> {
    return readChecked(dir, files[file] as string, digests[file]);
  }

  return {
    files,
    async scan(visit) {
      const jsonErrors: ValidationErrors = {};
      for (let file = 0; file < files.length; file++) {
        // Reads are synchronous; let a host process's other work run now and then.
        if (file % YIELD_EVERY === YIELD_EVERY - 1) await new Promise(setImmediate);
        const rel = files[file] as string;
        const read = readPageFile(dir, rel);
        digests[file] = read.digest;
        if ("jsonError" in read) {
          jsonErrors[rel] = [read.jsonError];
          continue;
        }
        // A file may hold one page or an array of them, so related rows can share a file.
        const items = Array.isArray(read.value) ? read.value : [read.value];
        items.forEach((item, at) => {
          const index = fileOfPage.length;
          fileOfPage.push(file);
          atOfPage.push(Array.isArray(read.value) ? at : -1);
          visit(item, index, read.bytes / items.length);
        });
      }
      return { jsonErrors };
    },
    async read(index) {
      const file = fileOfPage[index];
      if (file === undefined) throw new RangeError(`No page ${index} in this site.`);
      // Pages are rendered in order, so the pages of one array file are asked for together.
      if (last?.file !== file) last = { file, value: readAgain(file) };
      const value = await last.value;
      const at = atOfPage[index] as number;
      return at < 0 ? value : (value as unknown[])[at];
    },
    fileOf(index) {
      return files[fileOfPage[index] as number] as string;
    },
    locate(index) {
      const file = fileOfPage[index] as number;
      return {
        file: files[file] as string,
        at: atOfPage[index] as number,
        digest: digests[file] as string,
      };
    },
    adopt(read) {
      read.forEach((digest, file) => {
        fileOfPage[file] = file;
        atOfPage[file] = -1;
        digests[file] = digest;
      });
    },
  };
}
