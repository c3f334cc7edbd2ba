/**
 * A build server's side: a BullMQ worker that runs jobs one website at a time, in enqueue
 * order, through the website gate, and records status, progress and log lines in Redis.
 */
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { DeployTarget } from "../deploy/target.js";
import { isSitewrightError, SitewrightError } from "../errors.js";
import { createThumbnailer, type Thumbnailer } from "../show/thumbnailer.js";
import type { VersionStore } from "../versions/store.js";
import { DEFAULT_HANDLERS, type JobContext, type JobHandlers } from "./handlers.js";
import {
  appendLog,
  type JobError,
  readStatus,
  recordRejected,
  setProgress,
  toJobError,
} from "./job-status.js";
import {
  BULL_PREFIX,
  DEFAULT_QUEUE_NAME,
  FINISHED_TTL_SECONDS,
  openRedis,
  queueKeys,
  type RedisConnection,
} from "./keys.js";
import { type JobKind, parsePayload, payloadWebsiteId } from "./payloads.js";
import { type AcquireResult, WebsiteGate } from "./website-gate.js";

/** Options of `createWorker`. */
export interface WorkerOptions {
  connection: RedisConnection;
  store: VersionStore;
  /** Jobs run at once by this worker (of different websites); default 1. */
  concurrency?: number;
  /** Deploy target groups by name; payloads name a group, never a host or key. */
  targets?: Readonly<Record<string, readonly DeployTarget[]>>;
  /** Queue name; the same as the clients' (default "sitewright"). */
  queueName?: string;
  /** Replaces the handler of some kinds (tests record timings this way). */
  handlers?: Partial<JobHandlers>;
  /** Website lock lifetime; renewed every third of it while the job runs (default 30 s). */
  lockTtlMs?: number;
  /** BullMQ's job lock; a worker silent this long has its job taken over (default 30 s). */
  stallAfterMs?: number;
  /** How often BullMQ looks for stalled jobs (default 15 s). */
  stalledIntervalMs?: number;
  /** Longest a job waiting for its website sleeps before looking again (default 30 s). */
  parkMs?: number;
  /** Chromium for thumbnail jobs (default: the thumbnailer's). */
  chromium?: string;
  /**
   * A folder on this worker's disk where build jobs keep their builds per website, so each
   * build renders only what changed since the last one stored (src/queue/build-folders.ts).
   * Default: none; every build is a clean one in a temporary folder.
   */
  buildsDir?: string;
  /** Errors of the worker itself (lost connections and the like); default: ignored. */
  onError?: (error: Error) => void;
}

/** A running worker. */
export interface QueueWorker {
  /** This worker's name in status (`worker`) and lock values. */
  readonly id: string;
  /** Resolves once the worker is connected and takes jobs. */
  ready(): Promise<void>;
  /** Stops taking jobs, lets the running ones finish, then closes its connections. */
  close(): Promise<void>;
}

// Codes worth another attempt: the rest will fail the same way again.
const RETRYABLE = new Set(["E_LOCKED", "E_SSH", "E_TIMEOUT", "E_BROWSER", "E_QUEUE"]);

/** Starts a worker consuming the queue. */
export function createWorker(options: WorkerOptions): QueueWorker {
  const name = options.queueName ?? DEFAULT_QUEUE_NAME;
  const keys = queueKeys(name);
  const redis = openRedis(options.connection);
  const gate = new WebsiteGate(redis, keys);
  const queue = new Queue(name, { connection: redis, prefix: BULL_PREFIX });
  const handlers: JobHandlers = { ...DEFAULT_HANDLERS, ...options.handlers };
  const lockTtlMs = options.lockTtlMs ?? 30_000;
  const parkMs = options.parkMs ?? 30_000;
  const id = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  let thumbnailer: Thumbnailer | undefined;
  const onError = options.onError ?? (() => undefined);

  // Runs the job later without spending an attempt. Parking before the second look at the
  // FIFO closes the race with a finisher: either it saw us parked and woke us, or we see it.
  async function park(job: Job, token: string, got: AcquireResult): Promise<never> {
    const delay = got.kind === "busy" ? Math.min(parkMs, got.ttlMs + 20) : parkMs;
    await job.moveToDelayed(Date.now() + delay, token);
    if (got.kind === "wait" && (await redis.lindex(keys.fifo(websiteOf(job)), 0)) === job.id) {
      await job.promote().catch(() => undefined);
    }
    throw new DelayedError();
  }

  async function wake(next: string | undefined): Promise<void> {
    if (!next) return;
    const job = await queue.getJob(next).catch(() => undefined);
    if (job && (await job.isDelayed())) await job.promote().catch(() => undefined);
  }

  async function run(job: Job, token: string | undefined): Promise<unknown> {
    const jobId = job.id as string;
    const kind = job.data?.kind as JobKind;
    let websiteId: string;
    try {
      websiteId = payloadWebsiteId(job.data?.payload);
    } catch (err) {
      // Without a website there is no FIFO to take part in: fail at once.
      await recordRejected(redis, keys, jobId, String(kind), toJobError(err), FINISHED_TTL_SECONDS);
      throw new UnrecoverableError((err as Error).message);
    }
    const got = await gate.acquire(websiteId, jobId, id, lockTtlMs);
    if (got.kind === "finished") return (await readStatus(redis, keys, jobId))?.result ?? null;
    if (got.kind !== "acquired") return park(job, token as string, got);

    const lock = got.lock;
    const controller = new AbortController();
    const heartbeat = setInterval(() => {
      gate.renew(websiteId, lock, lockTtlMs).then(
        (held) => {
          if (!held) controller.abort(lostLock(websiteId));
        },
        // Redis away for a moment: the lock lives on until its TTL; the next beat retries.
        () => undefined,
      );
    }, lockTtlMs / 3);
    const context: JobContext = {
      jobId,
      websiteId,
      fence: got.fence,
      store: options.store,
      targets: options.targets ?? {},
      signal: controller.signal,
      // A status write that fails must not fail the job, nor crash the worker from an unawaited call.
      log: (line) => appendLog(redis, keys, jobId, line).catch(onError),
      progress: (p) => setProgress(redis, keys, jobId, p).catch(onError),
      async assertFenced() {
        if (controller.signal.aborted || !(await gate.holds(websiteId, lock))) {
          throw lostLock(websiteId);
        }
      },
      async remember(key, decide) {
        const field = `decided:${key}`;
        const earlier = await redis.hget(keys.job(jobId), field);
        if (earlier !== null) return JSON.parse(earlier);
        const value = JSON.stringify((await decide()) ?? null);
        const recorded = await gate.remember(websiteId, jobId, lock, field, value);
        if (recorded === null) throw lostLock(websiteId);
        return JSON.parse(recorded);
      },
      buildsDir: options.buildsDir ?? null,
      thumbnailer() {
        thumbnailer ??= createThumbnailer(
          options.chromium ? { executablePath: options.chromium } : {},
        );
        return thumbnailer;
      },
    };
    try {
      await context.log(`Started by ${id} (attempt ${job.attemptsMade + 1}, fence ${got.fence})`);
      const payload = parsePayload(kind, job.data?.payload);
      const result = await handlers[kind](payload as never, context);
      const done = await gate.finish(
        websiteId,
        jobId,
        lock,
        { state: "done", result },
        FINISHED_TTL_SECONDS,
      );
      if (done.fenced) throw lostLock(websiteId);
      await wake(done.next);
      return result;
    } catch (err) {
      const error = toJobError(err);
      const final =
        (isSitewrightError(err) && !RETRYABLE.has(err.code)) ||
        job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await appendLog(redis, keys, jobId, `${error.code}: ${error.message}`).catch(() => undefined);
      if (!final) {
        await gate.releaseForRetry(websiteId, jobId, lock, error);
        throw asBullError(error, false);
      }
      const failed = await gate.finish(
        websiteId,
        jobId,
        lock,
        { state: "failed", error },
        FINISHED_TTL_SECONDS,
      );
      if (!failed.fenced) await wake(failed.next);
      throw asBullError(error, true);
    } finally {
      clearInterval(heartbeat);
    }
  }

  const worker = new Worker(name, run, {
    connection: redis,
    prefix: BULL_PREFIX,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.stallAfterMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 15_000,
    maxStalledCount: 2,
  });
  worker.on("error", onError);

  return {
    id,
    async ready() {
      await worker.waitUntilReady();
    },
    async close() {
      await worker.close();
      await queue.close();
      await thumbnailer?.close().catch(() => undefined);
      await redis.quit().catch(() => undefined);
    },
  };
}

function websiteOf(job: Job): string {
  return payloadWebsiteId(job.data?.payload);
}

function lostLock(websiteId: string): SitewrightError {
  return new SitewrightError(
    "E_LOCKED",
    `This worker lost website ${websiteId}'s queue lock; another worker runs the job now.`,
    { hint: "The worker was paused longer than the lock lifetime; nothing to do." },
  );
}

/** BullMQ keeps only a message: it carries the code, the status hash keeps the rest. */
function asBullError(error: JobError, final: boolean): Error {
  const text = `${error.code}: ${error.message}`;
  return final ? new UnrecoverableError(text) : new Error(text);
}
