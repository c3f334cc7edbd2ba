/** Helpers shared by the version commands: opening the store and printing versions. */
import { SitewrightError } from "../errors.js";
import type { VersionListItem, VersionStore } from "../versions/store.js";
import { createVersionStore } from "../versions/store.js";
import type { VersionMeta } from "../versions/version-meta.js";
import type { CliIO } from "./command.js";
import { requireOption } from "./command.js";
import { formatBytes } from "./format.js";

/** Options every store command accepts. */
export const STORE_OPTIONS = {
  store: { type: "string" },
  website: { type: "string" },
  actor: { type: "string" },
  json: { type: "boolean" },
} as const;

/** Usage lines for the shared options. */
export const STORE_USAGE = `  --store DIR      the version store (required)
  --website ID     the website (required)
  --actor NAME     who does it, recorded in history (default: $SITEWRIGHT_ACTOR or $USER)
  --json           print the result as JSON`;

/** Opens the store named by --store and returns it with the --website id; warnings go to stderr. */
export function openStore(
  values: { store?: string; website?: string; actor?: string },
  io: CliIO,
): { store: VersionStore; websiteId: string } {
  const root = requireOption(values.store, "--store");
  const websiteId = requireOption(values.website, "--website");
  const store = createVersionStore({
    root,
    actor: values.actor,
    logger: { warn: (message) => io.stderr(`warning: ${message}\n`) },
  });
  return { store, websiteId };
}

/** One line describing a version: number, id, time, size, actor and note. */
export function versionLine(v: VersionMeta): string {
  const note = v.note ? `  ${v.note}` : "";
  return `${v.version.padEnd(10)} ${v.id}  ${v.createdAt}  ${v.fileCount} files ${formatBytes(v.bytes)}  ${v.actor}${note}`;
}

/** A version list as a table: `*` marks the live version, `<` the rollback target. */
export function versionTable(items: readonly VersionListItem[]): string {
  if (items.length === 0) return "No versions.\n";
  const lines = items.map(
    (v) => `${v.live ? "*" : v.rollbackTarget ? "<" : " "} ${versionLine(v)}`,
  );
  return `${lines.join("\n")}\n(* live, < rollback target)\n`;
}

/** Prints `value` as JSON on stdout. */
export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** `--keep N` as a number: a whole number >= 1, else E_USAGE (exit 2) before anything runs. */
export function parseKeep(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new SitewrightError("E_USAGE", `--keep must be a whole number >= 1, not ${text}.`, {
      hint: "Give how many of the newest versions to keep, e.g. --keep 5.",
    });
  }
  return Number(text);
}
