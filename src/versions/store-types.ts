/**
 * The version store's interface and the shapes it returns: what deploy and the publish data
 * stand on, apart from the implementation in store.ts.
 */
import type { BuildInput, CreateOptions } from "./create-version.js";
import type { CurrentState } from "./current-state.js";
import type { ImportOptions } from "./import-zip.js";
import type { LockReset } from "./lock.js";
import type { PruneOptions, PruneResult } from "./retention.js";
import type { HistoryEntry, VersionMeta } from "./version-meta.js";

/** A version as `list()` shows it. */
export interface VersionListItem extends VersionMeta {
  /** True for the version `current` points at. */
  live: boolean;
  /** True for the version a plain rollback would go to. */
  rollbackTarget: boolean;
}

/** Result of activate and rollback. */
export interface SwitchResult {
  from: string | null;
  to: VersionMeta;
  /** False when the version was already live (nothing switched). */
  changed: boolean;
  /** What `keep` removed, when it was given. */
  pruned?: PruneResult;
}

/** The zip of a version, as the download handler needs it. */
export interface VersionZip {
  path: string;
  size: number;
  mtime: Date;
  meta: VersionMeta;
}

/** Options shared by writing operations. */
export interface ActorOption {
  actor?: string;
}

/** Retention after a successful write: prune to the `keep` newest (plus live and rollback target). */
export interface KeepOption {
  /** Whole number >= 1; anything else is E_USAGE before anything is written. */
  keep?: number;
}

/** The version store API. */
export interface VersionStore {
  readonly root: string;
  create(
    websiteId: string,
    build: BuildInput,
    options?: CreateOptions & KeepOption,
  ): Promise<VersionMeta>;
  importZip(websiteId: string, file: string, options?: ImportOptions): Promise<VersionMeta>;
  get(websiteId: string, versionId: string): Promise<VersionMeta>;
  list(websiteId: string): Promise<VersionListItem[]>;
  resolve(websiteId: string, ref: string): Promise<VersionMeta>;
  current(websiteId: string): Promise<VersionMeta | null>;
  /** Whether `current` is absent, live or broken (lock-free; never throws for a broken link). */
  currentState(websiteId: string): Promise<CurrentState>;
  history(websiteId: string): Promise<HistoryEntry[]>;
  activate(
    websiteId: string,
    ref: string,
    options?: ActorOption & KeepOption,
  ): Promise<SwitchResult>;
  rollback(websiteId: string, options?: ActorOption & { to?: string }): Promise<SwitchResult>;
  prune(websiteId: string, options: PruneOptions): Promise<PruneResult>;
  delete(websiteId: string, versionId: string, options?: ActorOption): Promise<void>;
  resetLock(websiteId: string, options?: ActorOption): Promise<LockReset>;
  versionDir(websiteId: string, versionId: string): string;
  zip(websiteId: string, versionId: string): Promise<VersionZip>;
}
