/**
 * The on-disk contract of a version store, shared by the local store and remote deploys.
 *
 * ```
 * <root>/<websiteId>/
 *   versions/<versionId>/        immutable build (files + manifest.json + version.json)
 *   versions/<versionId>.zip     the same build, zipped
 *   current -> versions/<versionId>
 *   history.jsonl                one HistoryEntry per line
 *   .lock                        one writer at a time (LockOwner as JSON)
 *   deployments/*.json           deployment records (written by src/deploy)
 * ```
 *
 * Keep these types and names stable: remote servers hold stores written by older releases.
 */
import { SitewrightError } from "../errors.js";

/** File name of the version metadata inside a version directory. */
export const VERSION_FILE = "version.json";
/** Directory (under a website) that holds versions and their zips. */
export const VERSIONS_DIR = "versions";
/** Name of the live-version symlink under a website. */
export const CURRENT_LINK = "current";
/** Append-only activation/rollback log under a website. */
export const HISTORY_FILE = "history.jsonl";
/** Lock file under a website. */
export const LOCK_FILE = ".lock";
/** Directory of deployment records under a website. */
export const DEPLOYMENTS_DIR = "deployments";
/** Prefix of every temporary entry the store creates; anything with it is a crash leftover. */
export const TEMP_PREFIX = ".tmp-";

/** Build statistics copied into a version (all optional: a bare build directory has none). */
export interface VersionBuildStats {
  pages?: number;
  assets?: number;
  warnings?: number;
  durationMs?: number;
  [key: string]: unknown;
}

/** Contents of `versions/<id>/version.json`. */
export interface VersionMeta {
  /** Version id, see `formatVersionId`. */
  id: string;
  /** Semver version number, e.g. "1.4.0". */
  version: string;
  /** ISO-8601 UTC time the version was created. */
  createdAt: string;
  /** Number of files in the build (manifest.json and version.json excluded). */
  fileCount: number;
  /** Total bytes of those files. */
  bytes: number;
  /** Lowercase hex sha256 of the manifest.json bytes. */
  manifestSha256: string;
  /** Build statistics, when known. */
  build: VersionBuildStats;
  /** Who created it (user name, service, CI job). */
  actor: string;
  /** Free text, e.g. a release note. */
  note: string;
}

/** One line of `history.jsonl`. */
export interface HistoryEntry {
  /** ISO-8601 UTC time of the switch. */
  at: string;
  action: "activate" | "rollback";
  actor: string;
  /** Version id live before the switch; null when nothing was live. */
  from: string | null;
  /** Version id live after the switch. */
  to: string;
  /** Set when the switch replaced a broken `current` (then `from` is null). */
  replaced?: ReplacedCurrent;
}

/** A broken `current` that a switch replaced, as recorded in history. */
export interface ReplacedCurrent {
  /** Why it was broken, e.g. "points to /etc, which is not a version of this website". */
  reason: string;
  /** The broken link's target, or null when `current` was not a symlink. */
  target: string | null;
  /** Where a broken file or directory was kept (`current.broken-<time>`), if it was one. */
  keptAs?: string;
}

/** Contents of `.lock`: who holds the website's write lock and since when. */
export interface LockOwner {
  pid: number;
  host: string;
  actor: string;
  /** ISO-8601 UTC time the lock was taken. */
  since: string;
  /** What the holder is doing, e.g. "create" or "activate". */
  operation: string;
  /** Random token telling apart two holders in one process. */
  token?: string;
}

/** Website ids: letters, digits, `_` and `-`, 1–64 chars, starting with a letter or digit. */
const WEBSITE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** Version ids: `<yyyymmddTHHMMSSmmmZ>-<8 hex>`, optionally `-<n>` on a same-millisecond clash. */
const VERSION_ID = /^\d{8}T\d{9}Z-[0-9a-f]{8}(?:-\d{1,4})?$/;

/** Builds a version id: `<UTC yyyymmddTHHMMSSmmmZ>-<first 8 hex of the manifest sha256>`; sorts by time. */
export function formatVersionId(createdAt: Date, manifestSha256: string): string {
  const iso = createdAt.toISOString(); // 2024-05-01T12:34:56.789Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}Z`;
  return `${stamp}-${manifestSha256.slice(0, 8).toLowerCase()}`;
}

/** True when `id` has the version id format. */
export function isVersionId(id: string): boolean {
  return VERSION_ID.test(id);
}

/** Throws E_UNSAFE_PATH unless `websiteId` is safe to use as one path segment. */
export function assertWebsiteId(websiteId: unknown): asserts websiteId is string {
  if (typeof websiteId !== "string" || !WEBSITE_ID.test(websiteId)) {
    throw new SitewrightError("E_UNSAFE_PATH", `Invalid website id ${JSON.stringify(websiteId)}.`, {
      hint: "Website ids are 1-64 letters, digits, '_' or '-', starting with a letter or digit.",
    });
  }
}

/** Throws E_VERSION_NOT_FOUND unless `versionId` has the version id format. */
export function assertVersionId(versionId: unknown): asserts versionId is string {
  if (typeof versionId !== "string" || !VERSION_ID.test(versionId)) {
    throw new SitewrightError(
      "E_VERSION_NOT_FOUND",
      `No version ${JSON.stringify(versionId)}: not a version id.`,
      { hint: "Version ids look like 20240501T123456789Z-1a2b3c4d; run `versions list`." },
    );
  }
}
