/**
 * The backend's side: enqueue a job and read its status, both from Redis only, so any API
 * process can answer "what is the deployment doing?" without a build server's disk.
 */
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { SitewrightError } from "../errors.js";
import { type EnqueueRateLimits, enqueueLimits } from "./enqueue-limits.js";
import { type JobStatus, readStatus, recordEnqueued } from "./job-status.js";
import {
  BULL_PREFIX,
  DEFAULT_QUEUE_NAME,
  FINISHED_TTL_SECONDS,
  LIST_LIMIT,
  openRedis,
  queueKeys,
  type RedisConnection,
} from "./keys.js";
import {
  isJobKind,
  JOB_KINDS,
  type JobKind,
  type JobPayloads,
  payloadWebsiteId,
} from "./payloads.js";
import { slidingWindow } from "./redis-rate-limit.js";
import { WebsiteGate } from "./website-gate.js";

/** Options of `createQueueClient`. */
export interface QueueClientOptions {
  connection: RedisConnection;
  /** Queue name; workers must use the same (default "sitewright"). */
  queueName?: string;
  /** Runs of a job before it fails for good, on errors worth retrying (default 3). */
  attempts?: number;
  /** First retry delay in ms, doubled each time (default 2000). */
  backoffMs?: number;
  /**
   * Per-website limits of enqueue, kept in Redis and shared by every client of the queue
   * (default: 60 jobs a minute, of which 5 thumbnail jobs per 10 minutes).
   */
  rateLimits?: EnqueueRateLimits;
}

/** Options of `wait`. */
export interface WaitOptions {
  /** Called with each status read. */
  onStatus?: (status: JobStatus) => void;
  /** Poll interval (default 250 ms). */
  pollMs?: number;
  /** Give up with E_TIMEOUT after this long (default: never). */
  timeoutMs?: number;
}

/** A backend's handle on the queue. */
export interface QueueClient {
  /**
   * Queues a job and returns its id at once; E_JOB_PAYLOAD for an unknown kind or website,
   * E_RATE_LIMITED (details: retryAfter s, limit, remaining) past the website's limits.
   */
  enqueue<K extends JobKind>(kind: K, payload: JobPayloads[K]): Promise<string>;
  /** Queues a payload as it came (e.g. from JSON); the worker validates it. */
  enqueueRaw(kind: string, payload: unknown): Promise<string>;
  /** The job's status; E_JOB_NOT_FOUND for an unknown or expired id. */
  status(jobId: string): Promise<JobStatus>;
  /** Resolves with the final status once the job is done or failed. */
  wait(jobId: string, options?: WaitOptions): Promise<JobStatus>;
  /** The newest jobs first (status without log lines). */
  list(options?: { limit?: number }): Promise<JobStatus[]>;
  close(): Promise<void>;
}

/** Connects a client to the queue at `options.connection`. */
export function createQueueClient(options: QueueClientOptions): QueueClient {
  const name = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(name);
  // Before the connection: a limit that cannot work (E_USAGE) leaves nothing open.
  const limitsOf = enqueueLimits(keys, options.rateLimits);
  const redis = openRedis(options.connection);
  const queue = new Queue(name, { connection: redis, prefix: BULL_PREFIX });
  const gate = new WebsiteGate(redis, keys);

  async function enqueueRaw(kind: string, payload: unknown): Promise<string> {
    if (!isJobKind(kind)) {
      throw new SitewrightError("E_JOB_PAYLOAD", `Unknown job kind ${JSON.stringify(kind)}.`, {
        hint: `Use one of ${JOB_KINDS.join(", ")}.`,
      });
    }
    const websiteId = payloadWebsiteId(payload);
    await slidingWindow(redis, limitsOf(kind, websiteId), "take", options.rateLimits?.now);
    const id = randomUUID();
    // Status first, so a reader never sees a job BullMQ has but we do not.
    await recordEnqueued(redis, keys, { id, kind, websiteId, at: new Date() });
    await queue.add(
      kind,
      { kind, payload },
      {
        jobId: id,
        attempts: options.attempts ?? 3,
        backoff: { type: "exponential", delay: options.backoffMs ?? 2000 },
        removeOnComplete: { age: FINISHED_TTL_SECONDS },
        removeOnFail: { age: FINISHED_TTL_SECONDS },
      },
    );
    await gate.push(websiteId, id);
    await redis.zremrangebyrank(keys.index, 0, -LIST_LIMIT - 1);
    return id;
  }

  async function status(jobId: string): Promise<JobStatus> {
    const found = await readStatus(redis, keys, jobId);
    if (!found) {
      throw new SitewrightError("E_JOB_NOT_FOUND", `No job ${jobId} in queue ${name}.`, {
        hint: "Check the id; finished jobs are forgotten after 7 days.",
      });
    }
    return found;
  }

  return {
    enqueue: (kind, payload) => enqueueRaw(kind, payload),
    enqueueRaw,
    status,
    async wait(jobId, waitOptions = {}) {
      const deadline =
        waitOptions.timeoutMs === undefined ? Infinity : Date.now() + waitOptions.timeoutMs;
      for (;;) {
        const current = await status(jobId);
        waitOptions.onStatus?.(current);
        if (current.state === "done" || current.state === "failed") return current;
        if (Date.now() > deadline) {
          throw new SitewrightError("E_TIMEOUT", `Job ${jobId} is still ${current.state}.`, {
            hint: "It goes on in the queue; read it later with `sitewright jobs show`.",
          });
        }
        await new Promise((r) => setTimeout(r, waitOptions.pollMs ?? 250));
      }
    },
    async list(listOptions = {}) {
      const ids = await redis.zrevrange(keys.index, 0, (listOptions.limit ?? 50) - 1);
      const found = await Promise.all(ids.map((id) => readStatus(redis, keys, id)));
      return found.filter((s): s is JobStatus => s !== null).map((s) => ({ ...s, log: [] }));
    },
    async close() {
      await queue.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
