/**
 * One writer per website: `.lock` holds the owner (pid, host, actor, since). It is created by
 * hard-linking a fully written temp file, so no reader ever sees a half-written owner.
 */
import { randomBytes } from "node:crypto";
import { link, readFile, rename, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { SitewrightError } from "../errors.js";
import { isErrno, tempName, writeNew } from "./fs-util.js";
import type { WebsitePaths } from "./paths.js";
import type { LockOwner } from "./version-meta.js";

/** How the lock waits for and judges other holders. */
export interface LockOptions {
  /** How long to wait for a live holder before E_LOCKED (ms). */
  waitMs: number;
  /** A lock not refreshed for this long is stale whoever holds it (ms). */
  staleMs: number;
}

/** Defaults: wait 3 s; a holder refreshes every staleMs/3, so 2 min of silence means it is gone. */
export const DEFAULT_LOCK_OPTIONS: LockOptions = { waitMs: 3_000, staleMs: 120_000 };

/** A held lock; `release` is idempotent. */
export interface HeldLock {
  owner: LockOwner;
  release(): Promise<void>;
}

/** Why a lock is stale, or null when its holder may still be working. */
export async function staleReason(
  file: string,
  owner: LockOwner | null,
  staleMs: number,
): Promise<string | null> {
  let mtimeMs: number;
  try {
    mtimeMs = (await stat(file)).mtimeMs;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return "gone";
    throw err;
  }
  if (owner && owner.host === hostname() && !pidAlive(owner.pid)) {
    return `process ${owner.pid} on ${owner.host} is not running`;
  }
  const age = Date.now() - mtimeMs;
  if (age > staleMs) return `not refreshed for ${Math.round(age / 1000)} s`;
  return null;
}

/** Reads the lock owner; null when there is no lock or it is unreadable. */
export async function readLockOwner(file: string): Promise<LockOwner | null> {
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as LockOwner;
    return typeof parsed?.pid === "number" ? parsed : null;
  } catch {
    return null;
  }
}

/** Takes the website's lock, removing a stale one, or throws E_LOCKED after `waitMs`. */
export async function acquireLock(
  paths: WebsitePaths,
  actor: string,
  operation: string,
  options: LockOptions = DEFAULT_LOCK_OPTIONS,
): Promise<HeldLock> {
  const owner: LockOwner = {
    pid: process.pid,
    host: hostname(),
    actor,
    since: new Date().toISOString(),
    operation,
    token: randomBytes(8).toString("hex"),
  };
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    owner.since = new Date().toISOString();
    if (await tryCreate(paths, owner)) return held(paths.lock, owner, options.staleMs);
    const current = await readLockOwner(paths.lock);
    const reason = await staleReason(paths.lock, current, options.staleMs);
    if (reason === "gone") continue; // released meanwhile: just try again
    if (reason !== null) {
      await breakStaleLock(paths, current);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new SitewrightError(
        "E_LOCKED",
        `Website ${paths.websiteId} is locked by ${describeOwner(current)}.`,
        {
          hint: "Wait for that operation to finish, or run `sitewright versions reset-lock` if it is gone.",
          details: { owner: current },
        },
      );
    }
    await sleep(50);
  }
}

/** Human description of a lock owner for messages. */
export function describeOwner(owner: LockOwner | null): string {
  if (!owner) return "an unknown writer";
  return `${owner.actor} (pid ${owner.pid} on ${owner.host}, ${owner.operation} since ${owner.since})`;
}

async function tryCreate(paths: WebsitePaths, owner: LockOwner): Promise<boolean> {
  const tmp = join(paths.dir, tempName("lock"));
  await writeNew(tmp, `${JSON.stringify(owner)}\n`);
  try {
    await link(tmp, paths.lock);
    return true;
  } catch (err) {
    // ENOENT: a recovering holder swept our temp file; just try again.
    if (isErrno(err, "EEXIST") || isErrno(err, "ENOENT")) return false;
    throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Moves a stale lock aside. Two breakers can race: if what we moved is not the lock we judged
 * stale, someone took it meanwhile, so we put it back (link fails if a third writer got in).
 */
async function breakStaleLock(paths: WebsitePaths, judged: LockOwner | null): Promise<void> {
  const aside = join(paths.dir, tempName("stale-lock"));
  try {
    await rename(paths.lock, aside);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return;
    throw err;
  }
  const moved = await readLockOwner(aside);
  if (moved && (judged === null || !sameOwner(moved, judged))) {
    await link(aside, paths.lock).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function held(file: string, owner: LockOwner, staleMs: number): HeldLock {
  // Refresh the mtime so long operations are never mistaken for stale by other hosts.
  const timer = setInterval(
    () => {
      const now = new Date();
      utimes(file, now, now).catch(() => undefined);
    },
    Math.max(1_000, Math.floor(staleMs / 3)),
  );
  timer.unref();
  let released = false;
  return {
    owner,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      const currentOwner = await readLockOwner(file);
      // Never remove a lock that was reset and taken by someone else meanwhile.
      if (currentOwner && sameOwner(currentOwner, owner)) {
        await unlink(file).catch(() => undefined);
      }
    },
  };
}

/** Forcibly removes the lock (the seeds' "Reset Deployment"); returns who held it. */
export async function resetLock(paths: WebsitePaths): Promise<LockOwner | null> {
  const owner = await readLockOwner(paths.lock);
  await unlink(paths.lock).catch((err: unknown) => {
    if (!isErrno(err, "ENOENT")) throw err;
  });
  return owner;
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.host === b.host && a.since === b.since && a.token === b.token;
}

/** True when a process with this pid exists on this host. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return !isErrno(err, "ESRCH");
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
