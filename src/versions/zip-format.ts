/**
 * The byte layout of a version zip, field for field what archiver 7 (compress-commons 6)
 * wrote before the hand-written writer replaced it, so zips made by either are identical and
 * entries of an older zip can be copied into a new one byte for byte.
 *
 * Per entry: a local header, the data, and a data descriptor when the entry was streamed or
 * deflated (archiver only knew CRC and sizes afterwards then). Small stored files carry CRC
 * and sizes in the local header instead. ZIP64 as archiver did it: a central extra field for
 * an entry above 4 GiB or at an offset above 4 GiB, the ZIP64 end records above 65,535
 * entries or 4 GiB of central directory.
 */
import { extname } from "node:path";

/** DOS date and time of every entry: 1980-01-01 00:00:00 (the DOS epoch). */
export const DOS_EPOCH = 0x00210000;
/** Largest value of a 32-bit field; at or above it a ZIP64 field takes over. */
export const ZIP64_MAGIC = 0xffffffff;
/**
 * A zeroed buffer from Node's shared pool: headers are small and made three times per entry,
 * and a separate ArrayBuffer each (Buffer.alloc) costs the garbage collector ~10% of a zip.
 */
function zeroed(bytes: number): Buffer {
  return Buffer.allocUnsafe(bytes).fill(0);
}

/** Size of a local header without its name (no extra field is ever written there). */
export const LOCAL_HEADER_BYTES = 30;

const SIG_LOCAL = 0x04034b50;
const SIG_DESCRIPTOR = 0x08074b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
/** Unix host (3) in the high byte, "made by" spec version 4.5 in the low one. */
const MADE_BY = (3 << 8) | 45;
/** Regular file, mode 0644, plus the DOS archive bit: archiver's setUnixMode(0o644). */
const EXTERNAL_ATTRIBUTES = (((0o100644 << 16) | 0x20) >>> 0) as number;

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

/** How one entry is laid out; a function of its name, its size and the streaming threshold. */
export interface EntryShape {
  /** The name as UTF-8 bytes. */
  name: Buffer;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** General purpose flags: data descriptor, UTF-8 name. */
  flags: number;
  /** Version needed to extract in the local header: 10, or 20 with a data descriptor. */
  versionNeeded: number;
  /** True when CRC and sizes follow the data instead of being in the local header. */
  descriptor: boolean;
}

/**
 * The layout archiver chose: deflated entries and files above `smallFileBytes` (which it
 * streamed) get a data descriptor; an empty file is stored even when its type is deflated.
 */
export function entryShape(name: string, size: number, smallFileBytes: number): EntryShape {
  const bytes = Buffer.from(name, "utf8");
  const stored = STORED_EXTENSIONS.has(extname(name).toLowerCase());
  const descriptor = !stored || size > smallFileBytes;
  return {
    name: bytes,
    method: stored || size === 0 ? 0 : 8,
    flags: (descriptor ? FLAG_DESCRIPTOR : 0) | (bytes.length !== name.length ? FLAG_UTF8 : 0),
    versionNeeded: descriptor ? 20 : 10,
    descriptor,
  };
}

/** CRC and sizes of an entry's data, known once it was compressed. */
export interface EntrySums {
  crc: number;
  size: number;
  compressedSize: number;
}

/** An entry as written, for the central directory. */
export interface WrittenEntry extends EntrySums {
  shape: EntryShape;
  /** Offset of its local header in the zip. */
  offset: number;
}

/** The local header; CRC and sizes are zero when a data descriptor carries them. */
export function localHeader(shape: EntryShape, sums: EntrySums): Buffer {
  const b = zeroed(LOCAL_HEADER_BYTES + shape.name.length);
  b.writeUInt32LE(SIG_LOCAL, 0);
  b.writeUInt16LE(shape.versionNeeded, 4);
  b.writeUInt16LE(shape.flags, 6);
  b.writeUInt16LE(shape.method, 8);
  b.writeUInt32LE(DOS_EPOCH, 10);
  if (!shape.descriptor) {
    b.writeUInt32LE(sums.crc, 14);
    b.writeUInt32LE(sums.compressedSize, 18);
    b.writeUInt32LE(sums.size, 22);
  }
  b.writeUInt16LE(shape.name.length, 26);
  shape.name.copy(b, LOCAL_HEADER_BYTES);
  return b;
}

/** True when either size needs 64 bits (archiver's ZipArchiveEntry.isZip64). */
export function isZip64Entry(sums: EntrySums): boolean {
  return sums.size > ZIP64_MAGIC || sums.compressedSize > ZIP64_MAGIC;
}

/** The data descriptor after an entry's data: 16 bytes, 24 with 64-bit sizes. */
export function dataDescriptor(sums: EntrySums): Buffer {
  const wide = isZip64Entry(sums);
  const b = zeroed(wide ? 24 : 16);
  b.writeUInt32LE(SIG_DESCRIPTOR, 0);
  b.writeUInt32LE(sums.crc, 4);
  if (wide) {
    b.writeBigUInt64LE(BigInt(sums.compressedSize), 8);
    b.writeBigUInt64LE(BigInt(sums.size), 16);
  } else {
    b.writeUInt32LE(sums.compressedSize, 8);
    b.writeUInt32LE(sums.size, 12);
  }
  return b;
}

/** Bytes of an entry's local record: header, data and descriptor. */
export function localRecordBytes(shape: EntryShape, sums: EntrySums): number {
  const descriptor = shape.descriptor ? (isZip64Entry(sums) ? 24 : 16) : 0;
  return LOCAL_HEADER_BYTES + shape.name.length + sums.compressedSize + descriptor;
}

/**
 * True when `record` is byte for byte the local record this writer would produce for
 * `shape` and `sums` (header fields, name, descriptor), the data aside. Compares in place:
 * it runs once per reused entry, 10,000 times for an unchanged site.
 */
export function localRecordMatches(record: Buffer, shape: EntryShape, sums: EntrySums): boolean {
  const nameLen = shape.name.length;
  if (record.length !== localRecordBytes(shape, sums)) return false;
  const inHeader = !shape.descriptor;
  if (
    record.readUInt32LE(0) !== SIG_LOCAL ||
    record.readUInt16LE(4) !== shape.versionNeeded ||
    record.readUInt16LE(6) !== shape.flags ||
    record.readUInt16LE(8) !== shape.method ||
    record.readUInt32LE(10) !== DOS_EPOCH ||
    record.readUInt32LE(14) !== (inHeader ? sums.crc : 0) ||
    record.readUInt32LE(18) !== (inHeader ? sums.compressedSize : 0) ||
    record.readUInt32LE(22) !== (inHeader ? sums.size : 0) ||
    record.readUInt16LE(26) !== nameLen ||
    record.readUInt16LE(28) !== 0 ||
    record.compare(shape.name, 0, nameLen, LOCAL_HEADER_BYTES, LOCAL_HEADER_BYTES + nameLen) !== 0
  ) {
    return false;
  }
  if (!shape.descriptor) return true;
  // Reused entries are never ZIP64 (see centralMatchesShape): a 16-byte descriptor.
  const d = record.length - 16;
  return (
    record.readUInt32LE(d) === SIG_DESCRIPTOR &&
    record.readUInt32LE(d + 4) === sums.crc &&
    record.readUInt32LE(d + 8) === sums.compressedSize &&
    record.readUInt32LE(d + 12) === sums.size
  );
}

/** The central directory header of an entry. */
export function centralHeader(e: WrittenEntry): Buffer {
  const zip64 = isZip64Entry(e) || e.offset > ZIP64_MAGIC;
  const extra = Buffer.alloc(zip64 ? 28 : 0);
  if (zip64) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(24, 2);
    extra.writeBigUInt64LE(BigInt(e.size), 4);
    extra.writeBigUInt64LE(BigInt(e.compressedSize), 12);
    extra.writeBigUInt64LE(BigInt(e.offset), 20);
  }
  const name = e.shape.name;
  const b = zeroed(46 + name.length + extra.length);
  b.writeUInt32LE(SIG_CENTRAL, 0);
  b.writeUInt16LE(MADE_BY, 4);
  b.writeUInt16LE(zip64 ? 45 : e.shape.versionNeeded, 6);
  b.writeUInt16LE(e.shape.flags, 8);
  b.writeUInt16LE(e.shape.method, 10);
  b.writeUInt32LE(DOS_EPOCH, 12);
  b.writeUInt32LE(e.crc, 16);
  b.writeUInt32LE(zip64 ? ZIP64_MAGIC : e.compressedSize, 20);
  b.writeUInt32LE(zip64 ? ZIP64_MAGIC : e.size, 24);
  b.writeUInt16LE(name.length, 28);
  b.writeUInt16LE(extra.length, 30);
  // comment length, disk number and internal attributes stay 0
  b.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  b.writeUInt32LE(zip64 ? ZIP64_MAGIC : e.offset, 42);
  name.copy(b, 46);
  extra.copy(b, 46 + name.length);
  return b;
}

/** The end records: ZIP64 end record and locator when needed, then the classic end record. */
export function endRecords(entries: number, cdOffset: number, cdBytes: number): Buffer {
  const zip64 = entries > 0xffff || cdBytes > ZIP64_MAGIC || cdOffset > ZIP64_MAGIC;
  const parts: Buffer[] = [];
  if (zip64) {
    const rec = Buffer.alloc(56 + 20);
    rec.writeUInt32LE(SIG_ZIP64_END, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(entries), 24);
    rec.writeBigUInt64LE(BigInt(entries), 32);
    rec.writeBigUInt64LE(BigInt(cdBytes), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    rec.writeUInt32LE(SIG_ZIP64_LOCATOR, 56);
    rec.writeBigUInt64LE(BigInt(cdOffset + cdBytes), 64);
    rec.writeUInt32LE(1, 72);
    parts.push(rec);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries, 10);
  end.writeUInt32LE(zip64 ? ZIP64_MAGIC : cdBytes, 12);
  end.writeUInt32LE(zip64 ? ZIP64_MAGIC : cdOffset, 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/** One entry as the central directory of an existing zip describes it. */
export interface CentralEntry extends EntrySums {
  method: number;
  flags: number;
  versionNeeded: number;
  madeBy: number;
  time: number;
  externalAttributes: number;
  offset: number;
}

/**
 * Parses a central directory (`cd`, starting at a header) into entries by name; null when
 * anything is out of place (a signature, a length past the end, a duplicate name), since a
 * damaged directory must not steer what gets copied.
 */
export function parseCentralDirectory(cd: Buffer, count: number): Map<string, CentralEntry> | null {
  const out = new Map<string, CentralEntry>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) return null;
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const end = p + 46 + nameLen + extraLen + commentLen;
    if (end > cd.length) return null;
    const name = cd.toString("utf8", p + 46, p + 46 + nameLen);
    const entry: CentralEntry = {
      madeBy: cd.readUInt16LE(p + 4),
      versionNeeded: cd.readUInt16LE(p + 6),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      time: cd.readUInt32LE(p + 12),
      crc: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      externalAttributes: cd.readUInt32LE(p + 38),
      offset: cd.readUInt32LE(p + 42),
    };
    if (extraLen !== 0) {
      // Only archiver's ZIP64 field (size, compressed size, offset) is expected here.
      const x = p + 46 + nameLen;
      if (extraLen !== 28 || cd.readUInt16LE(x) !== 1 || cd.readUInt16LE(x + 2) !== 24) return null;
      entry.size = Number(cd.readBigUInt64LE(x + 4));
      entry.compressedSize = Number(cd.readBigUInt64LE(x + 12));
      entry.offset = Number(cd.readBigUInt64LE(x + 20));
    }
    if (commentLen !== 0 || out.has(name)) return null;
    out.set(name, entry);
    p = end;
  }
  return p === cd.length ? out : null;
}

/** Where the central directory of a zip is, read from its last bytes; null if not one of ours. */
export function locateCentralDirectory(
  tail: Buffer,
): { count: number; offset: number; bytes: number } | null {
  if (tail.length < 22) return null;
  const end = tail.length - 22;
  // Our zips never carry an archive comment, so the end record is the last 22 bytes.
  if (tail.readUInt32LE(end) !== SIG_END || tail.readUInt16LE(end + 20) !== 0) return null;
  const count = tail.readUInt16LE(end + 10);
  const bytes = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (count !== 0xffff && bytes !== ZIP64_MAGIC && offset !== ZIP64_MAGIC) {
    return { count, offset, bytes };
  }
  const loc = end - 20;
  const rec = loc - 56;
  if (rec < 0 || tail.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) return null;
  if (tail.readUInt32LE(rec) !== SIG_ZIP64_END) return null;
  return {
    count: Number(tail.readBigUInt64LE(rec + 32)),
    bytes: Number(tail.readBigUInt64LE(rec + 40)),
    offset: Number(tail.readBigUInt64LE(rec + 48)),
  };
}

/** The expected descriptor/central fields of a reusable entry, compared with what a zip says. */
export function centralMatchesShape(e: CentralEntry, shape: EntryShape, size: number): boolean {
  return (
    e.size === size &&
    !isZip64Entry(e) &&
    e.method === shape.method &&
    e.flags === shape.flags &&
    e.madeBy === MADE_BY &&
    e.time === DOS_EPOCH &&
    e.externalAttributes === EXTERNAL_ATTRIBUTES &&
    e.versionNeeded === (e.offset > ZIP64_MAGIC ? 45 : shape.versionNeeded) &&
    (shape.method === 8 || e.compressedSize === e.size)
  );
}
