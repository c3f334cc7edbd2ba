/** The job queue on Redis (BullMQ): clients enqueue and read status, workers run jobs. */

export {
  DEFAULT_REQUEST_LIMIT,
  DEFAULT_THUMBNAIL_LIMIT,
  type EnqueueRateLimits,
} from "./enqueue-limits.js";
export {
  DEFAULT_HANDLERS,
  JOB_ID_STAT,
  type JobContext,
  type JobHandler,
  type JobHandlers,
} from "./handlers.js";
export type { JobError, JobProgress, JobState, JobStatus } from "./job-status.js";
export { DEFAULT_QUEUE_NAME, type RedisConnection } from "./keys.js";
export { isJobKind, JOB_KINDS, type JobKind, type JobPayloads, parsePayload } from "./payloads.js";
export {
  createQueueClient,
  type QueueClient,
  type QueueClientOptions,
  type WaitOptions,
} from "./queue-client.js";
export {
  createRedisRateLimiter,
  type RedisRateLimiter,
  type RedisRateLimiterOptions,
} from "./redis-rate-limit.js";
export { loadTargetsConfig, parseTargetsConfig } from "./targets-config.js";
export { createWorker, type QueueWorker, type WorkerOptions } from "./worker.js";
