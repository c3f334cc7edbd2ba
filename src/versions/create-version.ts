/**
 * Turns a build directory into an immutable version. Everything is assembled under temp names
 * and published by two renames (zip, then directory); the directory rename is the commit
 * point, so a crash before it leaves only temp entries that recovery sweeps.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import semver from "semver";
import { MANIFEST_FILE, manifestBytes, readManifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { exists, fsyncPath, removeTree, tempName, writeFileAtomic } from "./fs-util.js";
import { linkVersionFiles, type PreviousFiles } from "./link-version-files.js";
import type { Log } from "./logger.js";
import { type Bump, nextVersion } from "./numbering.js";
import type { WebsitePaths } from "./paths.js";
import { versionDir, versionZip } from "./paths.js";
import {
  formatVersionId,
  VERSION_FILE,
  type VersionBuildStats,
  type VersionMeta,
} from "./version-meta.js";
import { manifestZipEntries, writeZip, type ZipOptions, type ZipReport } from "./zip.js";
import { openZipReuse, type ReuseSource } from "./zip-reuse.js";

/** The parts of the generator's BuildResult a version records. */
export interface BuildResultLike {
  outDir: string;
  pages?: number;
  skipped?: number;
  durationMs?: number;
  warnings?: readonly unknown[];
}

/** A build to turn into a version: its directory, `{ dir, stats }`, or a BuildResult. */
export type BuildInput = string | { dir: string; stats?: VersionBuildStats } | BuildResultLike;

/** The directory and the statistics of a build input. */
export function buildSource(build: BuildInput): { dir: string; stats: VersionBuildStats } {
  if (typeof build === "string") return { dir: build, stats: {} };
  if ("dir" in build) return { dir: build.dir, stats: { ...build.stats } };
  const stats: VersionBuildStats = {};
  if (build.pages !== undefined) stats.pages = build.pages;
  if (build.skipped !== undefined) stats.skipped = build.skipped;
  if (build.warnings !== undefined) stats.warnings = build.warnings.length;
  if (build.durationMs !== undefined) stats.durationMs = build.durationMs;
  return { dir: build.outDir, stats };
}

/** Options of `store.create`. */
export interface CreateOptions {
  /** Part of the number to bump (default patch); ignored when `version` is given. */
  bump?: Bump;
  /** Exact semver number to use instead of bumping. */
  version?: string;
  /** Who creates it (default: the store's actor). */
  actor?: string;
  /** Free text stored in version.json. */
  note?: string;
  /** Build statistics to record (merged over those of a BuildInput object). */
  stats?: VersionBuildStats;
  /** fsync files and directories (default true). */
  fsync?: boolean;
  /** Zip writer tuning. */
  zip?: ZipOptions;
  /**
   * Take unchanged files (same sha256 and size) from the newest existing version: hard links
   * from its directory, entries copied from its zip (default true). The result is the same
   * either way; false only costs time.
   */
  reuse?: boolean;
  /**
   * A key of `stats` that makes the create idempotent: when a version whose build stats hold
   * the same value under that key exists, it is returned and nothing is written. Checked under
   * the website lock, so two writers racing with one key (a stalled queue job and the worker
   * that took it over) make one version.
   */
  onceByStat?: string;
}

/** Creates a version; the caller holds the website lock and passes the existing versions. */
export async function createVersionLocked(
  paths: WebsitePaths,
  build: BuildInput,
  options: CreateOptions & { actor: string },
  existing: readonly VersionMeta[],
  log: Log,
): Promise<VersionMeta> {
  const source = buildSource(build);
  const buildDir = source.dir;
  const stats = { ...source.stats, ...options.stats };
  const fsync = options.fsync ?? true;
  const manifest = await readManifest(buildDir);
  const manifestRaw = await readFile(join(buildDir, MANIFEST_FILE));
  const manifestSha256 = createHash("sha256").update(manifestRaw).digest("hex");
  const version = pickNumber(existing, options);

  const createdAt = new Date();
  let id = formatVersionId(createdAt, manifestSha256);
  for (let n = 1; existing.some((v) => v.id === id) || (await exists(versionDir(paths, id))); n++) {
    id = `${formatVersionId(createdAt, manifestSha256)}-${n}`;
  }

  await mkdir(paths.versions, { recursive: true });
  const tmpDir = join(paths.versions, tempName("version"));
  const tmpZip = join(paths.versions, tempName("zip"));
  let zipPlaced = false;
  try {
    await mkdir(tmpDir);
    log.debug("Assembling version", { step: "create.started", id, buildDir });
    const previous = options.reuse === false ? null : await previousFiles(paths, existing);
    const placed = await linkVersionFiles(buildDir, manifest, tmpDir, { fsync, previous });
    log.debug("Files in place", { step: "create.materialized", ...placed });
    await writeFileAtomic(join(tmpDir, MANIFEST_FILE), manifestRaw);
    const meta: VersionMeta = {
      id,
      version,
      createdAt: createdAt.toISOString(),
      fileCount: Object.keys(manifest.files).length,
      bytes: manifestBytes(manifest),
      manifestSha256,
      build: stats,
      actor: options.actor,
      note: options.note ?? "",
    };
    await writeFileAtomic(join(tmpDir, VERSION_FILE), `${JSON.stringify(meta, null, 2)}\n`);
    if (fsync) await fsyncPath(tmpDir);

    const entries = manifestZipEntries(manifest, manifestRaw.length);
    let report: ZipReport | null = null;
    const reuse = previous === null ? null : await openZipReuse(previous, manifest);
    try {
      await writeZip(tmpDir, entries, tmpZip, {
        fsync,
        ...options.zip,
        reuse,
        onReport: (r) => {
          report = r;
        },
      });
    } finally {
      await reuse?.close();
    }
    log.debug("Zip written", { step: "create.zipped", ...(report ?? {}) });

    // Zip first: a zip without its directory is an orphan recovery removes; the reverse
    // would be a listed version that cannot be downloaded.
    await rename(tmpZip, versionZip(paths, id));
    zipPlaced = true;
    log.debug("Zip placed", { step: "create.zip-placed" });
    await rename(tmpDir, versionDir(paths, id));
    await fsyncPath(paths.versions);
    log.info(`Created version ${version} (${id})`, { step: "create.committed", id, version });
    return meta;
  } catch (err) {
    await removeTree(tmpDir);
    await removeTree(tmpZip);
    if (zipPlaced) await removeTree(versionZip(paths, id));
    throw err;
  }
}

/** The newest version, whose files and zip entries an unchanged file can be taken from. */
async function previousFiles(
  paths: WebsitePaths,
  existing: readonly VersionMeta[],
): Promise<(PreviousFiles & ReuseSource) | null> {
  const newest = existing.at(-1);
  if (newest === undefined) return null;
  const dir = versionDir(paths, newest.id);
  try {
    const manifestRaw = await readFile(join(dir, MANIFEST_FILE));
    const manifest = await readManifest(dir);
    return { dir, manifest, manifestRaw, zipFile: versionZip(paths, newest.id) };
  } catch {
    // An unreadable previous manifest only means that nothing is reused.
    return null;
  }
}

function pickNumber(existing: readonly VersionMeta[], options: CreateOptions): string {
  if (options.version === undefined)
    return nextVersion(
      existing.map((v) => v.version),
      options.bump,
    );
  const clean = semver.valid(options.version);
  if (clean === null) {
    throw new SitewrightError(
      "E_USAGE",
      `${JSON.stringify(options.version)} is not a semver number.`,
      {
        hint: "Use a number like 1.4.0, or leave it out to bump the latest.",
      },
    );
  }
  const clash = existing.find((v) => v.version === clean);
  if (clash) {
    throw new SitewrightError(
      "E_VERSION_EXISTS",
      `Version ${clean} already exists (${clash.id}).`,
      {
        hint: "Pick another number or let the store bump it.",
      },
    );
  }
  return clean;
}
