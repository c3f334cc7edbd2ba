/**
 * The previous version's zip as a source of ready-made entries: the entries of files whose
 * manifest sha256 did not change are copied byte for byte instead of being compressed again.
 * Nothing is trusted blindly: the central directory must parse, each entry's central fields
 * must be what the writer would produce for that name and size, and at copy time the local
 * header and data descriptor must repeat the central CRC and sizes (`verifyRecord`); any
 * entry that fails is compressed from the file instead.
 */
import { type FileHandle, open } from "node:fs/promises";
import { crc32 } from "node:zlib";
import { MANIFEST_FILE, type Manifest } from "../contracts/manifest.js";
import {
  type CentralEntry,
  centralMatchesShape,
  type EntryShape,
  type EntrySums,
  localRecordBytes,
  localRecordMatches,
  locateCentralDirectory,
  parseCentralDirectory,
} from "./zip-format.js";

/** Bytes read from the old zip at once: runs of unchanged entries are contiguous there. */
const CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Larger records are not copied: a record is held whole in memory, and a big file (a video,
 * mostly stored anyway) costs about as much to stream from its file as from the old zip.
 */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Entries of an older zip that may be copied into the zip being written. */
export interface ZipReuse {
  /** The old entry for `name` when the file is unchanged and its central fields fit `shape`. */
  candidate(name: string, shape: EntryShape, size: number): CentralEntry | undefined;
  /** The entry's local record (header, data, descriptor) if it verifies, else null. */
  record(entry: EntrySums & { offset: number }, shape: EntryShape): Promise<Buffer | null>;
  /** Closes the old zip. */
  close(): Promise<void>;
}

/** The version an older zip belongs to: its manifest, parsed and as the bytes it zipped. */
export interface ReuseSource {
  zipFile: string;
  manifest: Manifest;
  manifestRaw: Buffer;
}

/**
 * Opens the zip of an older version for reuse by a zip of `next`; null when it is missing,
 * its end records or central directory do not parse, or its manifest.json entry is not the
 * version's manifest (CRC-32 and size): a zip swapped for another one, whose names would
 * point at other contents, is not used at all.
 */
export async function openZipReuse(source: ReuseSource, next: Manifest): Promise<ZipReuse | null> {
  const { zipFile, manifest: previous } = source;
  let handle: FileHandle;
  try {
    handle = await open(zipFile, "r");
  } catch {
    return null;
  }
  try {
    const fileBytes = (await handle.stat()).size;
    const tailBytes = Math.min(fileBytes, 22 + 20 + 56);
    const tail = await readAt(handle, fileBytes - tailBytes, tailBytes);
    const where = locateCentralDirectory(tail);
    if (where === null || where.offset + where.bytes > fileBytes) {
      await handle.close();
      return null;
    }
    const central = parseCentralDirectory(
      await readAt(handle, where.offset, where.bytes),
      where.count,
    );
    const own = central?.get(MANIFEST_FILE);
    if (
      central === null ||
      own === undefined ||
      own.size !== source.manifestRaw.length ||
      own.crc !== crc32(source.manifestRaw) >>> 0
    ) {
      await handle.close();
      return null;
    }
    return new OldZip(handle, fileBytes, where.offset, central, previous, next);
  } catch (err) {
    await handle.close();
    throw err;
  }
}

class OldZip implements ZipReuse {
  private chunk: Buffer = Buffer.alloc(0);
  private chunkStart = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly fileBytes: number,
    /** Where the local records end: nothing past it may be copied as entry data. */
    private readonly recordsEnd: number,
    private readonly central: Map<string, CentralEntry>,
    private readonly previous: Manifest,
    private readonly next: Manifest,
  ) {}

  candidate(name: string, shape: EntryShape, size: number): CentralEntry | undefined {
    const before = this.previous.files[name];
    const now = this.next.files[name];
    if (before === undefined || now === undefined) return undefined;
    if (before.sha256 !== now.sha256 || before.size !== now.size || now.size !== size) {
      return undefined;
    }
    const entry = this.central.get(name);
    if (entry === undefined || !centralMatchesShape(entry, shape, size)) return undefined;
    const bytes = localRecordBytes(shape, entry);
    if (bytes > MAX_RECORD_BYTES || entry.offset + bytes > this.recordsEnd) return undefined;
    return entry;
  }

  async record(entry: EntrySums & { offset: number }, shape: EntryShape): Promise<Buffer | null> {
    const bytes = await this.slice(entry.offset, localRecordBytes(shape, entry));
    // The central CRC and sizes must be repeated by the local header or descriptor; the new
    // central directory will carry them for this data.
    return localRecordMatches(bytes, shape, entry) ? bytes : null;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** Bytes [offset, offset + length) of the old zip, read in large sequential chunks. */
  private async slice(offset: number, length: number): Promise<Buffer> {
    const end = offset + length;
    if (offset < this.chunkStart || end > this.chunkStart + this.chunk.length) {
      const bytes = Math.min(Math.max(length, CHUNK_BYTES), this.fileBytes - offset);
      this.chunk = await readAt(this.handle, offset, bytes);
      this.chunkStart = offset;
    }
    // A view, not a copy: the writer copies it into its output batch right away.
    return this.chunk.subarray(offset - this.chunkStart, end - this.chunkStart);
  }
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(Math.max(0, length));
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await handle.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}
