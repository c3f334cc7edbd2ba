/**
 * `history.jsonl`: one JSON line per activation or rollback. Replaying it gives the stack of
 * versions that were live, which is what "roll back to the version live before" means.
 */
import { appendFile, open, readFile } from "node:fs/promises";
import { isErrno } from "./fs-util.js";
import type { HistoryEntry } from "./version-meta.js";

/** Reads every well-formed history line; a torn last line from a crash is skipped. */
export async function readHistory(file: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
  return parseHistory(text);
}

/** Parses history.jsonl text (local or read from a server); torn or foreign lines are skipped. */
export function parseHistory(text: string): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const entry = JSON.parse(line) as HistoryEntry;
      if (
        typeof entry.to === "string" &&
        (entry.action === "activate" || entry.action === "rollback")
      ) {
        entries.push(entry);
      }
    } catch {
      // A line cut short by a crash carries no switch we can trust.
    }
  }
  return entries;
}

/** Appends one entry durably; starts a new line if a crash left the file without one. */
export async function appendHistory(file: string, entry: HistoryEntry): Promise<void> {
  const line = `${JSON.stringify(entry)}\n`;
  const prefix = (await endsWithNewline(file)) ? "" : "\n";
  await appendFile(file, prefix + line, { mode: 0o644 });
  const handle = await open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function endsWithNewline(file: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, "r");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return true;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const buf = Buffer.alloc(1);
    await handle.read(buf, 0, 1, size - 1);
    return buf[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/**
 * Replays history into the stack of live versions: activate pushes; rollback pops back to its
 * target (or pushes it when it was never live), so repeated rollbacks walk further back.
 */
export function liveStack(history: readonly HistoryEntry[]): string[] {
  const stack: string[] = [];
  for (const entry of history) {
    if (entry.action === "rollback") {
      const at = stack.lastIndexOf(entry.to);
      if (at >= 0) {
        stack.length = at + 1;
        continue;
      }
    }
    if (stack[stack.length - 1] !== entry.to) stack.push(entry.to);
  }
  return stack;
}

/**
 * Versions a plain rollback may go to, best first: those below the live version on the
 * stack. The first one that still exists is the target (deleted versions are skipped).
 */
export function rollbackCandidates(
  history: readonly HistoryEntry[],
  live: string | null,
): string[] {
  const stack = liveStack(history);
  if (live !== null && stack[stack.length - 1] !== live) stack.push(live);
  const candidates: string[] = [];
  for (let i = stack.length - 2; i >= 0; i--) {
    const id = stack[i] as string;
    if (id !== live && !candidates.includes(id)) candidates.push(id);
  }
  return candidates;
}

/** The rollback target given the set of existing version ids, or null. */
export function rollbackTarget(
  history: readonly HistoryEntry[],
  live: string | null,
  existing: ReadonlySet<string>,
): string | null {
  return rollbackCandidates(history, live).find((id) => existing.has(id)) ?? null;
}
