/** `sitewright enqueue`: puts a job on the Redis queue, prints its id, optionally follows it. */
import { resolve } from "node:path";
import { SitewrightError } from "../errors.js";
import type { JobStatus } from "../queue/job-status.js";
import { JOB_KINDS } from "../queue/payloads.js";
import { createQueueClient } from "../queue/queue-client.js";
import { type CliIO, type Command, parseCommandArgs, requireOption } from "./command.js";
import { printJobError, statusLine } from "./jobs-command.js";
import { printJson } from "./versions-cli-util.js";
import { positiveInt } from "./worker-command.js";

const USAGE = `Usage: sitewright enqueue build <site> --website ID [--activate] [--keep N] [--base-url URL] [--note TEXT]
       sitewright enqueue deploy --website ID --targets GROUP [--version REF] [--keep N] [--dry-run]
       sitewright enqueue rollback --website ID [--to REF] [--targets GROUP]
       sitewright enqueue thumbnail <site> --website ID --type page|template|layout --entity ID
       ... --redis URL [--queue NAME] [--wait] [--json]

Queues a job and prints its id at once. <site> is a path on the build servers (made absolute
here). Deploy and remote rollback name a target group of the workers' --targets file.

  --wait      follow the job (progress on a terminal) and exit with its outcome:
              0 done, 1 failed (the job's error is printed)`;

/** `sitewright enqueue <kind>`. */
export const enqueueCommand: Command = {
  name: ["enqueue"],
  summary: "Queue a build, deploy, rollback or thumbnail job on Redis",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      redis: { type: "string" },
      queue: { type: "string" },
      website: { type: "string" },
      activate: { type: "boolean" },
      keep: { type: "string" },
      "base-url": { type: "string" },
      note: { type: "string" },
      targets: { type: "string" },
      version: { type: "string" },
      "dry-run": { type: "boolean" },
      to: { type: "string" },
      type: { type: "string" },
      entity: { type: "string" },
      wait: { type: "boolean" },
      json: { type: "boolean" },
    });
    const kind = positionals[0];
    if (kind === undefined || !(JOB_KINDS as string[]).includes(kind)) {
      throw new SitewrightError(
        "E_USAGE",
        `enqueue needs a job kind (${JOB_KINDS.join(", ")}), not ${kind ?? "nothing"}.`,
      );
    }
    const websiteId = requireOption(values.website, "--website");
    const keep = values.keep === undefined ? undefined : positiveInt(values.keep, "--keep");
    const site = () => resolve(requireOption(positionals[1], "<site>"));
    let payload: Record<string, unknown>;
    if (kind === "build") {
      payload = {
        websiteId,
        site: site(),
        ...(values.activate ? { activate: true } : {}),
        ...(keep === undefined ? {} : { keep }),
        ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
        ...(values.note ? { note: values.note } : {}),
      };
    } else if (kind === "deploy") {
      payload = {
        websiteId,
        targets: requireOption(values.targets, "--targets"),
        ...(values.version ? { version: values.version } : {}),
        ...(keep === undefined ? {} : { keep }),
        ...(values["dry-run"] ? { dryRun: true } : {}),
      };
    } else if (kind === "rollback") {
      payload = {
        websiteId,
        ...(values.to ? { to: values.to } : {}),
        ...(values.targets ? { targets: values.targets } : {}),
      };
    } else {
      const entity = requireOption(values.entity, "--entity");
      payload = {
        websiteId,
        site: site(),
        type: requireOption(values.type, "--type"),
        entityId: /^\d+$/.test(entity) ? Number(entity) : entity,
      };
    }
    const client = createQueueClient({
      connection: requireOption(values.redis, "--redis"),
      ...(values.queue ? { queueName: values.queue } : {}),
    });
    try {
      const id = await client.enqueueRaw(kind, payload);
      if (!values.wait) {
        if (values.json) printJson(io, { id, kind, websiteId });
        else io.stdout(`${id}\n`);
        return 0;
      }
      if (!values.json) io.stdout(`Queued ${kind} job ${id}\n`);
      const follow = values.json || !io.isTTY ? undefined : progressLine(io);
      const final = await client.wait(id, { ...(follow ? { onStatus: follow } : {}) });
      if (follow) io.stdout("\n");
      if (values.json) printJson(io, final);
      else io.stdout(`${statusLine(final)}\n`);
      if (final.state === "failed") {
        if (!values.json) printJobError(io, final);
        return 1;
      }
      return 0;
    } finally {
      await client.close();
    }
  },
};

/** Redraws one terminal line per status change: state, stage and a bar. */
function progressLine(io: CliIO): (status: JobStatus) => void {
  let last = "";
  return (status) => {
    const percent = status.progress?.percent;
    const bar =
      percent === undefined
        ? ""
        : ` [${"#".repeat(Math.round(percent / 5)).padEnd(20, ".")}] ${percent}%`;
    const line = `${status.state}${status.progress ? ` ${status.progress.stage}` : ""}${bar}`;
    if (line !== last) io.stdout(`\r${line.padEnd(60)}`);
    last = line;
  };
}
