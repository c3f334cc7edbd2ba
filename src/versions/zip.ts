/**
 * Deterministic, streaming zip of a version: entries sorted byte-wise, a fixed timestamp and
 * mode, already-compressed types stored, the rest deflated (level 6) with node:zlib. The
 * layout is archiver 7's (see zip-format.ts), so zips written before and after the switch to
 * this writer are identical. Small files are read and deflated on worker threads, at most
 * `window` entries ahead of the one being written (memory stays bounded for 100,000 files);
 * larger ones are streamed. With `reuse`, unchanged files' entries are copied from an older
 * zip instead, which gives the same bytes as compressing them again.
 */
import { createReadStream } from "node:fs";
import { type FileHandle, open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { crc32, createDeflateRaw } from "node:zlib";
import { MANIFEST_FILE, type Manifest, readManifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { type Deflated, type DeflateJob, DeflatePool, deflateInline } from "./deflate-pool.js";
import { sortByteWise } from "./name-order.js";
import {
  centralHeader,
  dataDescriptor,
  type EntryShape,
  type EntrySums,
  endRecords,
  entryShape,
  localHeader,
  type WrittenEntry,
} from "./zip-format.js";
import type { ZipReuse } from "./zip-reuse.js";

export { STORED_EXTENSIONS } from "./zip-format.js";

/** Timestamp of every entry: the DOS epoch, so the zip does not depend on when it was made. */
export const ZIP_FIXED_DATE = new Date("1980-01-01T00:00:00.000Z");

/** Options of `writeZip`. */
export interface ZipOptions {
  /** Deflate level 0-9 (default 6). Entries reused from an older zip keep that zip's level. */
  level?: number;
  /** Entries read or compressed ahead of the one being written (default 64). */
  window?: number;
  /** Files up to this size are read whole; larger ones are streamed (default 256 KiB). */
  smallFileBytes?: number;
  /** fsync the zip before returning (default true). */
  fsync?: boolean;
  /** Deflate threads; 0 compresses on the calling thread (default: by the work's size). */
  threads?: number;
  /** Called after each entry is written. */
  onEntry?: (done: number, total: number) => void;
  /** Entries of an older zip to copy for unchanged files (see zip-reuse.ts). */
  reuse?: ZipReuse | null;
  /** Receives how each entry was written, once the zip is complete. */
  onReport?: (report: ZipReport) => void;
}

/** How the entries of a zip were produced. */
export interface ZipReport {
  /** Copied from the older zip. */
  reused: number;
  /** Read and compressed (or stored) from the file. */
  compressed: number;
  /** Candidates for copying whose old record did not verify, compressed instead. */
  fallbacks: number;
  /** Size of the zip in bytes. */
  bytes: number;
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

/** Below this many bytes to compress, starting threads costs more than it saves. */
const THREADS_FROM_BYTES = 4 * 1024 * 1024;
/** Output is gathered into writes of about this size. */
const WRITE_BYTES = 1024 * 1024;

/** What the writer does for one entry, decided up front so work can start ahead of it. */
interface Planned {
  source: ZipSource;
  shape: EntryShape;
  /** Started compression of a small file (set when it enters the window). */
  work?: Promise<Deflated>;
  /** The older zip's entry to copy, when the file is unchanged. */
  old?: EntrySums & { offset: number };
}

/** Writes `entries` (files under `dir`) to `outFile`; returns the zip's size. */
export async function writeZip(
  dir: string,
  entries: readonly ZipSource[],
  outFile: string,
  options: ZipOptions = {},
): Promise<number> {
  const window = Math.max(1, options.window ?? 64);
  const small = options.smallFileBytes ?? 256 * 1024;
  const level = options.level ?? 6;
  const reuse = options.reuse ?? null;
  const plan: Planned[] = sortByteWise([...entries], (e) => e.name).map((source) => {
    const shape = entryShape(source.name, source.size, small);
    const old = reuse?.candidate(source.name, shape, source.size);
    return old === undefined ? { source, shape } : { source, shape, old };
  });
  let toCompress = 0;
  for (const p of plan)
    if (p.old === undefined && p.source.size <= small) toCompress += p.source.size;
  const threads = options.threads ?? (toCompress >= THREADS_FROM_BYTES ? undefined : 0);
  const pool = threads === 0 ? null : new DeflatePool(threads);
  const report: ZipReport = { reused: 0, compressed: 0, fallbacks: 0, bytes: 0 };

  const job = (p: Planned): DeflateJob => ({
    path: join(dir, p.source.name),
    size: p.source.size,
    method: p.shape.method,
    level,
  });
  const start = (p: Planned): Promise<Deflated> => {
    if (pool !== null) return pool.run(job(p));
    // Inline work still goes through a promise, so both paths fail the same way.
    return new Promise((resolve) => resolve(deflateInline(job(p))));
  };
  // Only small files without an old entry are compressed ahead; the rest is done in turn.
  const prefetch = (i: number) => {
    const p = plan[i];
    if (p !== undefined && p.old === undefined && p.source.size <= small && !p.work) {
      p.work = start(p);
      // Settled later, in order; a failure meanwhile must not count as unhandled.
      p.work.catch(() => undefined);
    }
  };

  let handle: FileHandle | null = null;
  try {
    handle = await open(outFile, "w", 0o644);
    const out = new Output(handle);
    const written: WrittenEntry[] = [];
    for (let i = 0; i < Math.min(window, plan.length); i++) prefetch(i);
    for (let i = 0; i < plan.length; i++) {
      prefetch(i + window);
      const p = plan[i] as Planned;
      const offset = out.offset;
      let sums: EntrySums | null = null;
      if (p.old !== undefined && reuse !== null) {
        const record = await reuse.record(p.old, p.shape);
        if (record !== null) {
          await out.push(record);
          sums = p.old;
          report.reused++;
        } else {
          report.fallbacks++;
        }
      }
      if (sums === null) {
        sums =
          p.source.size <= small
            ? await writeWhole(out, p, await (p.work ?? start(p)))
            : await writeStreamed(out, p, join(dir, p.source.name), level);
        report.compressed++;
      }
      written.push({ ...sums, shape: p.shape, offset });
      options.onEntry?.(i + 1, plan.length);
    }
    const cdOffset = out.offset;
    for (const e of written) await out.push(centralHeader(e));
    await out.push(endRecords(written.length, cdOffset, out.offset - cdOffset));
    await out.flush();
    report.bytes = out.offset;
    if (options.fsync ?? true) await handle.sync();
    await handle.close();
    handle = null;
  } catch (cause) {
    await handle?.close().catch(() => undefined);
    // Callers write to a temp name, but a half zip must not outlive the failure either way.
    await rm(outFile, { force: true });
    throw new SitewrightError("E_STORE", `Could not write the zip ${outFile}.`, {
      cause,
      hint: "Check free disk space and permissions of the store, then retry.",
    });
  } finally {
    await pool?.close();
  }
  options.onReport?.(report);
  return report.bytes;
}

async function writeWhole(out: Output, p: Planned, d: Deflated): Promise<EntrySums> {
  const sums = { crc: d.crc, size: d.size, compressedSize: d.data.length };
  await out.push(localHeader(p.shape, sums));
  await out.push(d.data);
  if (p.shape.descriptor) await out.push(dataDescriptor(sums));
  return sums;
}

/**
 * A large file, streamed through zlib in the read stream's 64 KiB chunks, exactly as
 * archiver piped it; its CRC and sizes follow in the data descriptor.
 */
async function writeStreamed(
  out: Output,
  p: Planned,
  path: string,
  level: number,
): Promise<EntrySums> {
  const sums = { crc: 0, size: 0, compressedSize: 0 };
  await out.push(localHeader(p.shape, sums));
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      sums.crc = crc32(chunk, sums.crc) >>> 0;
      sums.size += chunk.length;
      done(null, chunk);
    },
  });
  const sink = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      sums.compressedSize += chunk.length;
      await out.push(chunk);
    }
  };
  const read = createReadStream(path);
  if (p.shape.method === 8) await pipeline(read, tap, createDeflateRaw({ level }), sink);
  else await pipeline(read, tap, sink);
  if (sums.size !== p.source.size) {
    throw new Error(`${path} has ${sums.size} bytes but the manifest says ${p.source.size}.`);
  }
  await out.push(dataDescriptor(sums));
  return sums;
}

/** Sequential output gathered into large writes. */
class Output {
  offset = 0;
  private parts: Uint8Array[] = [];
  private pending = 0;

  constructor(private readonly handle: FileHandle) {}

  async push(data: Uint8Array): Promise<void> {
    this.offset += data.length;
    this.parts.push(data);
    this.pending += data.length;
    if (this.pending >= WRITE_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    let parts = this.parts;
    let left = this.pending;
    this.parts = [];
    this.pending = 0;
    // writev without joining the parts first (no 1 MiB copy per write); a short write
    // (rare on files) continues from where it stopped.
    while (left > 0) {
      const { bytesWritten } = await this.handle.writev(parts);
      left -= bytesWritten;
      if (left > 0) parts = [Buffer.concat(parts).subarray(bytesWritten)];
    }
  }
}
