/** `sitewright versions list|activate|delete|prune|reset-lock`: manage a website's versions. */
import { SitewrightError } from "../errors.js";
import type { LockReset } from "../versions/lock.js";
import { describeOwner } from "../versions/lock-record.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";
import {
  openStore,
  printJson,
  STORE_OPTIONS,
  STORE_USAGE,
  versionLine,
  versionTable,
} from "./versions-cli-util.js";

/** `sitewright versions list`. */
export const versionsListCommand: Command = {
  name: ["versions", "list"],
  summary: "List a website's versions (live and rollback target marked)",
  usage: `Usage: sitewright versions list --store DIR --website ID [--json]\n\n${STORE_USAGE}`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, STORE_OPTIONS);
    const { store, websiteId } = openStore(values, io);
    const items = await store.list(websiteId);
    const state = await store.currentState(websiteId);
    // The list stays readable (it is how one picks a version to repair with), but says so.
    if (state.kind === "broken") {
      io.stderr(
        `warning: nothing is live: current ${state.reason}. Run \`sitewright versions activate <version>\` to replace it.\n`,
      );
    }
    if (values.json) printJson(io, items);
    else io.stdout(versionTable(items));
    return 0;
  },
};

/** `sitewright versions activate <ref>`. */
export const versionsActivateCommand: Command = {
  name: ["versions", "activate"],
  summary: "Make a version live (atomic symlink switch)",
  usage: `Usage: sitewright versions activate <ID|X.Y.Z|RANGE> --store DIR --website ID [--actor NAME] [--json]

A range such as ^1.3 activates the newest matching version.

${STORE_USAGE}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, STORE_OPTIONS);
    const ref = requireOption(positionals[0], "<version>");
    const { store, websiteId } = openStore(values, io);
    const result = await store.activate(websiteId, ref);
    if (values.json) printJson(io, { from: result.from, to: result.to, changed: result.changed });
    else io.stdout(`${result.changed ? "Live" : "Already live"}: ${versionLine(result.to)}\n`);
    return 0;
  },
};

/** `sitewright versions delete <id>`. */
export const versionsDeleteCommand: Command = {
  name: ["versions", "delete"],
  summary: "Delete a version (never the live one or the rollback target)",
  usage: `Usage: sitewright versions delete <ID> --store DIR --website ID [--json]\n\n${STORE_USAGE}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, STORE_OPTIONS);
    const id = requireOption(positionals[0], "<id>");
    const { store, websiteId } = openStore(values, io);
    await store.delete(websiteId, id);
    if (values.json) printJson(io, { deleted: id });
    else io.stdout(`Deleted ${id}\n`);
    return 0;
  },
};

/** `sitewright versions prune --keep N`. */
export const versionsPruneCommand: Command = {
  name: ["versions", "prune"],
  summary: "Delete all but the newest N versions (live and rollback target kept)",
  usage: `Usage: sitewright versions prune --keep N --store DIR --website ID [--dry-run] [--json]

  --keep N         how many of the newest versions to keep (N >= 1)
  --dry-run        only print what would be deleted
${STORE_USAGE}`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...STORE_OPTIONS,
      keep: { type: "string" },
      "dry-run": { type: "boolean" },
    });
    const keepText = requireOption(values.keep, "--keep");
    const keep = Number(keepText);
    if (!/^\d+$/.test(keepText) || keep < 1) {
      throw new SitewrightError("E_USAGE", `--keep must be a whole number >= 1, not ${keepText}.`);
    }
    const { store, websiteId } = openStore(values, io);
    const result = await store.prune(websiteId, { keep, dryRun: values["dry-run"] });
    if (values.json) {
      printJson(io, result);
      return 0;
    }
    const verb = result.dryRun ? "Would delete" : "Deleted";
    io.stdout(`${verb} ${result.removed.length} version(s), kept ${result.kept.length}\n`);
    for (const id of result.removed) io.stdout(`  ${id}\n`);
    return 0;
  },
};

/** `sitewright versions reset-lock`: the seeds' "Reset Deployment". */
export const versionsResetLockCommand: Command = {
  name: ["versions", "reset-lock"],
  summary: "Remove a stuck lock and clean up after an interrupted operation",
  usage: `Usage: sitewright versions reset-lock --store DIR --website ID [--json]

Use only when the holder is known to be gone: a running operation loses its lock.

${STORE_USAGE}`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, STORE_OPTIONS);
    const { store, websiteId } = openStore(values, io);
    const reset = await store.resetLock(websiteId);
    // `previous` stays for scripts written before unreadable locks were reported.
    if (values.json) printJson(io, { previous: reset.owner, ...reset });
    else io.stdout(`${describeReset(reset)}\n`);
    return 0;
  },
};

function describeReset(reset: LockReset): string {
  if (reset.found === "owner") return `Removed the lock of ${describeOwner(reset.owner)}`;
  if (reset.found === "unreadable") {
    return `Removed an unreadable lock: it ${reset.problem ?? "could not be read"}.`;
  }
  return "There was no lock.";
}

/** Every `versions …` sub-command. */
export const versionsCommands: Command[] = [
  versionsListCommand,
  versionsActivateCommand,
  versionsDeleteCommand,
  versionsPruneCommand,
  versionsResetLockCommand,
];
