/**
 * Sliding-window rate limits kept in Redis, so every API process and worker counts into the
 * same window. A limit of a website is a sorted set of its accepted requests scored by time;
 * one Lua script prunes, checks and counts, so two processes can never both take the last
 * slot. Time is the Redis server's clock: hosts whose clocks disagree still share one window.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { SitewrightError } from "../errors.js";
import {
  assertRateLimit,
  type RateLimit,
  type RateLimiter,
  type RateLimitState,
  rateLimited,
} from "../show/rate-limit.js";
import { DEFAULT_QUEUE_NAME, openRedis, queueKeys, type RedisConnection } from "./keys.js";
import { websiteIdSchema } from "./payloads.js";

// KEYS: one sorted set per limit. ARGV: 'take' or 'check', a member unique to this request,
// now in ms ('' for the server's clock), then max and window ms of each key.
// Reply: {1, remaining per key} or {0, index of the refusing key, ms until it has room}.
// Requests older than the window are pruned first (score <= now - window, as the in-process
// limiter keeps t > now - window). Either every set counts the request or none does, so a
// request refused by one limit does not use up another.
const SLIDING_WINDOW = `
local now = tonumber(ARGV[3])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local counts, refused, wait = {}, 0, 0
for i = 1, #KEYS do
  local max, win = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - win)
  local n = redis.call('ZCARD', KEYS[i])
  counts[i] = n
  if n >= max then
    -- Room comes back when the request max places from the newest leaves the window.
    local at = redis.call('ZRANGE', KEYS[i], n - max, n - max, 'WITHSCORES')
    local ms = tonumber(at[2]) + win - now
    if refused == 0 or ms > wait then refused, wait = i, ms end
  end
end
if refused > 0 then return {0, refused, wait} end
local reply = {1}
for i = 1, #KEYS do
  local max, win = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
  if ARGV[1] == 'take' then
    redis.call('ZADD', KEYS[i], now, ARGV[2])
    redis.call('PEXPIRE', KEYS[i], win)
    counts[i] = counts[i] + 1
  end
  reply[i + 1] = max - counts[i]
end
return reply`;

/** One limit on one sorted set; `subject` names it in the error ("website 42 (thumbnails)"). */
export interface WindowLimit {
  key: string;
  limit: RateLimit;
  subject: string;
}

/**
 * Counts one request against every limit (`take`), or only checks them; when one has no room,
 * nothing is counted and E_RATE_LIMITED names the limit whose room comes back last.
 */
export async function slidingWindow(
  redis: Redis,
  limits: readonly WindowLimit[],
  mode: "take" | "check",
  now?: () => number,
): Promise<RateLimitState[]> {
  if (limits.length === 0) return [];
  const reply = (await redis.eval(
    SLIDING_WINDOW,
    limits.length,
    ...limits.map((l) => l.key),
    mode,
    randomUUID(),
    now ? Math.floor(now()) : "",
    ...limits.flatMap((l) => [l.limit.max, l.limit.windowMs]),
  )) as number[];
  if (reply[0] === 0) {
    const refused = limits[(reply[1] as number) - 1] as WindowLimit;
    throw rateLimited(refused.subject, refused.limit, reply[2] as number);
  }
  return limits.map((l, i) => ({ limit: l.limit.max, remaining: reply[i + 1] as number }));
}

/** The rule name of the thumbnail limit, shared by the queue client and `createRedisRateLimiter`. */
export const THUMBNAIL_RULE = "thumbnails";

/** Options of `createRedisRateLimiter`. */
export interface RedisRateLimiterOptions {
  connection: RedisConnection;
  /** Default 5 per 10 minutes (seed 000's thumbnail limit). */
  limit?: RateLimit;
  /** Which of a website's limits (default "thumbnails": the one the queue client counts thumbnail jobs in). */
  rule?: string;
  /** Queue name the keys belong to (default "sitewright"). */
  queueName?: string;
  /** Clock in ms; default the Redis server's. */
  now?: () => number;
}

/** A limiter whose window lives in Redis; its keys are website ids. */
export interface RedisRateLimiter extends RateLimiter {
  check(websiteId: string): Promise<void>;
  take(websiteId: string): Promise<RateLimitState>;
  /** Closes its Redis connection. */
  close(): Promise<void>;
}

const RULE = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * A per-website limiter shared by every process on the same Redis, e.g. for
 * `createThumbnailService({ limiter })` in API processes that also enqueue thumbnail jobs.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const limit = options.limit ?? { max: 5, windowMs: 10 * 60_000 };
  assertRateLimit(limit);
  const rule = options.rule ?? THUMBNAIL_RULE;
  if (!RULE.test(rule))
    throw new SitewrightError("E_USAGE", `A rate-limit rule name must match ${RULE}.`, {
      details: { rule },
    });
  const keys = queueKeys(options.queueName ?? DEFAULT_QUEUE_NAME);
  const redis = openRedis(options.connection);
  const windowOf = (websiteId: string): WindowLimit[] => {
    // The id becomes part of a key: one that holds ':' could reach another website's keys.
    if (typeof websiteId !== "string" || !websiteIdSchema.safeParse(websiteId).success)
      throw new SitewrightError("E_USAGE", "A rate-limit key must be a website id.", {
        hint: "Letters, digits, dot, dash or underscore; at most 100.",
      });
    return [{ key: keys.rate(websiteId, rule), limit, subject: `website ${websiteId} (${rule})` }];
  };
  return {
    async check(websiteId) {
      await slidingWindow(redis, windowOf(websiteId), "check", options.now);
    },
    async take(websiteId) {
      const [state] = await slidingWindow(redis, windowOf(websiteId), "take", options.now);
      return state as RateLimitState;
    },
    async close() {
      await redis.quit().catch(() => undefined);
    },
  };
}
