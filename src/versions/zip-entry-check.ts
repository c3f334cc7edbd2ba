/**
 * Checks of one zip entry before any byte is extracted: unsafe names, links and special
 * files, encryption and the configured zip-bomb limits.
 */
import { SitewrightError } from "../errors.js";
import { unsafePathReason } from "./safe-path.js";

/** Limits applied to an imported zip; every one is configurable. */
export interface ZipLimits {
  /** Most entries (files and directories). */
  maxEntries: number;
  /** Most uncompressed bytes in all entries together. */
  maxTotalBytes: number;
  /** Most uncompressed bytes in one entry. */
  maxEntryBytes: number;
  /** Highest uncompressed/compressed ratio of an entry (or the whole archive)... */
  maxRatio: number;
  /** ...once it is larger than this many bytes (small text compresses very well legitimately). */
  ratioMinBytes: number;
}

/** Defaults sized for websites: 200,000 entries, 4 GiB total, 1 GiB per file, ratio 200. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 200_000,
  maxTotalBytes: 4 * 1024 ** 3,
  maxEntryBytes: 1024 ** 3,
  maxRatio: 200,
  ratioMinBytes: 1024 * 1024,
};

/** The parts of a yauzl entry the checks read. */
export interface RawEntry {
  name: string;
  versionMadeBy: number;
  externalFileAttributes: number;
  generalPurposeBitFlag: number;
  compressionMethod: number;
  compressedSize: number;
  uncompressedSize: number;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/** Classifies an entry as a file or a directory, or throws E_ZIP_UNSAFE / E_ZIP_INVALID / E_ZIP_LIMIT. */
export function checkEntry(entry: RawEntry, limits: ZipLimits, zipName: string): "file" | "dir" {
  const isDir = entry.name.endsWith("/");
  const bare = isDir ? entry.name.slice(0, -1) : entry.name;
  const reason = unsafePathReason(bare);
  if (reason !== null) throw unsafe(zipName, entry.name, reason);

  const unixMode = (entry.externalFileAttributes >>> 16) & 0xffff;
  const type = unixMode & S_IFMT;
  if (type === S_IFLNK) throw unsafe(zipName, entry.name, "symbolic link entry");
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
    throw unsafe(zipName, entry.name, `special file (mode ${unixMode.toString(8)})`);
  }
  if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
    throw invalid(zipName, `${entry.name} is encrypted`, "Import unencrypted archives only.");
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw invalid(
      zipName,
      `${entry.name} uses compression method ${entry.compressionMethod}`,
      "Use stored or deflated entries (what `zip` and sitewright write).",
    );
  }
  if (isDir || type === S_IFDIR) return "dir";

  if (entry.uncompressedSize > limits.maxEntryBytes) {
    throw limit(
      zipName,
      `${entry.name} would unpack to ${entry.uncompressedSize} bytes, above the ${limits.maxEntryBytes}-byte limit per file`,
    );
  }
  if (entry.uncompressedSize > 0 && entry.compressedSize === 0) {
    throw invalid(
      zipName,
      `${entry.name} declares ${entry.uncompressedSize} bytes from no data`,
      "The archive is corrupt or crafted.",
    );
  }
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > limits.ratioMinBytes && ratio > limits.maxRatio) {
    throw limit(
      zipName,
      `${entry.name} has a compression ratio of ${Math.round(ratio)}, above ${limits.maxRatio} (a zip bomb?)`,
    );
  }
  return "file";
}

/** Throws E_ZIP_LIMIT when the running totals pass the limits. */
export function checkTotals(
  entries: number,
  totalBytes: number,
  archiveBytes: number,
  limits: ZipLimits,
  zipName: string,
): void {
  if (entries > limits.maxEntries) {
    throw limit(zipName, `it holds ${entries} entries, above the limit of ${limits.maxEntries}`);
  }
  if (totalBytes > limits.maxTotalBytes) {
    throw limit(
      zipName,
      `it would unpack to ${totalBytes} bytes, above the limit of ${limits.maxTotalBytes}`,
    );
  }
  const ratio = totalBytes / Math.max(1, archiveBytes);
  if (totalBytes > limits.ratioMinBytes && ratio > limits.maxRatio) {
    throw limit(
      zipName,
      `it would unpack to ${Math.round(ratio)} times its size, above ${limits.maxRatio} (a zip bomb?)`,
    );
  }
}

function unsafe(zipName: string, name: string, reason: string): SitewrightError {
  return new SitewrightError(
    "E_ZIP_UNSAFE",
    `${zipName} holds an unsafe entry ${JSON.stringify(name)}: ${reason}.`,
    {
      hint: "Nothing was imported. Re-create the archive from a build directory (sitewright zips are safe).",
      details: { entry: name, reason },
    },
  );
}

function limit(zipName: string, what: string): SitewrightError {
  return new SitewrightError("E_ZIP_LIMIT", `${zipName} was rejected: ${what}.`, {
    hint: "Nothing was imported. Raise the import limits if the archive is trusted.",
  });
}

/** An E_ZIP_INVALID error naming the archive. */
export function invalid(zipName: string, what: string, hint: string): SitewrightError {
  return new SitewrightError("E_ZIP_INVALID", `${zipName} is not a usable zip: ${what}.`, {
    hint: `Nothing was imported. ${hint}`,
  });
}
