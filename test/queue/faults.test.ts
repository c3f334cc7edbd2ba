import { readlink } from "node:fs/promises";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createQueueClient, type QueueClient } from "../../src/queue/index.js";
import { createVersionStore } from "../../src/versions/store.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import {
  type ChildWorker,
  makeSites,
  startWorker,
  stopWorkers,
  type TimelineEvent,
} from "./helpers.js";

async function events(url: string): Promise<TimelineEvent[]> {
  const r = new Redis(url);
  try {
    return (await r.lrange("test:events", 0, -1)).map((e) => JSON.parse(e) as TimelineEvent);
  } finally {
    await r.quit();
  }
}

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("queue faults", () => {
  let redis: TestRedis;
  let client: QueueClient;
  let sites: Awaited<ReturnType<typeof makeSites>>;
  let workers: ChildWorker[] = [];

  beforeEach(async () => {
    redis = await startRedis();
    sites = await makeSites(2);
    client = createQueueClient({ connection: redis.url });
  });
  afterEach(async () => {
    await stopWorkers(workers);
    workers = [];
    await client.close();
    await redis.stop();
    await sites.cleanup();
  });

  it("a worker SIGKILLed mid-build: another takes the job over, one version, current valid", async () => {
    const a = await startWorker({ redis: redis.url, store: sites.store, slowMs: 1500 });
    workers.push(a);
    const live = await client.wait(
      await client.enqueue("build", { websiteId: "w", site: sites.site(0), activate: true }),
    );
    expect(live.state).toBe("done");
    const id = await client.enqueue("build", {
      websiteId: "w",
      site: sites.site(1),
      activate: true,
    });
    await until(async () => (await events(redis.url)).some((e) => e.jobId === id));
    a.child.kill("SIGKILL");
    expect(await a.exited).toBe("SIGKILL");
    expect((await client.status(id)).state).toBe("running");

    const b = await startWorker({ redis: redis.url, store: sites.store, slowMs: 100 });
    workers.push(b);
    const done = await client.wait(id, { timeoutMs: 20_000 });
    expect(done.state).toBe("done");
    expect(done.worker).toContain(`:${b.child.pid}:`);
    expect(done.log.filter((l) => l.includes("Started by"))).toHaveLength(2);
    const store = createVersionStore({ root: sites.store });
    const versions = await store.list("w");
    expect(versions).toHaveLength(2);
    const result = done.result as { versionId: string };
    expect((await store.current("w"))?.id).toBe(result.versionId);
    expect(await readlink(join(sites.store, "w", "current"))).toContain(result.versionId);
    // The second run held a newer fence than the killed one.
    expect(done.fence).toBeGreaterThan(live.fence ?? 0);
  }, 40_000);

  it("redis-server restarted: workers reconnect and run new jobs", async () => {
    workers.push(await startWorker({ redis: redis.url, store: sites.store }));
    const before = await client.wait(
      await client.enqueue("build", { websiteId: "r", site: sites.site(0) }),
    );
    expect(before.state).toBe("done");
    await redis.restart();
    // The restarted Redis is empty (no persistence in tests): the client must reconnect too.
    await until(async () => {
      try {
        return (await client.list()).length === 0;
      } catch {
        return false;
      }
    });
    const after = await client.wait(
      await client.enqueue("build", { websiteId: "r", site: sites.site(1) }),
      { timeoutMs: 20_000 },
    );
    expect(after.state).toBe("done");
    expect(await createVersionStore({ root: sites.store }).list("r")).toHaveLength(2);
  }, 40_000);

  it("SIGTERM: the worker finishes the running job, takes no new one, and exits 0", async () => {
    const w = await startWorker({ redis: redis.url, store: sites.store, slowMs: 1200 });
    workers.push(w);
    const running = await client.enqueue("build", { websiteId: "t", site: sites.site(0) });
    await until(async () => (await events(redis.url)).some((e) => e.jobId === running));
    w.child.kill("SIGTERM");
    const later = await client.enqueue("build", { websiteId: "u", site: sites.site(1) });
    expect(await w.exited).toBe(0);
    expect((await client.status(running)).state).toBe("done");
    expect((await client.status(later)).state).toBe("queued");
    expect((await events(redis.url)).some((e) => e.jobId === later)).toBe(false);
    // A new worker picks the waiting job up.
    workers.push(await startWorker({ redis: redis.url, store: sites.store }));
    expect((await client.wait(later, { timeoutMs: 15_000 })).state).toBe("done");
  }, 40_000);
});
