/**
 * Lock ownership as the version store records it (`.lock` holds a LockOwner as JSON), so a
 * deploy and a local `versions` command exclude each other on the same store, local or remote.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { SitewrightError } from "../errors.js";
import type { LockOwner } from "../versions/version-meta.js";

/** Defaults shared with the local store: wait 3 s for a holder; 2 min without refresh is stale. */
export const LOCK_DEFAULTS = { waitMs: 3_000, staleMs: 120_000 } as const;

/** A new owner record for this process. */
export function createLockOwner(actor: string, operation: string): LockOwner {
  return {
    pid: process.pid,
    host: hostname(),
    actor,
    since: new Date().toISOString(),
    operation,
    token: randomBytes(8).toString("hex"),
  };
}

/** The exact bytes written to `.lock`. */
export function lockText(owner: LockOwner): string {
  return `${JSON.stringify(owner)}\n`;
}

/** Parses `.lock` content; null when unreadable. */
export function parseLockOwner(text: string): LockOwner | null {
  try {
    const parsed = JSON.parse(text) as LockOwner;
    return typeof parsed?.pid === "number" ? parsed : null;
  } catch {
    return null;
  }
}

/** Why a held lock is stale, or null while its holder may still be working. */
export function staleReason(
  owner: LockOwner | null,
  ageMs: number,
  staleMs: number,
): string | null {
  if (owner && owner.host === hostname() && !pidAlive(owner.pid)) {
    return `process ${owner.pid} on ${owner.host} is not running`;
  }
  if (ageMs > staleMs) return `not refreshed for ${Math.round(ageMs / 1000)} s`;
  return null;
}

/** The E_LOCKED error naming the holder. */
export function lockedError(where: string, owner: LockOwner | null): SitewrightError {
  const who = owner
    ? `${owner.actor} (pid ${owner.pid} on ${owner.host}, ${owner.operation} since ${owner.since})`
    : "an unknown writer";
  return new SitewrightError("E_LOCKED", `${where} is locked by ${who}.`, {
    hint: "Wait for that deploy to finish, or run `sitewright remote reset` if it is gone.",
    details: { owner },
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
