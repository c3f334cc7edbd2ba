/**
 * history.jsonl and crash recovery as seen over SSH: the local store's parsing (torn or foreign
 * lines record no switch) and the report of a remote sweep; the repair itself is recovery.ts's.
 */
import { posix } from "node:path";
import { parseHistory } from "../../versions/history.js";
import type { HistoryEntry } from "../../versions/version-meta.js";

/** What a remote sweep printed: the leftovers it removed, the live link and the history tail. */
export interface SweepReport {
  removed: string[];
  /** Live version id, or null. */
  live: string | null;
  /** Well-formed entries among the last lines of history.jsonl. */
  tail: HistoryEntry[];
  /** True when the tail held lines but none well-formed: the full history is needed. */
  tailInconclusive: boolean;
  /** Output after the sweep's two separators (PREPARE's inspect part). */
  rest: string;
}

const SEPARATOR = "\u001e\n";

/** Splits the output of SWEEP or PREPARE (each section ends with a record separator line). */
export function parseSweepReport(out: string): SweepReport {
  const first = out.indexOf(SEPARATOR);
  const second = out.indexOf(SEPARATOR, first + SEPARATOR.length);
  if (first === -1 || second === -1) {
    return { removed: [], live: null, tail: [], tailInconclusive: false, rest: "" };
  }
  const removed = out
    .slice(0, first)
    .split("\n")
    .filter((line) => line !== "");
  const info = out.slice(first + SEPARATOR.length, second);
  const newline = info.indexOf("\n");
  const link = (newline === -1 ? info : info.slice(0, newline)).trim();
  const tailText = newline === -1 ? "" : info.slice(newline + 1);
  const tail = parseHistory(tailText);
  return {
    removed,
    live: link === "" ? null : posix.basename(link),
    tail,
    tailInconclusive: tail.length === 0 && tailText.trim() !== "",
    rest: out.slice(second + SEPARATOR.length),
  };
}
