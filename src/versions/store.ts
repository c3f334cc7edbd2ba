/**
 * The version store: many websites under one root, each with immutable versions, a `current`
 * symlink, history and a lock (layout in version-meta.ts). Writers take the website lock and
 * run crash recovery first; readers never lock.
 */
import { mkdir, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { SitewrightError } from "../errors.js";
import { type CreateOptions, createVersionLocked } from "./create-version.js";
import { brokenCurrentError, inspectCurrent } from "./current-state.js";
import { exists, fsyncPath, isErrno, removeTree, tempName } from "./fs-util.js";
import { appendHistory, readHistory, rollbackCandidates } from "./history.js";
import { importZipLocked } from "./import-zip.js";
import { acquireLock, resetLockReport } from "./lock.js";
import { DEFAULT_LOCK_OPTIONS, type LockOptions } from "./lock-record.js";
import { toLog, type VersionLogger } from "./logger.js";
import {
  versionDir,
  versionMetaFile,
  versionZip,
  type WebsitePaths,
  websitePaths,
} from "./paths.js";
import { readAllVersions, readVersionMeta, resolveVersion } from "./read-versions.js";
import { recover } from "./recovery.js";
import {
  assertDeletable,
  assertKeep,
  type PruneResult,
  planPrune,
  protectedIds,
} from "./retention.js";
import type { SwitchResult, VersionStore } from "./store-types.js";
import { readCurrentId, switchCurrent } from "./symlink.js";

export type {
  ActorOption,
  SwitchResult,
  VersionListItem,
  VersionStore,
  VersionZip,
} from "./store-types.js";

import type { HistoryEntry, VersionMeta } from "./version-meta.js";
import { zipVersionDir } from "./zip.js";

/** Options of `createVersionStore`. */
export interface VersionStoreOptions {
  /** Directory holding one sub-directory per website. */
  root: string;
  /** Receives progress and warnings. */
  logger?: VersionLogger;
  /** Default actor recorded in history and version.json. */
  actor?: string;
  /** Lock waiting and staleness. */
  lock?: Partial<LockOptions>;
  /** fsync on create (default true). */
  fsync?: boolean;
}

/** A store given as an object or as its root path: what every store-taking function accepts. */
export type StoreRef = VersionStore | string;

/** The store a `StoreRef` names (a path opens a store there with the default options). */
export function openStore(ref: StoreRef): VersionStore {
  return typeof ref === "string" ? createVersionStore({ root: ref }) : ref;
}

/** The root directory of a `StoreRef`. */
export function storeRoot(ref: StoreRef): string {
  return typeof ref === "string" ? ref : ref.root;
}

/** Opens (lazily creating) a version store at `options.root`. */
export function createVersionStore(options: VersionStoreOptions): VersionStore {
  const log = toLog(options.logger);
  const lockOptions: LockOptions = { ...DEFAULT_LOCK_OPTIONS, ...options.lock };
  const defaultActor =
    options.actor ?? process.env.SITEWRIGHT_ACTOR ?? process.env.USER ?? "sitewright";
  const paths = (websiteId: string) => websitePaths(options.root, websiteId);

  async function withLock<T>(
    websiteId: string,
    actor: string,
    operation: string,
    fn: (p: WebsitePaths) => Promise<T>,
  ): Promise<T> {
    const p = paths(websiteId);
    if (operation === "create" || operation === "import") {
      await mkdir(p.versions, { recursive: true });
    } else if (!(await exists(p.dir))) {
      // Only creating makes a website; anything else on an unknown one must not leave dirs.
      throw new SitewrightError("E_VERSION_NOT_FOUND", `Website ${websiteId} has no versions.`, {
        hint: "Check --website and --store, or release a build first.",
      });
    }
    const lock = await acquireLock(p, actor, operation, lockOptions);
    try {
      await recover(p, log);
      return await fn(p);
    } finally {
      await lock.release();
    }
  }

  /** The rollback target; checks only the candidates, so it stays cheap with many versions. */
  async function targetOf(p: WebsitePaths, live: string | null): Promise<string | null> {
    for (const id of rollbackCandidates(await readHistory(p.history), live)) {
      if (await exists(versionMetaFile(p, id))) return id;
    }
    return null;
  }

  async function switchTo(
    p: WebsitePaths,
    meta: VersionMeta,
    action: HistoryEntry["action"],
    actor: string,
  ): Promise<SwitchResult> {
    const state = await inspectCurrent(p);
    const from = state.kind === "live" ? state.id : null;
    if (from === meta.id) return { from, to: meta, changed: false };
    // A broken `current` is replaced like any other: one rename, so activate repairs it.
    const broken = state.kind === "broken" ? state : undefined;
    const keptAs = await switchCurrent(p, meta.id, broken);
    log.debug("current switched", { step: `${action}.switched`, from, to: meta.id });
    if (broken) {
      log.warn(`Replaced a broken current link: it ${broken.reason}`, {
        step: `${action}.repaired`,
        target: broken.target,
        keptAs,
      });
    }
    await appendHistory(p.history, {
      at: new Date().toISOString(),
      action,
      actor,
      from,
      to: meta.id,
      ...(broken
        ? {
            replaced: {
              reason: broken.reason,
              target: broken.target,
              ...(keptAs ? { keptAs } : {}),
            },
          }
        : {}),
    });
    log.info(
      `${action === "activate" ? "Activated" : "Rolled back to"} ${meta.version} (${meta.id})`,
      {
        step: `${action}.recorded`,
        from,
        to: meta.id,
      },
    );
    return { from, to: meta, changed: true };
  }

  async function deleteLocked(p: WebsitePaths, id: string): Promise<void> {
    const aside = join(p.versions, tempName("delete"));
    // Renaming first makes the version vanish from list() at once; the slow rm comes after.
    await rename(versionDir(p, id), aside);
    await removeTree(versionZip(p, id));
    await fsyncPath(p.versions);
    await removeTree(aside);
  }

  async function pruneLocked(p: WebsitePaths, keep: number, dryRun: boolean): Promise<PruneResult> {
    const live = await readCurrentId(p);
    const plan = planPrune(
      await readAllVersions(p),
      keep,
      protectedIds(live, await targetOf(p, live)),
    );
    if (!dryRun) for (const id of plan.removed) await deleteLocked(p, id);
    log.info(`Pruned ${plan.removed.length} versions`, { step: "prune.done", ...plan });
    return { ...plan, dryRun };
  }

  const store: VersionStore = {
    root: options.root,
    create: async (websiteId, build, opts = {}) => {
      const { keep, ...createOpts } = opts;
      // Checked before the lock: a wrong keep must not leave a new version behind.
      if (keep !== undefined) assertKeep(keep);
      const actor = opts.actor ?? defaultActor;
      return withLock(websiteId, actor, "create", async (p) => {
        // Prune would refuse a broken `current` afterwards; refuse before creating instead.
        const state = keep === undefined ? null : await inspectCurrent(p);
        if (state?.kind === "broken") throw brokenCurrentError(p, state);
        const existing = await readAllVersions(p);
        const made = madeBefore(existing, createOpts);
        if (made) return made;
        const meta = await createVersionLocked(
          p,
          build,
          { fsync: options.fsync, ...createOpts, actor },
          existing,
          log,
        );
        // Same lock as the create, so no other writer can slip in between.
        if (keep !== undefined) await pruneLocked(p, keep, false);
        return meta;
      });
    },
    importZip: (websiteId, file, opts = {}) => {
      const actor = opts.actor ?? defaultActor;
      return withLock(websiteId, actor, "import", async (p) =>
        importZipLocked(
          p,
          file,
          { fsync: options.fsync, ...opts, actor },
          await readAllVersions(p),
          log,
        ),
      );
    },
    get: (websiteId, versionId) => readVersionMeta(paths(websiteId), versionId),
    list: async (websiteId) => {
      const p = paths(websiteId);
      const state = await inspectCurrent(p);
      const live = state.kind === "live" ? state.id : null;
      // With a broken link nothing is live and a plain rollback refuses, so nothing is marked.
      const target = state.kind === "broken" ? null : await targetOf(p, live);
      const all = await readAllVersions(p);
      return all
        .reverse()
        .map((v) => ({ ...v, live: v.id === live, rollbackTarget: v.id === target }));
    },
    resolve: (websiteId, ref) => resolveVersion(paths(websiteId), ref),
    current: async (websiteId) => {
      const p = paths(websiteId);
      const live = await readCurrentId(p);
      return live === null ? null : readVersionMeta(p, live);
    },
    currentState: (websiteId) => inspectCurrent(paths(websiteId)),
    history: (websiteId) => readHistory(paths(websiteId).history),
    activate: async (websiteId, ref, opts = {}) => {
      if (opts.keep !== undefined) assertKeep(opts.keep);
      const actor = opts.actor ?? defaultActor;
      return withLock(websiteId, actor, "activate", async (p) => {
        const result = await switchTo(p, await resolveVersion(p, ref), "activate", actor);
        if (opts.keep === undefined) return result;
        return { ...result, pruned: await pruneLocked(p, opts.keep, false) };
      });
    },
    rollback: (websiteId, opts = {}) => {
      const actor = opts.actor ?? defaultActor;
      return withLock(websiteId, actor, "rollback", async (p) => {
        // A named target needs nothing from `current`, so it also repairs a broken one.
        if (opts.to !== undefined)
          return switchTo(p, await resolveVersion(p, opts.to), "rollback", actor);
        // "The version live before" means nothing when no link can be trusted: E_STORE.
        const live = await readCurrentId(p);
        const target = await targetOf(p, live);
        if (target === null) {
          throw new SitewrightError(
            "E_NO_ROLLBACK",
            `Website ${websiteId} has no earlier live version.`,
            {
              hint: "Name a version with --to, or activate one.",
            },
          );
        }
        return switchTo(p, await readVersionMeta(p, target), "rollback", actor);
      });
    },
    prune: (websiteId, opts) =>
      withLock(websiteId, opts.actor ?? defaultActor, "prune", (p) =>
        pruneLocked(p, opts.keep, opts.dryRun ?? false),
      ),
    delete: (websiteId, versionId, opts = {}) =>
      withLock(websiteId, opts.actor ?? defaultActor, "delete", async (p) => {
        await readVersionMeta(p, versionId);
        const live = await readCurrentId(p);
        assertDeletable(versionId, live, await targetOf(p, live));
        await deleteLocked(p, versionId);
        log.info(`Deleted version ${versionId}`, { step: "delete.done" });
      }),
    resetLock: async (websiteId, opts = {}) => {
      if (!(await exists(paths(websiteId).dir))) return { found: "none", owner: null };
      const reset = await resetLockReport(paths(websiteId));
      if (reset.found !== "none") log.warn("Lock reset", { ...reset });
      await withLock(websiteId, opts.actor ?? defaultActor, "reset", async () => undefined);
      return reset;
    },
    versionDir: (websiteId, versionId) => versionDir(paths(websiteId), versionId),
    zip: async (websiteId, versionId) => {
      const p = paths(websiteId);
      const meta = await readVersionMeta(p, versionId);
      const file = versionZip(p, versionId);
      try {
        const s = await stat(file);
        return { path: file, size: s.size, mtime: s.mtime, meta };
      } catch (err) {
        if (!isErrno(err, "ENOENT")) throw err;
      }
      // A version copied without its zip (e.g. by hand): rebuild it; the zip is deterministic.
      await withLock(websiteId, defaultActor, "zip", () =>
        zipVersionDir(versionDir(p, versionId), file, join(p.versions, tempName("zip"))),
      );
      const s = await stat(file);
      return { path: file, size: s.size, mtime: s.mtime, meta };
    },
  };
  return store;
}

/** The version an idempotent create (CreateOptions.onceByStat) already made, if any. */
function madeBefore(
  existing: readonly VersionMeta[],
  { onceByStat, stats }: CreateOptions,
): VersionMeta | undefined {
  if (onceByStat === undefined) return undefined;
  const value = stats?.[onceByStat];
  if (value === undefined || value === null) {
    throw new SitewrightError(
      "E_USAGE",
      `onceByStat names "${onceByStat}", which the create's stats do not hold.`,
      { hint: "Put the idempotency key into stats under the name given as onceByStat." },
    );
  }
  return existing.find((v) => v.build?.[onceByStat] === value);
}
