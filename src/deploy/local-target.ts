/**
 * The local deploy target: a version store on a path of this machine (a mounted web root, a
 * second store), written with the version store's own lock, recovery, symlink and history code
 * so both sides share one on-disk contract. Same steps as the SSH target, without a network.
 */

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, readFile, rename, rm, truncate, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { MANIFEST_FILE, readManifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { mapLimit } from "../util/map-limit.js";
import { inspectCurrent } from "../versions/current-state.js";
import { exists, fsyncPath, removeTree, tempName } from "../versions/fs-util.js";
import { appendHistory, readHistory } from "../versions/history.js";
import { acquireLock, resetLockReport } from "../versions/lock.js";
import { DEFAULT_LOCK_OPTIONS } from "../versions/lock-record.js";
import { toLog } from "../versions/logger.js";
import { versionDir, versionMetaFile, versionZip, websitePaths } from "../versions/paths.js";
import { readAllVersions } from "../versions/read-versions.js";
import { recover } from "../versions/recovery.js";
import { readCurrentId, switchCurrent } from "../versions/symlink.js";
import { VERSION_FILE } from "../versions/version-meta.js";
import { expectedHashes } from "./checksums.js";
import { throwIfAborted } from "./retry.js";
import type { DeployTarget, TargetSession } from "./target.js";
import { stagingName } from "./target-names.js";

/** Options of a local target. */
export interface LocalTargetOptions {
  /** Root of the destination version store. */
  root: string;
  /** Parallel file operations (default 16). */
  concurrency?: number;
}

/** Creates a local target writing to the store at `options.root`. */
export function createLocalTarget(options: LocalTargetOptions): DeployTarget {
  const root = resolve(options.root);
  const name = `file://${root}`;
  return {
    name,
    kind: "local",
    async open() {
      return localSession(name, root, options.concurrency ?? 16);
    },
  };
}

function localSession(name: string, root: string, concurrency: number): TargetSession {
  const paths = (websiteId: string) => websitePaths(root, websiteId);
  const staging = (websiteId: string, versionId: string) =>
    join(paths(websiteId).versions, stagingName(versionId));

  let bytesSent = 0;
  return {
    name,
    get bytesSent() {
      return bytesSent;
    },
    async inspect(websiteId, versionId) {
      const p = paths(websiteId);
      // A broken `current` (e.g. a link outside the store) is never live; other errors surface.
      const state = await inspectCurrent(p);
      const current = state.kind === "live" ? state.id : null;
      const manifest =
        current === null ? null : await readManifest(versionDir(p, current)).catch(() => null);
      return { current, manifest, hasVersion: await exists(versionMetaFile(p, versionId)) };
    },
    async lock(websiteId, owner, options = {}) {
      const p = paths(websiteId);
      await mkdir(p.dir, { recursive: true });
      return acquireLock(p, owner.actor, owner.operation, {
        waitMs: options.waitMs ?? DEFAULT_LOCK_OPTIONS.waitMs,
        staleMs: options.staleMs ?? DEFAULT_LOCK_OPTIONS.staleMs,
      });
    },
    async prepare(websiteId, owner, options = {}) {
      const lock = await this.lock(websiteId, owner, options);
      try {
        const p = paths(websiteId);
        await mkdir(p.versions, { recursive: true });
        const { removed, historyRepaired } = await recover(p, toLog(undefined));
        const state =
          options.versionId === undefined ? null : await this.inspect(websiteId, options.versionId);
        return { lock, removed, historyRepaired, state };
      } catch (err) {
        await lock.release().catch(() => undefined);
        throw err;
      }
    },
    resetLock: (websiteId) => resetLockReport(paths(websiteId)),
    async sweep(websiteId) {
      const p = paths(websiteId);
      await mkdir(p.versions, { recursive: true });
      return (await recover(p, toLog(undefined))).removed;
    },
    async stage(websiteId, versionId, fromVersion, links, signal) {
      const dir = staging(websiteId, versionId);
      await removeTree(dir);
      await mkdir(dir, { recursive: true });
      if (links.length === 0 || fromVersion === null) return;
      const from = versionDir(paths(websiteId), fromVersion);
      await mapLimit(links, concurrency, async (file) => {
        throwIfAborted(signal);
        await mkdir(dirname(join(dir, file)), { recursive: true });
        await link(join(from, file), join(dir, file));
      });
    },
    async upload(source, files, { signal, onProgress }) {
      const dir = staging(source.websiteId, source.versionId);
      let done = 0;
      let bytes = 0;
      await mapLimit(files, concurrency, async (file) => {
        throwIfAborted(signal);
        await mkdir(dirname(join(dir, file)), { recursive: true });
        await copyFile(join(source.dir, file), join(dir, file));
        done++;
        bytes += source.manifest.files[file]?.size ?? 0;
        onProgress?.({ files: done, bytes });
      });
      await writeFile(join(dir, MANIFEST_FILE), source.manifestJson);
      await writeFile(join(dir, VERSION_FILE), source.versionJson);
      const sent = bytes + source.manifestJson.length + source.versionJson.length;
      bytesSent += sent;
      return { bytesSent: sent };
    },
    async verifyAndCommit(source, signal) {
      const dir = staging(source.websiteId, source.versionId);
      const failed: string[] = [];
      await mapLimit(expectedHashes(source), concurrency, async ([file, sha]) => {
        throwIfAborted(signal);
        const actual = await hashFile(join(dir, file)).catch(() => "missing");
        if (actual !== sha) failed.push(`${file}: FAILED`);
      });
      if (failed.length > 0) {
        throw new SitewrightError(
          "E_VERIFY",
          `Files in ${name} do not match the manifest: ${failed.slice(0, 10).join("; ")}.`,
          {
            hint: "Deploy again; the live version is untouched.",
            details: { target: name, failed },
          },
        );
      }
      const p = paths(source.websiteId);
      if (await exists(versionDir(p, source.versionId))) {
        throw new SitewrightError(
          "E_VERSION_EXISTS",
          `${source.versionId} already exists in ${name}.`,
        );
      }
      await rename(dir, versionDir(p, source.versionId));
      await fsyncPath(p.versions);
    },
    async discard(websiteId, versionId) {
      await removeTree(staging(websiteId, versionId));
    },
    async switchTo(websiteId, entry) {
      const p = paths(websiteId);
      if (!(await exists(versionMetaFile(p, entry.to)))) {
        throw new SitewrightError("E_VERSION_NOT_FOUND", `Version ${entry.to} is not in ${name}.`);
      }
      // As the store's activate: a broken `current` is replaced by the same one rename, and
      // what it was goes to history, so nothing is lost and readers never see no `current`.
      const state = await inspectCurrent(p);
      const broken = state.kind === "broken" ? state : undefined;
      const keptAs = await switchCurrent(p, entry.to, broken);
      await appendHistory(
        p.history,
        broken
          ? {
              ...entry,
              from: null,
              replaced: {
                reason: broken.reason,
                target: broken.target,
                ...(keptAs ? { keptAs } : {}),
              },
            }
          : entry,
      );
    },
    async unsetCurrent(websiteId, entry) {
      const p = paths(websiteId);
      const state = await inspectCurrent(p);
      if (state.kind !== "live" || state.id !== entry.to) return;
      await rm(p.current, { force: true });
      await dropLastHistoryLine(p.history, JSON.stringify(entry));
    },
    async list(websiteId) {
      const p = paths(websiteId);
      return { current: await readCurrentId(p), versions: await readAllVersions(p) };
    },
    history: (websiteId) => readHistory(paths(websiteId).history),
    async remove(websiteId, versionIds) {
      const p = paths(websiteId);
      for (const id of versionIds) {
        const aside = join(p.versions, tempName("delete"));
        await rename(versionDir(p, id), aside).catch(() => undefined);
        await removeTree(versionZip(p, id));
        await removeTree(aside);
      }
    },
    async close() {},
  };
}

/** Truncates `line` off history.jsonl when it is the last line (the undone switch's own). */
async function dropLastHistoryLine(file: string, line: string): Promise<void> {
  const text = await readFile(file, "utf8").catch(() => "");
  const last = `${line}\n`;
  if (text !== last && !text.endsWith(`\n${last}`)) return;
  await truncate(file, Buffer.byteLength(text) - Buffer.byteLength(last));
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
