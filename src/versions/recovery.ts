/**
 * Crash recovery, run by every writer right after it takes the lock: whatever a killed writer
 * left (temp dirs, temp links, zips without a version, a switch missing from history) is
 * swept or repaired. Safe because only the lock holder ever creates temp entries.
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { inspectCurrent } from "./current-state.js";
import { isErrno, removeTree } from "./fs-util.js";
import { appendHistory, liveStack, readHistory } from "./history.js";
import { pidAlive } from "./lock-record.js";
import type { Log } from "./logger.js";
import type { WebsitePaths } from "./paths.js";
import { type HistoryEntry, isVersionId, TEMP_PREFIX } from "./version-meta.js";

/** Actor recorded on history lines that recovery writes. */
export const RECOVERY_ACTOR = "sitewright-recovery";

/** What recovery did. */
export interface RecoveryResult {
  removed: string[];
  historyRepaired: boolean;
}

/** Removes crash leftovers and re-records a switch that reached `current` but not history. */
export async function recover(paths: WebsitePaths, log: Log): Promise<RecoveryResult> {
  const removed: string[] = [];
  for (const name of await listDir(paths.dir)) {
    if (name.startsWith(TEMP_PREFIX) && !(await isLiveContender(paths.dir, name))) {
      await removeTree(join(paths.dir, name));
      removed.push(name);
    }
  }
  const versionNames = await listDir(paths.versions);
  const dirs = new Set(versionNames.filter(isVersionId));
  for (const name of versionNames) {
    const orphanZip = name.endsWith(".zip") && !dirs.has(name.slice(0, -4));
    if (name.startsWith(TEMP_PREFIX) || orphanZip) {
      await removeTree(join(paths.versions, name));
      removed.push(`versions/${name}`);
    }
  }
  if (removed.length > 0) log.warn("Removed leftovers of an interrupted operation", { removed });

  const state = await inspectCurrent(paths);
  let historyRepaired = false;
  if (state.kind === "broken") {
    // Not ours to fix here: writers must still run so that activate can replace it.
    log.warn(`current ${state.reason}; nothing is live until a version is activated`, {
      target: state.target,
    });
  } else if (state.kind === "live") {
    const entry = missingSwitch(state.id, await readHistory(paths.history));
    if (entry !== null) {
      // The switch happened but its history line was lost in a crash: record it now.
      await appendHistory(paths.history, entry);
      historyRepaired = true;
      log.warn("Recorded a switch missing from history", { from: entry.from, to: entry.to });
    }
  }
  return { removed, historyRepaired };
}

/**
 * The line recovery writes when `current` is not what history replays to: a switch that reached
 * the symlink but not history.jsonl. Used by the local store and by the SSH target alike;
 * replaying leaves the last well-formed entry's `to` on top, so a history tail is enough.
 */
export function missingSwitch(
  live: string | null,
  history: readonly HistoryEntry[],
): HistoryEntry | null {
  if (live === null) return null;
  const top = liveStack(history).at(-1) ?? null;
  if (top === live) return null;
  return {
    at: new Date().toISOString(),
    action: "activate",
    actor: RECOVERY_ACTOR,
    from: top,
    to: live,
  };
}

/**
 * Writers waiting for the lock write `.tmp-lock-<pid>-…` files for a moment; those of live
 * processes stay, those of killed ones (or older than a minute) go.
 */
async function isLiveContender(dir: string, name: string): Promise<boolean> {
  const match = /^\.tmp-(?:stale-)?lock-(\d+)-/.exec(name);
  if (!match) return false;
  if (!pidAlive(Number(match[1]))) return false;
  const mtimeMs = await stat(join(dir, name)).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  return Date.now() - mtimeMs < 60_000;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
}
