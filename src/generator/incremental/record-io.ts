/**
 * Reading the previous build's record (and trusting it only when it describes the build in the
 * output folder, made by this sitewright) and writing the new one once the build is in place.
 */
import { randomBytes } from "node:crypto";
import { access, readFile, rename, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { MANIFEST_FILE, type Manifest } from "../../contracts/manifest.js";
import { sha256Hex } from "../../util/sha256.js";
import { writeJsonFile } from "../../util/write-json-file.js";
import type { OutputWriter } from "../write.js";
import { generatorFingerprint } from "./generator-fingerprint.js";
import type { CleanReason } from "./reasons.js";
import { type BuildRecord, RECORD_FORMAT, recordPath } from "./record.js";

/** A previous build that an incremental build may take files from. */
export interface PreviousBuild {
  /** The output folder (absolute), holding the previous build until this one replaces it. */
  dir: string;
  record: BuildRecord;
  manifest: Manifest;
}

/** The previous build in `outDir`, or why there is none to use. */
export async function readPreviousBuild(
  outDir: string,
): Promise<{ previous: PreviousBuild } | { clean: CleanReason }> {
  const dir = resolve(outDir);
  // The manifest first: without the build it pins, a record (tens of MB for a large site) is
  // not worth reading.
  const manifestBytes = await readFile(join(dir, MANIFEST_FILE)).catch(() => null);
  if (manifestBytes === null) {
    const recorded = await access(recordPath(dir)).then(
      () => true,
      () => false,
    );
    return { clean: recorded ? "output-changed" : "no-record" };
  }
  const text = await readFile(recordPath(dir), "utf8").catch((err: NodeJS.ErrnoException) =>
    err.code === "ENOENT" ? null : "",
  );
  if (text === null) return { clean: "no-record" };
  let record: BuildRecord;
  try {
    record = JSON.parse(text) as BuildRecord;
  } catch {
    return { clean: "record-unreadable" };
  }
  if (!isRecordShaped(record)) return { clean: "record-unreadable" };
  if (record.format !== RECORD_FORMAT || record.generator !== generatorFingerprint())
    return { clean: "other-version" };
  if (sha256Hex(manifestBytes) !== record.manifestSha256) return { clean: "output-changed" };
  let manifest: Manifest;
  try {
    manifest = JSON.parse(manifestBytes.toString("utf8")) as Manifest;
  } catch {
    return { clean: "output-changed" };
  }
  return { previous: { dir, record, manifest } };
}

function isRecordShaped(value: unknown): value is BuildRecord {
  const r = value as Partial<BuildRecord> | null;
  return (
    typeof r === "object" &&
    r !== null &&
    typeof r.format === "number" &&
    typeof r.generator === "string" &&
    typeof r.websiteId === "string" &&
    typeof r.manifestSha256 === "string" &&
    typeof r.inputs === "object" &&
    Array.isArray(r.keys) &&
    Array.isArray(r.utilities) &&
    Array.isArray(r.refs) &&
    Array.isArray(r.routes) &&
    Array.isArray(r.initWarnings) &&
    typeof r.siteFiles === "object" &&
    typeof r.assets === "object" &&
    (r.pageFiles === null ||
      (Array.isArray(r.pageFiles?.files) && Array.isArray(r.pageFiles?.summaryKeys)))
  );
}

/**
 * Writes the record of the build now in `outDir`: into a temporary sibling first, then one
 * rename, so a reader sees the old record or the new one, never half of one. A crash between
 * the output's swap and this rename leaves the old record, whose manifest hash no longer
 * matches: the next build is then a clean one.
 */
export async function writeRecord(outDir: string, record: BuildRecord): Promise<void> {
  const target = recordPath(outDir);
  const temp = `${target}.tmp-${randomBytes(4).toString("hex")}`;
  try {
    writeJsonFile(temp, record);
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Removes the record of `outDir`, for a build that leaves none (entities rendered alone). */
export async function removeRecord(outDir: string): Promise<void> {
  await rm(recordPath(outDir), { force: true });
}

/**
 * Carries `file` of the previous build into `writer` unchanged: a hard link, with the manifest
 * entry it had, so it is neither read nor hashed. Null when the previous build has no such file.
 */
export function carryFile(
  writer: OutputWriter,
  previous: PreviousBuild,
  file: string,
): Promise<void> | null {
  const entry = previous.manifest.files[file];
  return entry ? writer.link(file, join(previous.dir, file), entry) : null;
}
