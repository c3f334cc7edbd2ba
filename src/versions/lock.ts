/**
 * One writer per website: `.lock` holds the owner (pid, host, actor, since). It is created by
 * hard-linking a fully written temp file, so no reader ever sees a half-written owner.
 */
import { link, readFile, rename, stat, unlink, utimes } from "node:fs/promises";
import { join } from "node:path";
import { SitewrightError } from "../errors.js";
import { isErrno, tempName, writeNew } from "./fs-util.js";
import { startLockHeartbeat } from "./heartbeat.js";
import {
  createLockOwner,
  DEFAULT_LOCK_OPTIONS,
  describeOwner,
  type LockOptions,
  lockText,
  parseLockOwner,
  staleReason,
} from "./lock-record.js";
import type { WebsitePaths } from "./paths.js";
import type { LockOwner } from "./version-meta.js";

/** A held lock; `release` is idempotent. */
export interface HeldLock {
  owner: LockOwner;
  release(): Promise<void>;
}

/** Why a lock file is stale ("gone" when it vanished), or null while its holder may still be working. */
async function staleFile(
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
  return staleReason(owner, Date.now() - mtimeMs, staleMs);
}

/** Reads the lock owner; null when there is no lock or it is unreadable. */
export async function readLockOwner(file: string): Promise<LockOwner | null> {
  try {
    return parseLockOwner(await readFile(file, "utf8"));
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
  const owner = createLockOwner(actor, operation);
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    owner.since = new Date().toISOString();
    if (await tryCreate(paths, owner)) return held(paths.lock, owner, options.staleMs);
    const current = await readLockOwner(paths.lock);
    const reason = await staleFile(paths.lock, current, options.staleMs);
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

async function tryCreate(paths: WebsitePaths, owner: LockOwner): Promise<boolean> {
  const tmp = join(paths.dir, tempName("lock"));
  await writeNew(tmp, lockText(owner));
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
  const stopHeartbeat = startLockHeartbeat(() => {
    const now = new Date();
    return utimes(file, now, now);
  }, staleMs);
  let released = false;
  return {
    owner,
    async release() {
      if (released) return;
      released = true;
      stopHeartbeat();
      const currentOwner = await readLockOwner(file);
      // Never remove a lock that was reset and taken by someone else meanwhile.
      if (currentOwner && sameOwner(currentOwner, owner)) {
        await unlink(file).catch(() => undefined);
      }
    },
  };
}

/** What `resetLock` found and removed. */
export interface LockReset {
  /** Nothing; a readable owner record; or a lock file that could not be read or parsed. */
  found: "none" | "owner" | "unreadable";
  /** Who held the lock, when its record was readable. */
  owner: LockOwner | null;
  /** Why an unreadable lock could not be read, e.g. "is empty" or "cannot be read (EACCES)". */
  problem?: string;
}

/**
 * Forcibly removes the lock (the seeds' "Reset Deployment") and says what was there: an
 * unreadable or corrupt lock is still a lock that blocked writers, so it is reported, and a
 * lock that cannot be removed is E_STORE rather than "no lock".
 */
export async function resetLockReport(paths: WebsitePaths): Promise<LockReset> {
  let text: string | null = null;
  let problem: string | undefined;
  try {
    text = await readFile(paths.lock, "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return { found: "none", owner: null };
    problem = `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`;
  }
  const owner = text === null ? null : parseLockOwner(text);
  if (text !== null && owner === null) {
    problem = text.trim() === "" ? "is empty" : "is not a lock record (corrupt)";
  }
  try {
    await unlink(paths.lock);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return { found: "none", owner: null }; // released meanwhile
    const what = owner ? `held by ${describeOwner(owner)}` : `(it ${problem})`;
    throw new SitewrightError(
      "E_STORE",
      `Cannot remove the lock of website ${paths.websiteId} ${what}: ${(err as Error).message}`,
      {
        cause: err,
        hint: `Remove ${paths.lock} by hand (check its type and the directory's permissions), then retry.`,
        details: { lock: paths.lock, owner, problem },
      },
    );
  }
  return owner ? { found: "owner", owner } : { found: "unreadable", owner: null, problem };
}

/** Forcibly removes the lock; returns who held it (null also for an unreadable lock, see `resetLockReport`). */
export async function resetLock(paths: WebsitePaths): Promise<LockOwner | null> {
  return (await resetLockReport(paths)).owner;
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.host === b.host && a.since === b.since && a.token === b.token;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
