/**
 * A sliding-window rate limit per key (seed 000: 5 thumbnail requests per project per 10
 * minutes): the contract every limiter keeps, and the in-process one. Only accepted requests
 * count; the clock is injected so the window can be tested without sleeping. A limit shared
 * by several processes lives in Redis (`src/queue/redis-rate-limit.ts`) behind the same
 * interface, which is why its methods may answer with a promise.
 */
import { SitewrightError } from "../errors.js";

/** How many requests a key may make in how long. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** What the `X-RateLimit-*` headers say after a request. */
export interface RateLimitState {
  limit: number;
  remaining: number;
}

/** A value now (in-process limiter) or after a round trip (Redis limiter). */
export type MaybePromise<T> = T | Promise<T>;

/** A rate limiter: `check` refuses without counting, `take` counts one if there is room. */
export interface RateLimiter {
  /** Throws E_RATE_LIMITED (details: retryAfter seconds, limit, remaining 0) when `key` has no room. */
  check(key: string): MaybePromise<void>;
  /** Counts a request of `key` and tells what is left; when full, throws like `check` and counts nothing. */
  take(key: string): MaybePromise<RateLimitState>;
}

/** Throws E_USAGE unless `limit` can work: `max` a whole number ≥ 1, `windowMs` > 0. */
export function assertRateLimit(limit: RateLimit): void {
  if (!Number.isInteger(limit?.max) || limit.max < 1 || !(limit.windowMs > 0))
    throw new SitewrightError("E_USAGE", "A rate limit needs max ≥ 1 and windowMs > 0.", {
      details: { ...limit },
    });
}

/** The E_RATE_LIMITED error of `subject`, whose oldest counted request leaves the window in `waitMs`. */
export function rateLimited(subject: string, limit: RateLimit, waitMs: number): SitewrightError {
  // Whole seconds for Retry-After, and never 0: a client told "0" would hammer the limit.
  const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
  return new SitewrightError(
    "E_RATE_LIMITED",
    `Too many requests for ${subject}: at most ${limit.max} per ${Math.round(limit.windowMs / 1000)} s.`,
    {
      hint: `Try again in ${retryAfter} s.`,
      details: { retryAfter, limit: limit.max, remaining: 0 },
    },
  );
}

/** The in-process limiter: it answers at once. */
export interface LocalRateLimiter extends RateLimiter {
  check(key: string): void;
  take(key: string): RateLimitState;
}

/** A limiter that never refuses, for requests already counted upstream (the queue counts at enqueue). */
export const noRateLimit: LocalRateLimiter = {
  check: () => undefined,
  take: () => ({ limit: Number.MAX_SAFE_INTEGER, remaining: Number.MAX_SAFE_INTEGER }),
};

/** An in-process limiter of `limit.max` per `limit.windowMs` per key, on the clock `now` (ms). */
export function createRateLimiter(
  limit: RateLimit,
  now: () => number = Date.now,
): LocalRateLimiter {
  assertRateLimit(limit);
  const seen = new Map<string, number[]>();
  // Times of accepted requests still inside the window, oldest first.
  const recent = (key: string): number[] => {
    const since = now() - limit.windowMs;
    const times = (seen.get(key) ?? []).filter((t) => t > since);
    if (times.length > 0) seen.set(key, times);
    else seen.delete(key);
    return times;
  };
  const refuseIfFull = (key: string, times: number[]): void => {
    if (times.length < limit.max) return;
    const oldest = times[times.length - limit.max] as number;
    throw rateLimited(key, limit, oldest + limit.windowMs - now());
  };
  return {
    check(key) {
      refuseIfFull(key, recent(key));
    },
    take(key) {
      const times = recent(key);
      refuseIfFull(key, times);
      times.push(now());
      seen.set(key, times);
      return { limit: limit.max, remaining: limit.max - times.length };
    },
  };
}
