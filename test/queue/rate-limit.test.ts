import { spawn } from "node:child_process";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueClient, type QueueClient } from "../../src/queue/index.js";
import { createRedisRateLimiter } from "../../src/queue/redis-rate-limit.js";
import { createThumbnailService } from "../../src/show/thumbnail-service.js";
import type { Thumbnailer } from "../../src/show/thumbnailer.js";
import { tempDir } from "../generator/helpers.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import { rejection } from "../helpers/rejection.js";

const ENQUEUER = join(import.meta.dirname, "fixtures", "enqueuer.mjs");
const rateKey = (websiteId: string, rule: string) =>
  `sitewright:sitewright:site:${websiteId}:rate:${rule}`;
const thumb = (websiteId: string) => ({ websiteId, site: "/nowhere", type: "page", entityId: 1 });

/** Runs enqueuer.mjs processes, lets them go at once, and returns every answer they printed. */
async function raceProcesses(url: string, websiteId: string, processes: number, count: number) {
  const children = Array.from({ length: processes }, () => {
    const child = spawn(process.execPath, [ENQUEUER], {
      env: { ...process.env, SW_REDIS: url, SW_WEBSITE: websiteId, SW_COUNT: String(count) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    return { child, exited, out: () => out };
  });
  const deadline = Date.now() + 15_000;
  while (!children.every((c) => c.out().includes("ready\n"))) {
    const dead = children.find((c) => c.child.exitCode !== null);
    if (dead || Date.now() > deadline) throw new Error(`enqueuer not ready: ${dead?.out()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const c of children) c.child.stdin.end("go\n");
  const codes = await Promise.all(children.map((c) => c.exited));
  expect(codes, children.map((c) => c.out()).join("\n")).toEqual(children.map(() => 0));
  return children.flatMap((c) =>
    c
      .out()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { id?: string; code?: string }),
  );
}

describe("queue: per-website rate limits shared in Redis", () => {
  let redis: TestRedis;
  let raw: Redis;
  const clients: QueueClient[] = [];
  const client = (options: Omit<Parameters<typeof createQueueClient>[0], "connection"> = {}) => {
    const c = createQueueClient({ connection: redis.url, ...options });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedis();
    raw = new Redis(redis.url);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await raw?.quit();
    await redis?.stop();
  });

  it("two clients share the thumbnail limit: 5 accepted, the 6th E_RATE_LIMITED; another website is unaffected", async () => {
    const a = client();
    const b = client();
    for (let i = 0; i < 5; i++) await (i % 2 ? b : a).enqueue("thumbnail", thumb("t1"));
    const err = await rejection(b.enqueue("thumbnail", thumb("t1")));
    expect(err.code).toBe("E_RATE_LIMITED");
    expect(err.message).toMatch(/website t1 \(thumbnail jobs\): at most 5 per 600 s/);
    const details = err.details as { retryAfter: number; limit: number; remaining: number };
    expect(details).toMatchObject({ limit: 5, remaining: 0 });
    expect(details.retryAfter).toBeGreaterThan(0);
    expect(details.retryAfter).toBeLessThanOrEqual(600);
    expect(await a.enqueue("thumbnail", thumb("t2"))).toBeTruthy();
    // Other kinds of the same website go on; the refused thumbnail job used no request slot.
    expect(await b.enqueue("build", { websiteId: "t1", site: "/nowhere" })).toBeTruthy();
    expect(await raw.zcard(rateKey("t1", "thumbnails"))).toBe(5);
    expect(await raw.zcard(rateKey("t1", "requests"))).toBe(6);

    // A thumbnail service in an API process counts in the same window as the queue.
    const limiter = createRedisRateLimiter({ connection: redis.url });
    try {
      const service = createThumbnailService({
        store: { root: tempDir("sw-rate-") },
        thumbnailer: {} as Thumbnailer,
        limiter,
      });
      const refused = await rejection(service.regenerate(thumb("t1")));
      expect(refused.code).toBe("E_RATE_LIMITED");
      expect(await limiter.take("t2")).toEqual({ limit: 5, remaining: 3 });
    } finally {
      await limiter.close();
    }
  });

  it("two API processes racing for one window: exactly 5 of 8 accepted", async () => {
    const answers = await raceProcesses(redis.url, "race", 2, 4);
    expect(answers).toHaveLength(8);
    expect(answers.filter((a) => a.id)).toHaveLength(5);
    expect(answers.filter((a) => a.code === "E_RATE_LIMITED")).toHaveLength(3);
    expect(await raw.zcard(rateKey("race", "thumbnails"))).toBe(5);
  });

  it("the general limit counts every kind, and the window slides one request at a time", async () => {
    let clock = 1_000_000;
    const rateLimits = {
      requests: { max: 3, windowMs: 1000 },
      thumbnails: { max: 1, windowMs: 1000 },
      now: () => clock,
    };
    const a = client({ rateLimits });
    const b = client({ rateLimits });
    await a.enqueue("build", { websiteId: "s1", site: "/nowhere" }); // t = 0
    clock += 400;
    await b.enqueue("thumbnail", thumb("s1")); // t = 400
    const thumbFull = await rejection(a.enqueue("thumbnail", thumb("s1")));
    expect(thumbFull.details).toEqual({ retryAfter: 1, limit: 1, remaining: 0 });
    await b.enqueue("rollback", { websiteId: "s1" }); // t = 400: the third of 3
    const full = await rejection(a.enqueue("deploy", { websiteId: "s1", targets: "x" }));
    expect(full.message).toMatch(/website s1 \(jobs\)/);
    expect(full.details).toEqual({ retryAfter: 1, limit: 3, remaining: 0 });
    // Another website has its own windows.
    await a.enqueue("thumbnail", thumb("s2"));

    clock = 1_001_001; // the build at t = 0 left the window; the two at t = 400 have not
    await a.enqueue("deploy", { websiteId: "s1", targets: "x" });
    expect((await rejection(b.enqueue("build", { websiteId: "s1", site: "/x" }))).code).toBe(
      "E_RATE_LIMITED",
    );
    clock = 1_001_401; // the two at t = 400 left
    await b.enqueue("thumbnail", thumb("s1"));
    await a.enqueue("build", { websiteId: "s1", site: "/nowhere" });
    expect((await rejection(a.enqueue("thumbnail", thumb("s1")))).code).toBe("E_RATE_LIMITED");
  });

  it("on the Redis server's clock: refuses without counting, has room again after the window, keys expire", async () => {
    const limiter = createRedisRateLimiter({
      connection: redis.url,
      rule: "probe",
      // Two seconds: the steps before the wait must fall in one window even when a loaded
      // machine stalls this process between them.
      limit: { max: 2, windowMs: 2000 },
    });
    try {
      expect(await limiter.take("c1")).toEqual({ limit: 2, remaining: 1 });
      await limiter.check("c1");
      expect(await limiter.take("c1")).toEqual({ limit: 2, remaining: 0 });
      const err = await rejection(limiter.check("c1"));
      expect(err.details).toMatchObject({ limit: 2, remaining: 0 });
      expect((err.details as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);
      expect((err.details as { retryAfter: number }).retryAfter).toBeLessThanOrEqual(2);
      expect((await rejection(limiter.take("c1"))).code).toBe("E_RATE_LIMITED");
      expect(await raw.zcard(rateKey("c1", "probe"))).toBe(2);
      expect(await raw.pttl(rateKey("c1", "probe"))).toBeLessThanOrEqual(2000);
      await new Promise((r) => setTimeout(r, 2100));
      expect(await raw.exists(rateKey("c1", "probe"))).toBe(0);
      expect(await limiter.take("c1")).toEqual({ limit: 2, remaining: 1 });
    } finally {
      await limiter.close();
    }
  });

  it("refuses limits that cannot work (E_USAGE) and bad website ids, counting nothing", async () => {
    const connection = redis.url;
    for (const limit of [
      { max: 0, windowMs: 1000 },
      { max: 1.5, windowMs: 1000 },
      { max: 5, windowMs: 0 },
      { max: 5, windowMs: Number.NaN },
    ]) {
      expect(() => createRedisRateLimiter({ connection, limit })).toThrow(
        expect.objectContaining({ code: "E_USAGE" }),
      );
      expect(() => createQueueClient({ connection, rateLimits: { requests: limit } })).toThrow(
        expect.objectContaining({ code: "E_USAGE" }),
      );
      expect(() => createQueueClient({ connection, rateLimits: { thumbnails: limit } })).toThrow(
        expect.objectContaining({ code: "E_USAGE" }),
      );
    }
    expect(() => createRedisRateLimiter({ connection, rule: "a:b" })).toThrow(
      expect.objectContaining({ code: "E_USAGE" }),
    );
    const limiter = createRedisRateLimiter({ connection });
    try {
      for (const key of ["", "../etc", "a:rate:thumbnails", 42 as unknown as string])
        expect((await rejection(limiter.take(key))).code).toBe("E_USAGE");
    } finally {
      await limiter.close();
    }
    const c = client();
    expect((await rejection(c.enqueueRaw("thumbnail", { websiteId: "a:b" }))).code).toBe(
      "E_JOB_PAYLOAD",
    );
    expect((await rejection(c.enqueueRaw("explode", { websiteId: "b1" }))).code).toBe(
      "E_JOB_PAYLOAD",
    );
    expect(await raw.keys("sitewright:sitewright:site:*:rate:*")).not.toContainEqual(
      expect.stringMatching(/site:(a|b1|\.\.)/),
    );

    // Limits switched off: nothing refuses, nothing is kept.
    const free = client({ rateLimits: { requests: false, thumbnails: false } });
    for (let i = 0; i < 6; i++) await free.enqueue("thumbnail", thumb("free"));
    expect(await raw.exists(rateKey("free", "thumbnails"), rateKey("free", "requests"))).toBe(0);
  });
});
