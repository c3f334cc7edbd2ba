import { createHash, randomBytes } from "node:crypto";
import { copyFileSync, createReadStream, createWriteStream, linkSync, mkdirSync } from "node:fs";
import { mkdir, readdir, rename, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  createManifest,
  MANIFEST_FILE,
  type Manifest,
  type ManifestEntry,
} from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { removeTree } from "../util/remove-tree.js";
import { sha256Hex } from "../util/sha256.js";
import { assertSafeOutputPath } from "./paths.js";
import { WriteThread } from "./write-thread.js";

/**
 * Writer threads. Creating a directory and a file per page is the file system's slowest work;
 * on this VM's ext4 two threads beat one in each of 4 interleaved 10,000-page builds (5.7 vs
 * 6.0 s up to 7.8 vs 10.8 s as the disk slowed) and tie on tmpfs (2.7-3.0 s either way).
 */
const WRITE_THREADS = 2;

// Where a hard link cannot be made (another file system, no link support), carried files are copied.
const LINK_REFUSED = new Set(["EXDEV", "EPERM", "ENOTSUP", "EOPNOTSUPP", "EMLINK"]);

/** Writes one build into a temporary sibling of the output directory, then swaps it in. */
export interface OutputWriter {
  /** Queues a file; resolves once fewer than the concurrency limit of writes are in flight. */
  write(path: string, content: string | Buffer): Promise<void>;
  /** Queues a copy of `sourceFile`, streamed and hashed on the way, so large files never sit in memory. */
  copy(path: string, sourceFile: string): Promise<void>;
  /**
   * Carries a file of the previous build unchanged: a hard link to `sourceFile` (a copy where
   * links are refused), with the manifest entry it had there, so it is neither read nor hashed.
   */
  link(path: string, sourceFile: string, entry: ManifestEntry): Promise<void>;
  /** Waits for every write, writes manifest.json and moves the build into place. */
  commit(): Promise<CommittedBuild>;
  /** Removes the temporary directory; the previous output stays untouched. */
  abort(): Promise<void>;
}

/** What a committed build holds. */
export interface CommittedBuild {
  manifest: Manifest;
  /** sha256 (hex) of the manifest.json written, which a build record pins. */
  manifestSha256: string;
  files: number;
  bytes: number;
}

/**
 * Opens a writer for `outDir`. The existing output is replaced only by `commit`, so a failed
 * or interrupted build leaves it as it was. A non-empty directory that is not a previous build
 * (no manifest.json) is never replaced: pointing `--out` at the wrong folder must not delete it.
 */
export async function openOutputWriter(outDir: string, concurrency = 64): Promise<OutputWriter> {
  const target = resolve(outDir);
  await assertReplaceable(target);
  const temp = join(dirname(target), `.${basename(target)}.tmp-${randomBytes(4).toString("hex")}`);
  await mkdir(temp, { recursive: true }).catch((cause) => {
    throw outputError(`Cannot create ${temp}.`, cause);
  });

  const entries = new Map<string, ManifestEntry>();
  const threads = Array.from({ length: WRITE_THREADS }, () => new WriteThread());
  let nextThread = 0;
  // Each directory belongs to one thread, which creates it before the first file it writes
  // there; the files of a directory are then written in order, after the directory exists.
  const dirThreads = new Map<string, WriteThread>([[temp, threads[0] as WriteThread]]);
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;

  // Copies run on the main thread and may race a writer thread for a directory: always
  // mkdir (recursive mkdir of an existing directory is cheap, and copies are few).
  async function prepareDir(full: string): Promise<void> {
    const dir = dirname(full);
    await mkdir(dir, { recursive: true });
    if (!dirThreads.has(dir)) dirThreads.set(dir, threads[0] as WriteThread);
  }

  async function writeOne(path: string, data: string | Buffer): Promise<void> {
    const full = join(temp, path);
    const dir = dirname(full);
    let thread = dirThreads.get(dir);
    const newDir = thread === undefined;
    if (!thread) {
      thread = threads[nextThread++ % threads.length] as WriteThread;
      dirThreads.set(dir, thread);
    }
    entries.set(path, await thread.write(full, data, newDir ? dir : null));
  }

  async function copyOne(path: string, sourceFile: string): Promise<void> {
    const full = join(temp, path);
    await prepareDir(full);
    const hash = createHash("sha256");
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(createReadStream(sourceFile), tap, createWriteStream(full));
    entries.set(path, { size, sha256: hash.digest("hex") });
  }

  // Synchronous: a link is one cheap call, and the thread pool's round trip per call cost more
  // than the call (10,000 carried pages on tmpfs: 117 ms in place, 383 ms through the pool).
  const linkedDirs = new Set<string>();
  async function linkOne(path: string, sourceFile: string, entry: ManifestEntry): Promise<void> {
    const full = join(temp, path);
    const dir = dirname(full);
    if (!linkedDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      linkedDirs.add(dir);
    }
    try {
      linkSync(sourceFile, full);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      if (code === "ENOENT") throw carryError(path, sourceFile, err);
      if (!LINK_REFUSED.has(code)) throw err;
      copyFileSync(sourceFile, full);
    }
    entries.set(path, entry);
  }

  async function enqueue(path: string, job: () => Promise<void>): Promise<void> {
    if (failure) throw failure;
    assertSafeOutputPath(path);
    if (entries.has(path)) {
      throw new SitewrightError("E_ROUTE_CONFLICT", `Two outputs were written to ${path}.`, {
        details: { path },
      });
    }
    entries.set(path, { size: 0, sha256: "" });
    const p = job().catch((cause) => {
      failure ??=
        cause instanceof SitewrightError ? cause : outputError(`Cannot write ${path}.`, cause);
    });
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }

  return {
    write: (path, content) => enqueue(path, () => writeOne(path, content)),
    copy: (path, sourceFile) => enqueue(path, () => copyOne(path, sourceFile)),
    link: (path, sourceFile, entry) => enqueue(path, () => linkOne(path, sourceFile, entry)),
    async commit() {
      await Promise.all(inFlight);
      await Promise.all(threads.map((t) => t.close()));
      if (failure) throw failure;
      const manifest = createManifest(entries);
      const manifestJson = `${JSON.stringify(manifest, null, 1)}\n`;
      await writeFile(join(temp, MANIFEST_FILE), manifestJson);
      await swapInto(temp, target);
      let bytes = 0;
      for (const e of entries.values()) bytes += e.size;
      const manifestSha256 = sha256Hex(manifestJson);
      return { manifest, manifestSha256, files: entries.size, bytes };
    },
    async abort() {
      await Promise.allSettled(inFlight);
      await Promise.all(threads.map((t) => t.close()));
      await removeTree(temp);
    },
  };
}

async function assertReplaceable(target: string): Promise<void> {
  const info = await stat(target).catch(() => null);
  if (!info) return;
  if (!info.isDirectory()) throw outputError(`${target} exists and is not a directory.`);
  const names = await readdir(target);
  if (names.length > 0 && !names.includes(MANIFEST_FILE)) {
    throw outputError(
      `${target} is not empty and is not a sitewright build; refusing to replace it.`,
    );
  }
}

// Two renames: the old build is moved aside first so the new one appears under its name at once.
async function swapInto(temp: string, target: string): Promise<void> {
  const aside = `${temp}.old`;
  const hadOld = await rename(target, aside).then(
    () => true,
    (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return false;
      throw outputError(`Cannot move the previous build ${target} aside.`, err);
    },
  );
  try {
    await rename(temp, target);
  } catch (cause) {
    if (hadOld) await rename(aside, target).catch(() => {});
    throw outputError(`Cannot move the new build into ${target}.`, cause);
  }
  if (hadOld) await removeTree(aside);
}

function carryError(path: string, sourceFile: string, cause: unknown): SitewrightError {
  return new SitewrightError(
    "E_OUTPUT",
    `Cannot carry ${path} from the previous build: ${sourceFile} is gone.`,
    {
      cause,
      hint: "The previous build was changed after it was made; build again with --no-incremental (incremental: false).",
      details: { path, sourceFile },
    },
  );
}

function outputError(message: string, cause?: unknown): SitewrightError {
  return new SitewrightError("E_OUTPUT", message, {
    cause,
    hint: "Check that the output directory's parent exists and is writable, or choose another --out.",
  });
}
