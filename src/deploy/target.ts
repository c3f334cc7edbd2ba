/**
 * The deploy target interface: a version store somewhere (a local path, a server over SSH) seen
 * as a handful of steps. The deploy logic (plan, lock, stage, upload, verify, switch, roll back)
 * is written once against it, and one contract test suite runs against every implementation.
 */
import type { Manifest } from "../contracts/manifest.js";
import type { LockReset } from "../versions/lock.js";
import type { HistoryEntry, LockOwner, VersionMeta } from "../versions/version-meta.js";

/** The version being deployed, read from the local store. */
export interface VersionSource {
  websiteId: string;
  versionId: string;
  /** Local directory holding the version's files. */
  dir: string;
  manifest: Manifest;
  /** Exact bytes of manifest.json and version.json, copied verbatim to the target. */
  manifestJson: Buffer;
  versionJson: Buffer;
  meta: VersionMeta;
}

/** What a target holds for one website, read in one round trip. */
export interface TargetState {
  /** Live version id, or null when nothing is live. */
  current: string | null;
  /** Manifest of the live version (null when none or unreadable). */
  manifest: Manifest | null;
  /** True when the version being deployed is already complete on the target. */
  hasVersion: boolean;
}

/** A version present on a target. */
export interface TargetVersion {
  meta: VersionMeta;
  live: boolean;
}

/** Progress callback of a transfer: totals so far for this target. */
export type TransferProgress = (done: { files: number; bytes: number }) => void;

/** Lock behaviour: how long to wait for a live holder, when a silent holder counts as gone. */
export interface TargetLockOptions {
  waitMs?: number;
  staleMs?: number;
  signal?: AbortSignal;
}

/** A held target lock. */
export interface TargetLock {
  owner: LockOwner;
  /** Idempotent; never removes a lock someone else took after a reset. */
  release(): Promise<void>;
}

/** What `prepare` found once it held the lock. */
export interface PreparedTarget {
  lock: TargetLock;
  /** Temp leftovers of interrupted writers, removed. */
  removed: string[];
  /** True when a switch that reached `current` but not history was recorded (recovery actor). */
  historyRepaired: boolean;
  /** The live state, when a version id was given. */
  state: TargetState | null;
}

/** One connection (or handle) to a target; every method is one round trip on SSH. */
export interface TargetSession {
  /** Safe label for logs and errors (no credentials). */
  readonly name: string;
  inspect(websiteId: string, versionId: string): Promise<TargetState>;
  /** Takes the website's write lock (breaking a stale one), or throws E_LOCKED. */
  lock(websiteId: string, owner: LockOwner, options?: TargetLockOptions): Promise<TargetLock>;
  /**
   * Takes the lock, then recovers (sweep + history repair, as the local store's writers do) and,
   * given `versionId`, inspects: one round trip on SSH. Throws E_LOCKED as `lock` does.
   */
  prepare(
    websiteId: string,
    owner: LockOwner,
    options?: TargetLockOptions & { versionId?: string },
  ): Promise<PreparedTarget>;
  /** Forcibly removes the lock (the seeds' "Reset Deployment"); says what was there, as the store does. */
  resetLock(websiteId: string): Promise<LockReset>;
  /** Removes temp leftovers of interrupted writers and repairs history; call with the lock held. */
  sweep(websiteId: string): Promise<string[]>;
  /** Creates the version's temp dir and hard-links `links` into it from `fromVersion`. */
  stage(
    websiteId: string,
    versionId: string,
    fromVersion: string | null,
    links: readonly string[],
    signal?: AbortSignal,
  ): Promise<void>;
  /** Sends `paths` (build-relative) plus manifest.json and version.json into the temp dir. */
  upload(
    source: VersionSource,
    paths: readonly string[],
    options: { signal?: AbortSignal; onProgress?: TransferProgress },
  ): Promise<{ bytesSent: number }>;
  /** Checks every file against the manifest, then renames the temp dir to `versions/<id>`. */
  verifyAndCommit(source: VersionSource, signal?: AbortSignal): Promise<void>;
  /** Bytes this session has put on the wire as command input (file data and file lists). */
  readonly bytesSent: number;
  /** Removes the version's temp dir (idempotent). */
  discard(websiteId: string, versionId: string): Promise<void>;
  /** Points `current` at `entry.to` atomically and appends `entry` to history, in one step. */
  switchTo(websiteId: string, entry: HistoryEntry): Promise<void>;
  /**
   * Undoes a first activation: removes `current` if it points at `entry.to`, and the history
   * line that switch wrote if it is the last one, so the store is as if the switch never was.
   */
  unsetCurrent(websiteId: string, entry: HistoryEntry): Promise<void>;
  list(websiteId: string): Promise<{ current: string | null; versions: VersionMeta[] }>;
  history(websiteId: string): Promise<HistoryEntry[]>;
  /** Deletes whole versions (and their zips); never partial: each goes to a temp name first. */
  remove(websiteId: string, versionIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** A deploy destination: a factory of sessions. */
export interface DeployTarget {
  /** Safe label, e.g. `ssh://root@10.0.0.5:22/srv/sites` or `file:///srv/sites`. */
  readonly name: string;
  readonly kind: "local" | "ssh";
  open(signal?: AbortSignal): Promise<TargetSession>;
}
