/**
 * Which limits an enqueue counts against: every job against its website's request limit, a
 * thumbnail job also against the thumbnail limit. The client counts at enqueue, so an API
 * process hears E_RATE_LIMITED at once, and a worker counts nothing: a job is one request
 * however many attempts it takes.
 */
import { assertRateLimit, type RateLimit } from "../show/rate-limit.js";
import type { QueueKeys } from "./keys.js";
import type { JobKind } from "./payloads.js";
import { THUMBNAIL_RULE, type WindowLimit } from "./redis-rate-limit.js";

/** Per-website limits on enqueue (`QueueClientOptions.rateLimits`); `false` turns one off. */
export interface EnqueueRateLimits {
  /** Jobs of any kind per website; default 60 per minute, as the builder's API allows. */
  requests?: RateLimit | false;
  /** Thumbnail jobs per website; default 5 per 10 minutes (seed 000). */
  thumbnails?: RateLimit | false;
  /** Clock in ms; default the Redis server's, one clock for every process. */
  now?: () => number;
}

/** The rule name of the request limit (`...:site:<id>:rate:requests`). */
export const REQUEST_RULE = "requests";

/** Default of `EnqueueRateLimits.requests`. */
export const DEFAULT_REQUEST_LIMIT: RateLimit = { max: 60, windowMs: 60_000 };

/** Default of `EnqueueRateLimits.thumbnails`. */
export const DEFAULT_THUMBNAIL_LIMIT: RateLimit = { max: 5, windowMs: 10 * 60_000 };

/** The limits one job of a website counts against. */
export type LimitsOf = (kind: JobKind, websiteId: string) => WindowLimit[];

/** The enqueue limits of one client; throws E_USAGE at once for a limit that cannot work. */
export function enqueueLimits(keys: QueueKeys, options: EnqueueRateLimits = {}): LimitsOf {
  const requests = options.requests ?? DEFAULT_REQUEST_LIMIT;
  const thumbnails = options.thumbnails ?? DEFAULT_THUMBNAIL_LIMIT;
  if (requests) assertRateLimit(requests);
  if (thumbnails) assertRateLimit(thumbnails);
  return (kind, websiteId) => {
    const limits: WindowLimit[] = [];
    if (kind === "thumbnail" && thumbnails) {
      const subject = `website ${websiteId} (thumbnail jobs)`;
      limits.push({ key: keys.rate(websiteId, THUMBNAIL_RULE), limit: thumbnails, subject });
    }
    if (requests) {
      const subject = `website ${websiteId} (jobs)`;
      limits.push({ key: keys.rate(websiteId, REQUEST_RULE), limit: requests, subject });
    }
    return limits;
  };
}
