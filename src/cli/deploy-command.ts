/**
 * `sitewright deploy`: sends a stored version to one or more servers over SSH and makes it live
 * on all of them or none; plus `deployments list|show|cancel` over the records it writes.
 */
import { deploy } from "../deploy/deploy.js";
import {
  listDeployments,
  readDeployment,
  readDeploymentLog,
  requestCancel,
} from "../deploy/deployment-record.js";
import type { DeployProgressEvent } from "../deploy/deployment-tracker.js";
import { SitewrightError } from "../errors.js";
import { type CliIO, type Command, parseCommandArgs, requireOption } from "./command.js";
import { formatBytes } from "./format.js";
import { SSH_OPTIONS, SSH_USAGE, sshTargetsFromArgs } from "./remote-command.js";
import { parseKeep, printJson } from "./versions-cli-util.js";

const USAGE = `Usage: sitewright deploy --store DIR --website ID [--version REF] --host USER@HOST[:PORT] --root PATH
       (--key FILE | --agent) (--known-hosts FILE | --fingerprint SHA256:...) [--dry-run] [--keep N] [--json]

Uploads only the files that changed since the server's live version (the rest are hard-linked
there), verifies every file with sha256sum, then switches the server's \`current\` link
atomically. With several --host, all servers are uploaded first and switched only when every
upload verified. A failure or Ctrl-C leaves the previous version live.

  --store DIR               the local version store (required)
  --version REF             version id, number or range (default: the locally live version)
  --dry-run                 connect and show the plan, change nothing
  --keep N                  after success on every server, prune each to the N newest versions
                            (plus the live one and the rollback target); N >= 1
  --transfer tar|sftp       how files travel (default tar: one stream, measured faster)
  --timeout SECONDS         give up (E_TIMEOUT) after this long
  --lock-wait SECONDS       wait this long for another deploy's lock (default 3)
${SSH_USAGE}`;

/** `sitewright deploy`. */
export const deployCommand: Command = {
  name: ["deploy"],
  summary: "Deploy a version to servers over SSH (delta upload, verify, atomic switch)",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      ...SSH_OPTIONS,
      store: { type: "string" },
      version: { type: "string" },
      "dry-run": { type: "boolean" },
      timeout: { type: "string" },
      "lock-wait": { type: "string" },
      keep: { type: "string" },
    });
    const keep = values.keep === undefined ? undefined : parseKeep(values.keep);
    const storeRoot = requireOption(values.store, "--store");
    const websiteId = requireOption(values.website, "--website");
    const targets = sshTargetsFromArgs(values);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once("SIGINT", onSigint);
    const bar = values.json || !io.isTTY ? undefined : progressBar(io);
    try {
      const result = await deploy({
        store: storeRoot,
        websiteId,
        ...(values.version ? { version: values.version } : {}),
        targets,
        signal: controller.signal,
        dryRun: values["dry-run"] === true,
        ...(keep === undefined ? {} : { keep }),
        ...(values.actor ? { actor: values.actor } : {}),
        ...(values.timeout ? { timeoutMs: seconds(values.timeout, "--timeout") } : {}),
        ...(values["lock-wait"]
          ? { lock: { waitMs: seconds(values["lock-wait"], "--lock-wait") } }
          : {}),
        ...(bar ? { onProgress: bar.update } : {}),
      });
      bar?.end();
      if (values.json) {
        printJson(io, {
          ...result,
          targets: result.targets.map(({ plan, ...t }) => ({
            ...t,
            ...(plan
              ? {
                  from: plan.from,
                  action: plan.action,
                  summary: plan.summary,
                  ...(result.dryRun ? { uploads: plan.uploads, deletes: plan.deletes } : {}),
                }
              : {}),
          })),
        });
        return 0;
      }
      for (const t of result.targets) {
        const s = t.plan?.summary;
        const what =
          t.plan?.action === "none"
            ? "already live"
            : `${s?.uploadFiles ?? 0} uploaded (${formatBytes(s?.uploadBytes ?? 0)}), ${s?.linkFiles ?? 0} linked, ${s?.deleteFiles ?? 0} dropped`;
        io.stdout(`${t.target}: ${result.dryRun ? "would deploy" : t.state}: ${what}\n`);
        if (t.pruned && "error" in t.pruned)
          io.stderr(`warning: ${t.target}: prune failed: ${t.pruned.error.message}\n`);
        else if (t.pruned) io.stdout(`  pruned ${t.pruned.removed.length} old version(s)\n`);
        if (result.dryRun) {
          for (const u of t.plan?.uploads.slice(0, 50) ?? [])
            io.stdout(`  upload ${u.path} (${u.reason})\n`);
          if ((t.plan?.uploads.length ?? 0) > 50)
            io.stdout(`  ... ${(t.plan?.uploads.length ?? 0) - 50} more\n`);
        }
      }
      io.stdout(
        `${result.dryRun ? "Planned" : "Deployed"} ${websiteId} ${result.versionId} (deployment ${result.deploymentId}) in ${(result.durationMs / 1000).toFixed(1)} s\n`,
      );
      return 0;
    } finally {
      bar?.end();
      process.removeListener("SIGINT", onSigint);
    }
  },
};

function seconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new SitewrightError("E_USAGE", `${flag} takes a number of seconds.`);
  return n * 1000;
}

/** A one-line bar on the terminal: state, files and bytes over all targets, redrawn ≤10×/s. */
function progressBar(io: CliIO): { update: (e: DeployProgressEvent) => void; end: () => void } {
  let last = 0;
  let drawn = false;
  return {
    update(e) {
      if (e.message) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      let done = 0;
      let total = 0;
      let bytes = 0;
      let totalBytes = 0;
      for (const t of e.targets) {
        done += t.files.done;
        total += t.files.total;
        bytes += t.bytes.done;
        totalBytes += t.bytes.total;
      }
      const width = 30;
      const filled = totalBytes === 0 ? width : Math.round((bytes / totalBytes) * width);
      io.stdout(
        `\r${e.state.padEnd(10)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} files ${formatBytes(bytes)}/${formatBytes(totalBytes)}   `,
      );
      drawn = true;
    },
    end() {
      if (drawn) io.stdout("\n");
      drawn = false;
    },
  };
}

const RECORD_OPTIONS = {
  store: { type: "string" },
  website: { type: "string" },
  id: { type: "string" },
  json: { type: "boolean" },
} as const;

/** `sitewright deployments list`: recent deployments and their states. */
export const deploymentsListCommand: Command = {
  name: ["deployments", "list"],
  summary: "List the deployments of a website, newest first",
  usage: "Usage: sitewright deployments list --store DIR --website ID [--json]",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, RECORD_OPTIONS);
    const records = await listDeployments(
      requireOption(values.store, "--store"),
      requireOption(values.website, "--website"),
    );
    if (values.json) printJson(io, records);
    else if (records.length === 0) io.stdout("No deployments.\n");
    else
      for (const r of records)
        io.stdout(
          `${r.id}  ${r.state.padEnd(10)} ${r.versionId}  ${r.targets.length} target(s)  ${r.actor}${r.error ? `  ${r.error.code}: ${r.error.message}` : ""}\n`,
        );
    return 0;
  },
};

/** `sitewright deployments show`: one deployment's record and log (the seeds' status + log download). */
export const deploymentsShowCommand: Command = {
  name: ["deployments", "show"],
  summary: "Show a deployment's status and log",
  usage: "Usage: sitewright deployments show --store DIR --website ID --id DEPLOYMENT [--json]",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, RECORD_OPTIONS);
    const store = requireOption(values.store, "--store");
    const websiteId = requireOption(values.website, "--website");
    const id = requireOption(values.id, "--id");
    const record = await readDeployment(store, websiteId, id);
    const log = await readDeploymentLog(store, websiteId, id);
    if (values.json) printJson(io, { ...record, log: log.split("\n").filter((l) => l !== "") });
    else {
      io.stdout(`${record.id}: ${record.state} (${record.versionId})\n`);
      for (const t of record.targets)
        io.stdout(
          `  ${t.target}: ${t.state}, ${t.files.done}/${t.files.total} files, ${formatBytes(t.bytesSent)} sent${t.error ? `, ${t.error.code}: ${t.error.message}` : ""}\n`,
        );
      io.stdout(log);
    }
    return 0;
  },
};

/** `sitewright deployments cancel`: asks a running deploy (any process) to stop. */
export const deploymentsCancelCommand: Command = {
  name: ["deployments", "cancel"],
  summary: "Cancel a running deployment; the previous version stays live",
  usage: "Usage: sitewright deployments cancel --store DIR --website ID --id DEPLOYMENT",
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, RECORD_OPTIONS);
    const id = requireOption(values.id, "--id");
    await requestCancel(
      requireOption(values.store, "--store"),
      requireOption(values.website, "--website"),
      id,
    );
    io.stdout(`Cancel requested for ${id}\n`);
    return 0;
  },
};

/** Every command of this file. */
export const deployCommands: Command[] = [
  deployCommand,
  deploymentsListCommand,
  deploymentsShowCommand,
  deploymentsCancelCommand,
];
