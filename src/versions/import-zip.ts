/**
 * Imports a zip (e.g. a downloaded version) as a new version. Every entry is checked before it
 * is written, sizes and hashes are verified while streaming, and any failure removes all that
 * was extracted.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import {
  createManifest,
  MANIFEST_FILE,
  type ManifestEntry,
  readManifest,
} from "../contracts/manifest.js";
import { isSitewrightError } from "../errors.js";
import { type CreateOptions, createVersionLocked } from "./create-version.js";
import { removeTree, tempName } from "./fs-util.js";
import type { Log } from "./logger.js";
import type { WebsitePaths } from "./paths.js";
import { RESERVED_ROOT_NAMES } from "./safe-path.js";
import type { VersionMeta } from "./version-meta.js";
import {
  checkEntry,
  checkTotals,
  DEFAULT_ZIP_LIMITS,
  invalid,
  type ZipLimits,
} from "./zip-entry-check.js";

/** Options of `store.importZip`. */
export interface ImportOptions extends CreateOptions {
  /** Zip-bomb limits (defaults: DEFAULT_ZIP_LIMITS). */
  limits?: Partial<ZipLimits>;
}

/** Extracts `file` safely into the new directory `dest`; returns each file's size and sha256. */
export async function extractZip(
  file: string,
  dest: string,
  limits: ZipLimits,
  log: Log,
): Promise<Map<string, ManifestEntry>> {
  const zipName = basename(file);
  const archiveBytes = (await stat(file)).size;
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(
      file,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
      (err, z) => (err ? reject(err) : resolve(z)),
    ),
  ).catch((cause: unknown) => {
    throw invalid(zipName, (cause as Error).message, "Check that the file is a complete zip.");
  });
  checkTotals(zip.entryCount, 0, archiveBytes, limits, zipName);

  const files = new Map<string, ManifestEntry>();
  const seen = new Map<string, "file" | "dir">();
  let total = 0;
  try {
    for await (const raw of entries(zip)) {
      const name = yauzl.getFileNameLowLevel(
        raw.generalPurposeBitFlag,
        raw.fileNameRaw as unknown as Buffer,
        raw.extraFields,
        true,
      );
      const kind = checkEntry({ ...raw, name }, limits, zipName);
      const path = kind === "dir" ? name.replace(/\/$/, "") : name;
      checkConflicts(seen, path, kind, zipName);
      if (kind === "dir") continue;
      if (RESERVED_ROOT_NAMES.has(path)) {
        log.warn(`Skipped ${path} from ${zipName}; the store writes its own`, { entry: path });
        continue;
      }
      total += raw.uncompressedSize;
      checkTotals(zip.entryCount, total, archiveBytes, limits, zipName);
      files.set(path, await extractEntry(zip, raw, join(dest, path)));
    }
  } catch (err) {
    if (isSitewrightError(err)) throw err;
    throw invalid(zipName, (err as Error).message, "The archive is corrupt or its sizes lie.");
  } finally {
    zip.close();
  }
  return files;
}

/** Extracts, verifies against any manifest inside, and creates the version; caller holds the lock. */
export async function importZipLocked(
  paths: WebsitePaths,
  file: string,
  options: ImportOptions & { actor: string },
  existing: readonly VersionMeta[],
  log: Log,
): Promise<VersionMeta> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  const dir = join(paths.versions, tempName("import"));
  await mkdir(dir, { recursive: true });
  try {
    const files = await extractZip(file, dir, limits, log);
    log.debug("Zip extracted", { step: "import.extracted", files: files.size });
    await reconcileManifest(dir, files, basename(file));
    return await createVersionLocked(paths, dir, options, existing, log);
  } finally {
    await removeTree(dir);
  }
}

/** With a manifest inside, every file must match it exactly; without one, write one. */
async function reconcileManifest(dir: string, files: Map<string, ManifestEntry>, zipName: string) {
  const own = files.get(MANIFEST_FILE);
  files.delete(MANIFEST_FILE);
  if (!own) {
    await writeFile(
      join(dir, MANIFEST_FILE),
      `${JSON.stringify(createManifest(files), null, 2)}\n`,
    );
    return;
  }
  const manifest = await readManifest(dir);
  const listed = Object.entries(manifest.files);
  for (const [name, want] of listed) {
    const got = files.get(name);
    if (!got || got.size !== want.size || got.sha256 !== want.sha256) {
      throw invalid(
        zipName,
        `${name} ${got ? "differs from" : "is missing but listed in"} its manifest.json`,
        "The archive was altered after it was made.",
      );
    }
  }
  if (listed.length !== files.size) {
    const extra = [...files.keys()].find((n) => !(n in manifest.files));
    throw invalid(
      zipName,
      `${extra} is not listed in its manifest.json`,
      "The archive was altered after it was made.",
    );
  }
}

function checkConflicts(
  seen: Map<string, "file" | "dir">,
  path: string,
  kind: "file" | "dir",
  zipName: string,
) {
  const prior = seen.get(path);
  if (prior === "file" || (prior === "dir" && kind === "file")) {
    throw invalid(
      zipName,
      `${path} appears twice`,
      "Re-create the archive; duplicate names are ambiguous.",
    );
  }
  seen.set(path, kind);
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    const parent = parts.slice(0, i).join("/");
    if (seen.get(parent) === "file") {
      throw invalid(
        zipName,
        `${path} is inside ${parent}, which is a file`,
        "Re-create the archive.",
      );
    }
    seen.set(parent, "dir");
  }
}

async function extractEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  target: string,
): Promise<ManifestEntry> {
  await mkdir(dirname(target), { recursive: true });
  const source = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  const hash = createHash("sha256");
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(source, meter, createWriteStream(target, { flags: "wx", mode: 0o644 }));
  return { size, sha256: hash.digest("hex") };
}

async function* entries(zip: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => settle(() => resolve(e));
      const onEnd = () => settle(() => resolve(null));
      const onError = (err: Error) => settle(() => reject(err));
      const settle = (fn: () => void) => {
        zip.off("entry", onEntry).off("end", onEnd).off("error", onError);
        fn();
      };
      zip.on("entry", onEntry).on("end", onEnd).on("error", onError);
      zip.readEntry();
    });
    if (entry === null) return;
    yield entry;
  }
}
