/**
 * The start of every write on an SSH target, in one round trip: take the lock, sweep what
 * interrupted writers left, judge history against `current` (the local store's recovery), and
 * read the live state. Only a repair, which is rare, costs a second round trip.
 */
import type { Manifest } from "../../contracts/manifest.js";
import { parseHistory } from "../../versions/history.js";
import { missingSwitch } from "../../versions/recovery.js";
import type { LockOwner } from "../../versions/version-meta.js";
import type { PreparedTarget, TargetLockOptions, TargetState } from "../target.js";
import { parseSweepReport, type SweepReport } from "./remote-history.js";
import * as scripts from "./remote-scripts.js";
import { type SshScriptRunner, takeSshLock } from "./ssh-lock.js";

/** Locks, recovers and (given `versionId`) inspects the website stored in `dir`. */
export async function sshPrepare(
  runner: SshScriptRunner,
  websiteId: string,
  dir: string,
  owner: LockOwner,
  options: TargetLockOptions & { versionId?: string } = {},
): Promise<PreparedTarget> {
  const { lock, out } = await takeSshLock(runner, websiteId, dir, owner, options, scripts.PREPARE, [
    options.versionId ?? "",
  ]);
  try {
    const report = parseSweepReport(out);
    const historyRepaired = await repairHistory(runner, dir, report);
    const state = options.versionId === undefined ? null : parseState(report.live, report.rest);
    return { lock, removed: report.removed, historyRepaired, state };
  } catch (err) {
    await lock.release().catch(() => undefined);
    throw err;
  }
}

/** Sweeps leftovers and repairs history without taking the lock (reset, or a holder). */
export async function sshSweep(
  runner: SshScriptRunner,
  dir: string,
): Promise<{ removed: string[]; historyRepaired: boolean }> {
  const report = parseSweepReport(await runner.run("Removing leftovers", scripts.SWEEP, [dir]));
  return { removed: report.removed, historyRepaired: await repairHistory(runner, dir, report) };
}

async function repairHistory(
  runner: SshScriptRunner,
  dir: string,
  report: SweepReport,
): Promise<boolean> {
  let history = report.tail;
  if (report.tailInconclusive) {
    history = parseHistory(await runner.run("Reading history", scripts.HISTORY, [dir]));
  }
  const entry = missingSwitch(report.live, history);
  if (entry === null) return false;
  await runner.run("Recording a switch missing from history", scripts.REPAIR_HISTORY, [
    dir,
    entry.to,
    JSON.stringify(entry),
  ]);
  return true;
}

/** INSPECT's answer: the has-version flag line, then the live manifest (if any). */
export function parseState(live: string | null, out: string): TargetState {
  const newline = out.indexOf("\n");
  const hasVersion = (newline === -1 ? out : out.slice(0, newline)).trim() === "1";
  const body = newline === -1 ? "" : out.slice(newline + 1).trim();
  let manifest: Manifest | null = null;
  if (body !== "" && live !== null) {
    try {
      manifest = JSON.parse(body) as Manifest;
    } catch {
      manifest = null; // an unreadable live manifest only means nothing can be hard-linked
    }
  }
  return { current: live, manifest, hasVersion };
}
