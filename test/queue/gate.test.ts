import { Queue, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createQueueClient, createWorker, type QueueClient } from "../../src/queue/index.js";
import { queueKeys } from "../../src/queue/keys.js";
import { WebsiteGate } from "../../src/queue/website-gate.js";
import { createVersionStore } from "../../src/versions/store.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import { makeSites } from "./helpers.js";

// Production lock lifetimes: nothing here waits for one to run out.
const TIMING = { parkMs: 2000 };

describe("queue gate: a dead head does not block its website", () => {
  let redis: TestRedis;
  let client: QueueClient;
  let sites: Awaited<ReturnType<typeof makeSites>>;

  beforeEach(async () => {
    redis = await startRedis();
    sites = await makeSites(1);
    client = createQueueClient({ connection: redis.url });
  });
  afterEach(async () => {
    await client.close();
    await redis.stop();
    await sites.cleanup();
  });

  async function runWorkerUntil(id: string) {
    const worker = createWorker({
      connection: redis.url,
      store: createVersionStore({ root: sites.store, fsync: false }),
      ...TIMING,
    });
    try {
      return await client.wait(id, { timeoutMs: 15_000 });
    } finally {
      await worker.close();
    }
  }

  it("drops a head BullMQ no longer has and marks it failed (E_QUEUE)", async () => {
    const lost = await client.enqueue("build", { websiteId: "w", site: sites.site(0) });
    const next = await client.enqueue("build", { websiteId: "w", site: sites.site(0) });
    const queue = new Queue("sitewright", { connection: { host: "127.0.0.1", port: redis.port } });
    await queue.remove(lost);
    await queue.close();
    expect((await runWorkerUntil(next)).state).toBe("done");
    const status = await client.status(lost);
    expect(status.state).toBe("failed");
    expect(status.error?.code).toBe("E_QUEUE");
    expect(status.error?.message).toMatch(/removed/);
  });

  it("marks a head BullMQ failed outside a worker as failed (E_QUEUE) and runs the next", async () => {
    const given = await client.enqueue("build", { websiteId: "w", site: sites.site(0) });
    const next = await client.enqueue("build", { websiteId: "w", site: sites.site(0) });
    // A bare BullMQ consumer takes the first job and fails it without our gate.
    const connection = { host: "127.0.0.1", port: redis.port };
    const raw = new Worker("sitewright", null, { connection, prefix: "bull" });
    const job = await raw.getNextJob("raw-token");
    expect(job?.id).toBe(given);
    await job?.moveToFailed(new UnrecoverableError("failed elsewhere"), "raw-token", false);
    await raw.close();
    expect((await runWorkerUntil(next)).state).toBe("done");
    const failed = await client.status(given);
    expect(failed.state).toBe("failed");
    expect(failed.error?.code).toBe("E_QUEUE");
  });

  it("a retry frees the lock at once and keeps the head; a fenced-out run frees and records nothing", async () => {
    const keys = queueKeys("sitewright");
    const raw = new Redis(redis.url);
    try {
      const gate = new WebsiteGate(raw, keys);
      const first = await client.enqueue("build", { websiteId: "g", site: sites.site(0) });
      const second = await client.enqueue("build", { websiteId: "g", site: sites.site(0) });
      const got = await gate.acquire("g", first, "me", 60_000);
      if (got.kind !== "acquired") throw new Error(`not acquired: ${got.kind}`);
      expect(await gate.remember("g", first, got.lock, "decided:x", '"v1"')).toBe('"v1"');
      // The first decision stays: a rerun reads it back.
      expect(await gate.remember("g", first, got.lock, "decided:x", '"v2"')).toBe('"v1"');

      expect(await gate.releaseForRetry("g", first, got.lock, { code: "E_SSH" })).toBe(true);
      expect(await raw.exists(keys.lock("g"))).toBe(0);
      expect(await raw.hget(keys.job(first), "state")).toBe("queued");
      expect(JSON.parse((await raw.hget(keys.job(first), "lastError")) ?? "null")).toEqual({
        code: "E_SSH",
      });
      // The retried job is still the head: the later one waits behind it.
      expect(await gate.acquire("g", second, "me", 60_000)).toEqual({ kind: "wait", head: first });
      const again = await gate.acquire("g", first, "other", 60_000);
      if (again.kind !== "acquired") throw new Error(`not acquired: ${again.kind}`);
      expect(again.fence).toBe(got.fence + 1);

      // The old run's lock value is stale: nothing it does touches the new holder's lock.
      expect(await gate.releaseForRetry("g", first, got.lock, { code: "E_SSH" })).toBe(false);
      expect(await gate.remember("g", first, got.lock, "decided:y", '"z"')).toBeNull();
      expect(await raw.hget(keys.job(first), "decided:y")).toBeNull();
      expect(await gate.finish("g", first, got.lock, { state: "done", result: 1 }, 60)).toEqual({
        fenced: true,
      });
      expect(await raw.get(keys.lock("g"))).toBe(again.lock);
      expect(await raw.hget(keys.job(first), "state")).toBe("running");
      expect(await gate.finish("g", first, again.lock, { state: "done", result: 1 }, 60)).toEqual({
        fenced: false,
        next: second,
      });
    } finally {
      await raw.quit();
    }
  });
});
