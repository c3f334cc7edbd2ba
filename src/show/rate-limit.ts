/**
 * A sliding-window rate limit per key (seed 000: 5 thumbnail requests per project per 10
 * minutes). Only accepted requests count; the clock is injected so the window can be tested
 * without sleeping.
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

/** A rate limiter: `check` throws E_RATE_LIMITED when the window is full, `take` counts one. */
export interface RateLimiter {
  /** Throws E_RATE_LIMITED (details: retryAfter seconds, limit, remaining 0) when `key` has no room. */
  check(key: string): void;
  /** Counts an accepted request of `key` and tells what is left. */
  take(key: string): RateLimitState;
}

/** A limiter of `limit.max` per `limit.windowMs` per key, on the clock `now` (ms). */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now): RateLimiter {
  if (!Number.isInteger(limit.max) || limit.max < 1 || !(limit.windowMs > 0))
    throw new SitewrightError("E_USAGE", "A rate limit needs max ≥ 1 and windowMs > 0.", {
      details: { ...limit },
    });
  const seen = new Map<string, number[]>();
  // Times of accepted requests still inside the window, oldest first.
  const recent = (key: string): number[] => {
    const since = now() - limit.windowMs;
    const times = (seen.get(key) ?? []).filter((t) => t > since);
    if (times.length > 0) seen.set(key, times);
    else seen.delete(key);
    return times;
  };
  return {
    check(key) {
      const times = recent(key);
      if (times.length < limit.max) return;
      const retryAfter = Math.max(
        1,
        Math.ceil(((times[0] as number) + limit.windowMs - now()) / 1000),
      );
      throw new SitewrightError(
        "E_RATE_LIMITED",
        `Too many requests for ${key}: at most ${limit.max} per ${Math.round(limit.windowMs / 1000)} s.`,
        {
          hint: `Try again in ${retryAfter} s.`,
          details: { retryAfter, limit: limit.max, remaining: 0 },
        },
      );
    },
    take(key) {
      const times = recent(key);
      times.push(now());
      seen.set(key, times);
      return { limit: limit.max, remaining: Math.max(0, limit.max - times.length) };
    },
  };
}
