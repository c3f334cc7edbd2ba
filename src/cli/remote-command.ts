/**
 * `sitewright remote list|activate|rollback|prune|reset`: the version store operations on a
 * generator server over SSH. Also exports the SSH option parsing `deploy` shares.
 */

import {
  remoteActivate,
  remoteList,
  remotePrune,
  remoteRollback,
  resetDeployment,
} from "../deploy/remote-ops.js";
import { createSshTarget } from "../deploy/ssh/ssh-target.js";
import type { DeployTarget } from "../deploy/target.js";
import { SitewrightError } from "../errors.js";
import type { LockReset } from "../versions/lock.js";
import { type CliIO, type Command, parseCommandArgs, requireOption } from "./command.js";
import { printJson, versionTable } from "./versions-cli-util.js";

/** Options every SSH command accepts. */
export const SSH_OPTIONS = {
  host: { type: "string", multiple: true },
  root: { type: "string" },
  key: { type: "string" },
  "passphrase-env": { type: "string" },
  agent: { type: "boolean" },
  "known-hosts": { type: "string" },
  fingerprint: { type: "string" },
  transfer: { type: "string" },
  website: { type: "string" },
  actor: { type: "string" },
  json: { type: "boolean" },
} as const;

/** Usage lines of the SSH options. */
export const SSH_USAGE = `  --host USER@HOST[:PORT]   server (repeat for several servers)
  --root PATH               absolute path of the version store on the server
  --key FILE                private key file
  --passphrase-env VAR      read the key's passphrase from this environment variable
  --agent                   authenticate with ssh-agent (SSH_AUTH_SOCK)
  --known-hosts FILE        trust the host keys in this known_hosts file, or
  --fingerprint SHA256:...  trust exactly this host key
  --website ID              the website (required)
  --actor NAME              who does it, recorded in history
  --json                    print the result as JSON`;

interface SshValues {
  host?: string[];
  root?: string;
  key?: string;
  "passphrase-env"?: string;
  agent?: boolean;
  "known-hosts"?: string;
  fingerprint?: string;
  transfer?: string;
}

/** Builds one SSH target per --host from parsed options; E_USAGE on missing or bad ones. */
export function sshTargetsFromArgs(values: SshValues): DeployTarget[] {
  const hosts = values.host ?? [];
  if (hosts.length === 0) throw new SitewrightError("E_USAGE", "Missing required option --host.");
  const root = requireOption(values.root, "--root");
  if (!values.key && !values.agent) {
    throw new SitewrightError("E_USAGE", "Pass --key FILE or --agent to authenticate.");
  }
  if (!values["known-hosts"] === !values.fingerprint) {
    throw new SitewrightError(
      "E_USAGE",
      "Pass exactly one of --known-hosts FILE or --fingerprint SHA256:....",
      {
        hint: "The host key is always checked; get it with ssh-keyscan and verify it out of band.",
      },
    );
  }
  if (values.transfer !== undefined && values.transfer !== "tar" && values.transfer !== "sftp") {
    throw new SitewrightError("E_USAGE", "--transfer must be tar or sftp.");
  }
  const passphraseVar = values["passphrase-env"];
  const passphrase = passphraseVar === undefined ? undefined : process.env[passphraseVar];
  if (passphraseVar !== undefined && passphrase === undefined) {
    throw new SitewrightError("E_USAGE", `The environment variable ${passphraseVar} is not set.`);
  }
  return hosts.map((spec) => {
    const match = /^([^@\s]+)@(\[[^\]]+\]|[^:\s]+)(?::(\d+))?$/.exec(spec);
    if (!match)
      throw new SitewrightError("E_USAGE", `--host must be USER@HOST[:PORT], not ${spec}.`);
    const [, user, host, port] = match as unknown as [string, string, string, string | undefined];
    return createSshTarget({
      user,
      host: host.replace(/^\[|\]$/g, ""),
      port: port ? Number(port) : 22,
      root,
      ...(values.key ? { privateKeyPath: values.key } : {}),
      ...(passphrase !== undefined ? { passphrase } : {}),
      ...(values.agent ? { agent: true as const } : {}),
      hostKey: values.fingerprint
        ? { fingerprint: values.fingerprint }
        : { knownHostsPath: values["known-hosts"] as string },
      ...(values.transfer ? { transfer: values.transfer as "tar" | "sftp" } : {}),
    });
  });
}

function single(values: SshValues): DeployTarget {
  const targets = sshTargetsFromArgs(values);
  if (targets.length !== 1)
    throw new SitewrightError("E_USAGE", "This command takes exactly one --host.");
  return targets[0] as DeployTarget;
}

function remoteCommand(
  verb: string,
  summary: string,
  synopsis: string,
  extraUsage: string,
  extraOptions: Record<string, { type: "string" | "boolean" }>,
  action: (
    values: Record<string, unknown>,
    target: DeployTarget,
    websiteId: string,
    io: CliIO,
  ) => Promise<void>,
): Command {
  return {
    name: ["remote", verb],
    summary,
    usage: `Usage: sitewright remote ${verb} --host USER@HOST[:PORT] --root PATH --key FILE (--known-hosts FILE | --fingerprint SHA256:...) --website ID${synopsis} [--json]

${summary}.

${extraUsage ? `${extraUsage}\n` : ""}${SSH_USAGE}`,
    async run(argv, io) {
      const { values } = parseCommandArgs(argv, { ...SSH_OPTIONS, ...extraOptions });
      const websiteId = requireOption(values.website, "--website");
      await action(values as Record<string, unknown>, single(values as SshValues), websiteId, io);
      return 0;
    },
  };
}

const actorOf = (values: Record<string, unknown>) =>
  typeof values.actor === "string" ? values.actor : undefined;

/** `sitewright remote list`. */
export const remoteListCommand = remoteCommand(
  "list",
  "List the versions on a server",
  "",
  "",
  {},
  async (values, target, websiteId, io) => {
    const versions = await remoteList({ target, websiteId });
    if (values.json) printJson(io, versions);
    else io.stdout(versionTable(versions));
  },
);

/** `sitewright remote activate`. */
export const remoteActivateCommand = remoteCommand(
  "activate",
  "Make a version on a server live",
  " --version REF",
  "  --version REF             id, number (1.4.0) or range (^1.3) of a version on the server",
  { version: { type: "string" } },
  async (values, target, websiteId, io) => {
    const version = requireOption(values.version, "--version");
    const actor = actorOf(values);
    const result = await remoteActivate({
      target,
      websiteId,
      version,
      ...(actor ? { actor } : {}),
    });
    if (values.json) printJson(io, result);
    else
      io.stdout(
        result.changed
          ? `Activated ${result.to} on ${target.name} (was ${result.from ?? "nothing"})\n`
          : `${result.to} is already live on ${target.name}\n`,
      );
  },
);

/** `sitewright remote rollback`. */
export const remoteRollbackCommand = remoteCommand(
  "rollback",
  "Make the previous (or a named) version live again on a server",
  " [--to REF]",
  "  --to REF                  target version instead of the previous one",
  { to: { type: "string" } },
  async (values, target, websiteId, io) => {
    const actor = actorOf(values);
    const result = await remoteRollback({
      target,
      websiteId,
      ...(typeof values.to === "string" ? { to: values.to } : {}),
      ...(actor ? { actor } : {}),
    });
    if (values.json) printJson(io, result);
    else
      io.stdout(
        result.changed
          ? `Rolled back ${websiteId} on ${target.name} from ${result.from} to ${result.to}\n`
          : `${result.to} is already live\n`,
      );
  },
);

/** `sitewright remote prune`. */
export const remotePruneCommand = remoteCommand(
  "prune",
  "Delete old versions on a server (never the live one nor the rollback target)",
  " --keep N [--dry-run]",
  "  --keep N                  how many of the newest versions to keep\n  --dry-run                 only show what would go",
  { keep: { type: "string" }, "dry-run": { type: "boolean" } },
  async (values, target, websiteId, io) => {
    const keep = Number(requireOption(values.keep, "--keep"));
    const result = await remotePrune({
      target,
      websiteId,
      keep,
      dryRun: values["dry-run"] === true,
    });
    if (values.json) printJson(io, result);
    else
      io.stdout(
        `${result.dryRun ? "Would remove" : "Removed"} ${result.removed.length} version(s): ${result.removed.join(", ") || "none"}\n`,
      );
  },
);

/** `sitewright remote reset`. */
export const remoteResetCommand = remoteCommand(
  "reset",
  "Clear a stuck deployment: remove the server's lock and temp leftovers",
  " [--store DIR]",
  "  --store DIR               also mark unfinished deployment records in this local store as failed",
  { store: { type: "string" } },
  async (values, target, websiteId, io) => {
    const result = await resetDeployment({
      targets: [target],
      websiteId,
      ...(typeof values.store === "string" ? { store: values.store } : {}),
    });
    if (values.json) printJson(io, result);
    else {
      for (const t of result.targets) {
        io.stdout(
          `${t.target}: lock ${describeLock(t.lock)}; ${t.removed.length} leftover(s) removed\n`,
        );
      }
      if (result.failedRecords.length > 0)
        io.stdout(`Marked failed: ${result.failedRecords.join(", ")}\n`);
    }
  },
);

/** Every `remote ...` command. */
export const remoteCommands: Command[] = [
  remoteListCommand,
  remoteActivateCommand,
  remoteRollbackCommand,
  remotePruneCommand,
  remoteResetCommand,
];

function describeLock(lock: LockReset): string {
  if (lock.found === "owner" && lock.owner) return `held by ${lock.owner.actor} removed`;
  if (lock.found === "unreadable") return `unreadable (${lock.problem ?? "corrupt"}) removed`;
  return "was free";
}
