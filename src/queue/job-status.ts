/**
 * A job's status as any process reads it from Redis: one hash per job (state, progress,
 * result or coded error) and a capped list of log lines. The worker writes, clients read.
 */
import type { Redis } from "ioredis";
import { isSitewrightError } from "../errors.js";
import { LOG_LIMIT, type QueueKeys } from "./keys.js";
import type { JobKind } from "./payloads.js";

/** Where a job is. */
export type JobState = "queued" | "running" | "done" | "failed";

/** A coded error as status shows it. */
export interface JobError {
  code: string;
  message: string;
  hint?: string;
}

/** Progress of a running job: a stage name and, when known, a percentage. */
export interface JobProgress {
  stage: string;
  percent?: number;
}

/** Everything a backend needs to answer "what is the job doing?". */
export interface JobStatus {
  id: string;
  kind: JobKind;
  websiteId: string;
  state: JobState;
  progress: JobProgress | null;
  log: string[];
  result?: unknown;
  error?: JobError;
  enqueuedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Fencing number of the website lock the last run held. */
  fence?: number;
  /** The worker that ran it last. */
  worker?: string;
}

/** The coded error of anything thrown (E_QUEUE for errors that are not SitewrightErrors). */
export function toJobError(err: unknown): JobError {
  if (isSitewrightError(err)) {
    return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  }
  return {
    code: "E_QUEUE",
    message: `The job failed: ${err instanceof Error ? err.message : String(err)}`,
    hint: "This is not a known failure; see the worker's log.",
  };
}

/** Writes the hash of a new job (the client, before the job can run). */
export async function recordEnqueued(
  redis: Redis,
  keys: QueueKeys,
  job: { id: string; kind: JobKind; websiteId: string; at: Date },
): Promise<void> {
  await redis
    .multi()
    .hset(keys.job(job.id), {
      kind: job.kind,
      websiteId: job.websiteId,
      state: "queued",
      enqueuedAt: job.at.toISOString(),
    })
    .zadd(keys.index, job.at.getTime(), job.id)
    .exec();
}

/** Appends a log line (keeps the newest LOG_LIMIT). */
export async function appendLog(
  redis: Redis,
  keys: QueueKeys,
  jobId: string,
  line: string,
): Promise<void> {
  const stamped = `${new Date().toISOString()} ${line}`;
  await redis.multi().rpush(keys.log(jobId), stamped).ltrim(keys.log(jobId), -LOG_LIMIT, -1).exec();
}

/** Records the job's progress. */
export async function setProgress(
  redis: Redis,
  keys: QueueKeys,
  jobId: string,
  progress: JobProgress,
): Promise<void> {
  await redis.hset(keys.job(jobId), "progress", JSON.stringify(progress));
}

/** Reads a job's status; null for an unknown (or expired) id. */
export async function readStatus(
  redis: Redis,
  keys: QueueKeys,
  jobId: string,
): Promise<JobStatus | null> {
  const [hashReply, logReply] = (await redis
    .multi()
    .hgetall(keys.job(jobId))
    .lrange(keys.log(jobId), 0, -1)
    .exec()) as [[Error | null, Record<string, string>], [Error | null, string[]]];
  const hash = hashReply[1];
  if (!hash?.kind) return null;
  const json = (text: string | undefined) => (text === undefined ? undefined : JSON.parse(text));
  return {
    id: jobId,
    kind: hash.kind as JobKind,
    websiteId: hash.websiteId ?? "",
    state: (hash.state ?? "queued") as JobState,
    progress: json(hash.progress) ?? null,
    log: logReply[1] ?? [],
    ...(hash.result !== undefined ? { result: json(hash.result) } : {}),
    ...(hash.error !== undefined ? { error: json(hash.error) } : {}),
    enqueuedAt: hash.enqueuedAt ?? "",
    ...(hash.startedAt ? { startedAt: hash.startedAt } : {}),
    ...(hash.finishedAt ? { finishedAt: hash.finishedAt } : {}),
    ...(hash.fence ? { fence: Number(hash.fence) } : {}),
    ...(hash.worker ? { worker: hash.worker } : {}),
  };
}

/** Marks a job finished when it never reached the gate (its payload named no website). */
export async function recordRejected(
  redis: Redis,
  keys: QueueKeys,
  jobId: string,
  kind: string,
  error: JobError,
  ttlSeconds: number,
): Promise<void> {
  await redis
    .multi()
    .hset(keys.job(jobId), {
      kind,
      state: "failed",
      error: JSON.stringify(error),
      finishedAt: new Date().toISOString(),
    })
    .expire(keys.job(jobId), ttlSeconds)
    .exec();
}
