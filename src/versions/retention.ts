/** Which versions may go: retention never removes the live one nor the rollback target. */
import { SitewrightError } from "../errors.js";
import type { VersionMeta } from "./version-meta.js";

/** Options of `store.prune`. */
export interface PruneOptions {
  /** How many of the newest versions to keep (at least 1); protected ones are kept on top. */
  keep: number;
  /** Report what would go without deleting. */
  dryRun?: boolean;
  actor?: string;
}

/** Outcome of a prune. */
export interface PruneResult {
  removed: string[];
  kept: string[];
  dryRun: boolean;
}

/** Ids that must never be deleted: the live version and the one rollback would choose. */
export function protectedIds(live: string | null, rollbackTarget: string | null): Set<string> {
  const ids = new Set<string>();
  if (live !== null) ids.add(live);
  if (rollbackTarget !== null) ids.add(rollbackTarget);
  return ids;
}

/** Throws E_VERSION_PROTECTED when `id` is live or the rollback target. */
export function assertDeletable(id: string, live: string | null, target: string | null): void {
  if (id === live) {
    throw new SitewrightError(
      "E_VERSION_PROTECTED",
      `Version ${id} is live and cannot be deleted.`,
      {
        hint: "Activate another version first.",
      },
    );
  }
  if (id === target) {
    throw new SitewrightError(
      "E_VERSION_PROTECTED",
      `Version ${id} is the rollback target and cannot be deleted.`,
      { hint: "Activate or roll back to another version first, so it is no longer the fallback." },
    );
  }
}

/** Throws E_USAGE unless `keep` is a whole number >= 1; checked before anything is written. */
export function assertKeep(keep: unknown): asserts keep is number {
  if (typeof keep !== "number" || !Number.isInteger(keep) || keep < 1) {
    throw new SitewrightError("E_USAGE", `Cannot keep ${String(keep)} versions.`, {
      hint: "Keep at least 1 version (--keep N with N >= 1).",
      details: { keep },
    });
  }
}

/** Splits versions into kept and removed: the `keep` newest plus every protected one stay. */
export function planPrune(
  versions: readonly VersionMeta[],
  keep: number,
  protectedSet: ReadonlySet<string>,
): { kept: string[]; removed: string[] } {
  assertKeep(keep);
  const newestFirst = [...versions].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const kept: string[] = [];
  const removed: string[] = [];
  newestFirst.forEach((v, index) => {
    (index < keep || protectedSet.has(v.id) ? kept : removed).push(v.id);
  });
  return { kept, removed };
}
