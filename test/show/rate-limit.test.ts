import { describe, expect, it } from "vitest";
import { isSitewrightError } from "../../src/errors.js";
import { createLimiter } from "../../src/show/limiter.js";
import { createRateLimiter, noRateLimit } from "../../src/show/rate-limit.js";

describe("the sliding-window rate limit (injected clock)", () => {
  it("5 per 10 minutes per key: the 6th is E_RATE_LIMITED with retryAfter, limit and remaining", () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ max: 5, windowMs: 600_000 }, () => now);
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      limiter.check("site-a");
      remaining.push(limiter.take("site-a").remaining);
      now += 60_000; // one a minute
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    let err: unknown;
    try {
      limiter.check("site-a");
    } catch (e) {
      err = e;
    }
    expect(isSitewrightError(err, "E_RATE_LIMITED")).toBe(true);
    // The oldest (at 1,000,000) leaves the window at 1,600,000; it is now 1,300,000.
    expect((err as { details: unknown }).details).toEqual({
      retryAfter: 300,
      limit: 5,
      remaining: 0,
    });
    // Another website has its own window.
    expect(() => limiter.check("site-b")).not.toThrow();
  });

  it("the window slides: one request leaves it at a time", () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 2, windowMs: 1000 }, () => now);
    limiter.take("k");
    now = 400;
    limiter.take("k");
    now = 999;
    expect(() => limiter.check("k")).toThrow(/at most 2/);
    now = 1001; // the first left the window, the second has not
    expect(() => limiter.check("k")).not.toThrow();
    expect(limiter.take("k").remaining).toBe(0);
    expect(() => limiter.check("k")).toThrow();
    now = 1401;
    expect(limiter.take("k").remaining).toBe(0);
  });

  it("take counts only with room: when full it refuses like check and counts nothing", () => {
    let now = 0;
    const limiter = createRateLimiter({ max: 2, windowMs: 1000 }, () => now);
    // Two requests that both passed check while the window had one slot left (the service
    // validates in between): only the first take gets it.
    limiter.take("k");
    limiter.check("k");
    limiter.check("k");
    expect(limiter.take("k").remaining).toBe(0);
    now = 500;
    expect(() => limiter.take("k")).toThrow(
      expect.objectContaining({
        code: "E_RATE_LIMITED",
        details: expect.objectContaining({ retryAfter: 1 }),
      }),
    );
    now = 1000; // both taken at 0 left; the refused take at 500 was not counted
    expect(limiter.take("k").remaining).toBe(1);
    expect(noRateLimit.take("k").remaining).toBeGreaterThan(1e9);
    expect(() => noRateLimit.check("k")).not.toThrow();
  });

  it("refuses a limit that cannot work", () => {
    expect(() => createRateLimiter({ max: 0, windowMs: 1000 })).toThrow(/max ≥ 1/);
    expect(() => createRateLimiter({ max: 1, windowMs: 0 })).toThrow(/windowMs/);
  });
});

describe("the concurrency limiter", () => {
  it("never runs more than its limit, even when a slot is handed over", async () => {
    const limit = createLimiter(2);
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    };
    const all: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      all.push(limit(task));
      // Newcomers arrive while slots are being handed over.
      if (i % 3 === 0) await new Promise((r) => setTimeout(r, 6));
    }
    await Promise.all(all);
    expect(peak).toBe(2);
    for (const bad of [0, 1.5, Number.NaN])
      expect(() => createLimiter(bad)).toThrow(expect.objectContaining({ code: "E_USAGE" }));
  });
});
