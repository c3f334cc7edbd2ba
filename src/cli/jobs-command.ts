/** `sitewright jobs list|show`: reads queue jobs' status and logs from Redis. */
import type { JobStatus } from "../queue/job-status.js";
import { createQueueClient } from "../queue/queue-client.js";
import { type CliIO, type Command, parseCommandArgs, requireOption } from "./command.js";
import { printJson } from "./versions-cli-util.js";
import { positiveInt } from "./worker-command.js";

const OPTIONS = {
  redis: { type: "string" },
  queue: { type: "string" },
  json: { type: "boolean" },
} as const;

const COMMON = `  --redis URL    the queue's Redis (required)
  --queue NAME   queue name (default sitewright)
  --json         print JSON`;

/** One line for a job: id, kind, website, state and outcome. */
export function statusLine(s: JobStatus): string {
  const outcome =
    s.state === "failed"
      ? ` ${s.error?.code ?? ""}`
      : s.state === "running" && s.progress
        ? ` ${s.progress.stage}${s.progress.percent === undefined ? "" : ` ${s.progress.percent}%`}`
        : "";
  return `${s.id}  ${s.kind.padEnd(9)} ${s.websiteId.padEnd(16)} ${s.state}${outcome}`;
}

/** Prints a failed job's coded error and hint to stderr. */
export function printJobError(io: CliIO, s: JobStatus): void {
  if (!s.error) return;
  io.stderr(`error ${s.error.code}: ${s.error.message}\n`);
  if (s.error.hint) io.stderr(`hint: ${s.error.hint}\n`);
}

function client(values: { redis?: string; queue?: string }) {
  return createQueueClient({
    connection: requireOption(values.redis, "--redis"),
    ...(values.queue ? { queueName: values.queue } : {}),
  });
}

/** `sitewright jobs list`. */
export const jobsListCommand: Command = {
  name: ["jobs", "list"],
  summary: "List the newest queued jobs and their states",
  usage: `Usage: sitewright jobs list --redis URL [--limit N] [--json]\n\n  --limit N      how many (default 50)\n${COMMON}`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { ...OPTIONS, limit: { type: "string" } });
    const limit = positiveInt(values.limit ?? "50", "--limit");
    const queue = client(values);
    try {
      const jobs = await queue.list({ limit });
      if (values.json) printJson(io, jobs);
      else io.stdout(jobs.length ? `${jobs.map(statusLine).join("\n")}\n` : "No jobs\n");
      return 0;
    } finally {
      await queue.close();
    }
  },
};

/** `sitewright jobs show ID`. */
export const jobsShowCommand: Command = {
  name: ["jobs", "show"],
  summary: "Show a queued job's state, progress, result or error, and log",
  usage: `Usage: sitewright jobs show ID --redis URL [--json]\n\n${COMMON}`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const id = requireOption(positionals[0], "ID");
    const queue = client(values);
    try {
      const s = await queue.status(id);
      if (values.json) {
        printJson(io, s);
        return 0;
      }
      io.stdout(`${statusLine(s)}\n`);
      io.stdout(`enqueued ${s.enqueuedAt}`);
      if (s.startedAt) io.stdout(`, started ${s.startedAt}`);
      if (s.finishedAt) io.stdout(`, finished ${s.finishedAt}`);
      io.stdout(s.worker ? ` on ${s.worker}\n` : "\n");
      if (s.result !== undefined) io.stdout(`result: ${JSON.stringify(s.result)}\n`);
      printJobError(io, s);
      for (const line of s.log) io.stdout(`  ${line}\n`);
      return 0;
    } finally {
      await queue.close();
    }
  },
};

/** The `jobs` commands. */
export const jobsCommands: Command[] = [jobsListCommand, jobsShowCommand];
