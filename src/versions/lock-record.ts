/**
 * The lock record (`.lock` holds a LockOwner as JSON) and how a holder is judged, shared by
 * the local store's lock and a deploy's remote lock, so both exclude each other on one store.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
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

/** Human description of a lock owner for messages. */
export function describeOwner(owner: LockOwner | null): string {
  if (!owner) return "an unknown writer";
  return `${owner.actor} (pid ${owner.pid} on ${owner.host}, ${owner.operation} since ${owner.since})`;
}

/** True when a process with this pid exists on this host. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
