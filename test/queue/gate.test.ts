import { Queue, UnrecoverableError, Worker } from "bullmq";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createQueueClient, createWorker, type QueueClient } from "../../src/queue/index.js";
import { createVersionStore } from "../../src/versions/store.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import { makeSites } from "./helpers.js";

const FAST = { lockTtlMs: 1500, stallAfterMs: 1500, stalledIntervalMs: 500, parkMs: 2000 };

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
      ...FAST,
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
});
