/**
 * history.jsonl as read over SSH: the same parsing as the local store (torn or foreign lines
 * record no switch), on text that arrived as a command's output.
 */
import type { HistoryEntry } from "../versions/version-meta.js";

/** Parses history.jsonl text, skipping torn or foreign lines as the local store does. */
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
      // a line cut short by a crash records no switch
    }
  }
  return entries;
}
