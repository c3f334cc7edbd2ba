/**
 * Operations on a target's store with the local store's semantics: list, activate, rollback
 * (to the version live before, from history, or a named one), prune (never the live version
 * nor the rollback target) and reset. Each takes the target's lock; a switch is one round trip.
 */
import { SitewrightError } from "../errors.js";
import { rollbackTarget } from "../versions/history.js";
import type { LockReset } from "../versions/lock.js";
import { createLockOwner } from "../versions/lock-record.js";
import { matchVersion } from "../versions/numbering.js";
import { type PruneResult, planPrune, protectedIds } from "../versions/retention.js";
import type { StoreRef } from "../versions/store.js";
import { isVersionId, type LockOwner, type VersionMeta } from "../versions/version-meta.js";
import { failStuckDeployments } from "./deployment-record.js";
import type { DeployTarget, TargetLockOptions, TargetSession } from "./target.js";

/** Options every remote operation takes. */
export interface RemoteOpOptions {
  target: DeployTarget;
  websiteId: string;
  actor?: string;
  signal?: AbortSignal;
  lock?: Omit<TargetLockOptions, "signal">;
}

/** A version on a target as `remoteList` shows it. */
export interface RemoteVersion extends VersionMeta {
  live: boolean;
  rollbackTarget: boolean;
}

/** Result of a remote activate or rollback. */
export interface RemoteSwitchResult {
  target: string;
  from: string | null;
  to: string;
  /** False when the version was already live (nothing written). */
  changed: boolean;
}

async function withSession<T>(
  options: RemoteOpOptions,
  fn: (s: TargetSession) => Promise<T>,
): Promise<T> {
  const session = await options.target.open(options.signal);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}

async function withLock<T>(
  options: RemoteOpOptions,
  operation: string,
  fn: (s: TargetSession, owner: LockOwner) => Promise<T>,
  /** The error for a target without versions, thrown before the lock creates any directory. */
  whenEmpty?: () => SitewrightError,
): Promise<T> {
  return withSession(options, async (session) => {
    if (whenEmpty && (await session.list(options.websiteId)).versions.length === 0)
      throw whenEmpty();
    const owner = createLockOwner(options.actor ?? "sitewright", operation);
    // Like the local store's writers: recover (leftovers, a switch missing from history) first.
    const { lock } = await session.prepare(options.websiteId, owner, {
      ...options.lock,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      return await fn(session, owner);
    } finally {
      await lock.release();
    }
  });
}

async function state(session: TargetSession, websiteId: string) {
  const [{ current, versions }, history] = await Promise.all([
    session.list(websiteId),
    session.history(websiteId),
  ]);
  const target = rollbackTarget(history, current, new Set(versions.map((v) => v.id)));
  return { current, versions, target };
}

/** The versions on a target, newest first, with live and rollback-target flags. */
export async function remoteList(options: RemoteOpOptions): Promise<RemoteVersion[]> {
  return withSession(options, async (session) => {
    const { current, versions, target } = await state(session, options.websiteId);
    return [...versions]
      .reverse()
      .map((v) => ({ ...v, live: v.id === current, rollbackTarget: v.id === target }));
  });
}

/** Makes a version on the target live (by id, `current`, a semver number or range). */
export async function remoteActivate(
  options: RemoteOpOptions & { version: string },
): Promise<RemoteSwitchResult> {
  return withLock(
    options,
    "activate",
    async (session, owner) => {
      const { current, versions } = await state(session, options.websiteId);
      const to = resolveRef(versions, current, options.version, options.target.name);
      return switchTo(session, options, owner, "activate", current, to);
    },
    () => notFound(options.version, options.target.name),
  );
}

/** Switches the target back to the version live before (or to `to`). */
export async function remoteRollback(
  options: RemoteOpOptions & { to?: string },
): Promise<RemoteSwitchResult> {
  return withLock(
    options,
    "rollback",
    async (session, owner) => {
      const { current, versions, target } = await state(session, options.websiteId);
      let to: string;
      if (options.to !== undefined)
        to = resolveRef(versions, current, options.to, options.target.name);
      else if (target !== null) to = target;
      else throw noRollback(options);
      return switchTo(session, options, owner, "rollback", current, to);
    },
    () => noRollback(options),
  );
}

/** Deletes all but the `keep` newest versions on the target, never the live or rollback one. */
export async function remotePrune(
  options: RemoteOpOptions & { keep: number; dryRun?: boolean },
): Promise<PruneResult> {
  return withLock(options, "prune", async (session) => {
    const { current, versions, target } = await state(session, options.websiteId);
    const { kept, removed } = planPrune(versions, options.keep, protectedIds(current, target));
    if (!options.dryRun) await session.remove(options.websiteId, removed);
    return { kept, removed, dryRun: options.dryRun === true };
  });
}

/** What `resetDeployment` found and cleared on one target. */
export interface ResetResult {
  target: string;
  /** Who held the lock (null when it was free or unreadable). */
  lockOwner: LockOwner | null;
  /** What the lock was: none, an owner record, or unreadable (empty, corrupt) with `problem`. */
  lock: LockReset;
  /** Temp leftovers removed. */
  removed: string[];
}

/**
 * The seeds' "Reset Deployment": force-removes each target's lock and temp leftovers and, given
 * the local store, marks deployment records whose process is gone as failed. Use it only when
 * no deploy is running; the live version is never touched.
 */
export async function resetDeployment(options: {
  targets: readonly DeployTarget[];
  websiteId: string;
  store?: StoreRef;
  signal?: AbortSignal;
}): Promise<{ targets: ResetResult[]; failedRecords: string[] }> {
  const targets = await Promise.all(
    options.targets.map((target) =>
      withSession(
        {
          target,
          websiteId: options.websiteId,
          ...(options.signal ? { signal: options.signal } : {}),
        },
        async (s) => {
          const lock = await s.resetLock(options.websiteId);
          const removed = await s.sweep(options.websiteId);
          return { target: target.name, lockOwner: lock.owner, lock, removed };
        },
      ),
    ),
  );
  const failedRecords = options.store
    ? await failStuckDeployments(options.store, options.websiteId)
    : [];
  return { targets, failedRecords };
}

function noRollback(options: RemoteOpOptions): SitewrightError {
  return new SitewrightError(
    "E_NO_ROLLBACK",
    `${options.websiteId} on ${options.target.name} has no earlier version.`,
    { hint: "Name a version with --to, or deploy one." },
  );
}

function notFound(ref: string, where: string): SitewrightError {
  return new SitewrightError(
    "E_VERSION_NOT_FOUND",
    `No version ${JSON.stringify(ref)} on ${where}.`,
    {
      hint: "Run `sitewright remote list` to see the versions on the server.",
    },
  );
}

function resolveRef(
  versions: readonly VersionMeta[],
  current: string | null,
  ref: string,
  where: string,
): string {
  if ((ref === "current" || ref === "live") && current !== null) return current;
  if (isVersionId(ref) && versions.some((v) => v.id === ref)) return ref;
  const number = matchVersion(
    versions.map((v) => v.version),
    ref,
  );
  const meta = number === null ? undefined : versions.find((v) => v.version === number);
  if (meta) return meta.id;
  throw notFound(ref, where);
}

async function switchTo(
  session: TargetSession,
  options: RemoteOpOptions,
  owner: LockOwner,
  action: "activate" | "rollback",
  from: string | null,
  to: string,
): Promise<RemoteSwitchResult> {
  if (from === to) return { target: options.target.name, from, to, changed: false };
  await session.switchTo(options.websiteId, {
    at: new Date().toISOString(),
    action,
    actor: owner.actor,
    from,
    to,
  });
  return { target: options.target.name, from, to, changed: true };
}
