/**
 * Names shared by the client and the workers: the BullMQ queue and the Redis keys of the
 * per-website gate, the rate limits and job status. Both sides must agree, so they live in one place.
 */
import { Redis, type RedisOptions } from "ioredis";

/** Where a client or worker finds Redis: a `redis://` URL or ioredis options. */
export type RedisConnection = string | RedisOptions;

/** Default name of the BullMQ queue (and prefix of our own keys). */
export const DEFAULT_QUEUE_NAME = "sitewright";

/** The BullMQ key prefix; BullMQ's own default, so Bull Board and friends find the queue. */
export const BULL_PREFIX = "bull";

/** How long a finished job's status and log stay readable (s). */
export const FINISHED_TTL_SECONDS = 7 * 24 * 3600;

/** Jobs the `jobs list` index remembers. */
export const LIST_LIMIT = 1000;

/** Log lines kept per job (the newest). */
export const LOG_LIMIT = 500;

/** Our key names for one queue. */
export interface QueueKeys {
  /** BullMQ's job hash prefix (`bull:<queue>:`), read by the gate to spot jobs BullMQ gave up on. */
  bullJob: string;
  /** BullMQ's sorted set of failed jobs. */
  bullFailed: string;
  /** Sorted set of job ids by enqueue time, for listing. */
  index: string;
  job(id: string): string;
  log(id: string): string;
  fifo(websiteId: string): string;
  lock(websiteId: string): string;
  fence(websiteId: string): string;
  /** Sorted set of the accepted requests of limit `rule` (e.g. "thumbnails") of a website. */
  rate(websiteId: string, rule: string): string;
}

/** The keys of queue `name`. */
export function queueKeys(name: string): QueueKeys {
  const base = `sitewright:${name}`;
  return {
    bullJob: `${BULL_PREFIX}:${name}:`,
    bullFailed: `${BULL_PREFIX}:${name}:failed`,
    index: `${base}:jobs`,
    job: (id) => `${base}:job:${id}`,
    log: (id) => `${base}:job:${id}:log`,
    fifo: (w) => `${base}:site:${w}:fifo`,
    lock: (w) => `${base}:site:${w}:lock`,
    fence: (w) => `${base}:site:${w}:fence`,
    rate: (w, rule) => `${base}:site:${w}:rate:${rule}`,
  };
}

/** A new ioredis client; BullMQ's blocking commands need `maxRetriesPerRequest: null`. */
export function openRedis(connection: RedisConnection): Redis {
  const options = { maxRetriesPerRequest: null, enableOfflineQueue: true } as const;
  return typeof connection === "string"
    ? new Redis(connection, options)
    : new Redis({ ...connection, ...options });
}
