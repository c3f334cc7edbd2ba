import { execFileSync } from "node:child_process";
import { readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createQueueClient, type QueueClient } from "../../src/queue/index.js";
import { createVersionStore } from "../../src/versions/store.js";
import { TEMP_PREFIX } from "../../src/versions/version-meta.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import {
  type ChildWorker,
  jobScratchFolders,
  makeSites,
  removeJobScratch,
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

async function until(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
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

  /** What a killed run may leave: no temp entries, a `current` naming a stored version. */
  async function expectConsistentStore(websiteId: string, live: string): Promise<void> {
    const dir = join(sites.store, websiteId);
    const leftovers = [...(await readdir(dir)), ...(await readdir(join(dir, "versions")))];
    expect(leftovers.filter((n) => n.startsWith(TEMP_PREFIX))).toEqual([]);
    expect(await readlink(join(dir, "current"))).toBe(`versions/${live}`);
    expect((await createVersionStore({ root: sites.store }).current(websiteId))?.id).toBe(live);
  }

  /** Runs one activated build of `websiteId` on `a` and returns its final status. */
  async function firstVersion(websiteId: string) {
    const live = await client.wait(
      await client.enqueue("build", { websiteId, site: sites.site(0), activate: true }),
    );
    expect(live.state, JSON.stringify(live.error)).toBe("done");
    return live;
  }

  it("a worker SIGKILLed mid-build: another takes the job over, one version, current valid", async () => {
    const a = await startWorker({ redis: redis.url, store: sites.store, slowMs: 1500 });
    workers.push(a);
    const live = await firstVersion("w");
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
    const done = await client.wait(id, { timeoutMs: 30_000 });
    expect(done.state, JSON.stringify(done.error)).toBe("done");
    expect(done.worker).toContain(`:${b.child.pid}:`);
    // Started by the killed worker, finished by the other (a loaded machine may add a start).
    const starts = done.log.filter((l) => l.includes("Started by"));
    expect(starts[0]).toContain(`:${a.child.pid}:`);
    expect(starts.at(-1)).toContain(`:${b.child.pid}:`);
    const versions = await createVersionStore({ root: sites.store }).list("w");
    expect(versions).toHaveLength(2);
    const result = done.result as { versionId: string; reused: boolean };
    expect(result.reused).toBe(false);
    await expectConsistentStore("w", result.versionId);
    // The second run held a newer fence than the killed one.
    expect(done.fence).toBeGreaterThan(live.fence ?? 0);
  }, 60_000);

  it("a worker SIGKILLed while building: the run that takes the job over removes the folder it left", async () => {
    // A bundle that is a FIFO nobody writes to: the build blocks reading it, as a long one would.
    const fifo = join(sites.dir, "never.json");
    execFileSync("mkfifo", [fifo]);
    const scratch = () => jobScratchFolders(id);
    const a = await startWorker({ redis: redis.url, store: sites.store });
    workers.push(a);
    const id = await client.enqueue("build", { websiteId: "f", site: fifo });
    await until(async () => (await client.status(id)).progress?.stage === "building");
    const left = await scratch();
    expect(left).toHaveLength(1);
    a.child.kill("SIGKILL");
    expect(await a.exited).toBe("SIGKILL");

    const b = await startWorker({ redis: redis.url, store: sites.store });
    workers.push(b);
    try {
      // b holds the job and blocks on the FIFO in a folder of its own: a's is gone.
      await until(async () => {
        const now = await scratch();
        return now.length === 1 && now[0] !== left[0];
      });
      expect((await client.status(id)).worker).toContain(`:${b.child.pid}:`);
    } finally {
      b.child.kill("SIGKILL");
      await b.exited;
      await removeJobScratch(id);
    }
  }, 60_000);

  it("a worker SIGKILLed after storing and activating, before done: the takeover reuses that version", async () => {
    const a = await startWorker({ redis: redis.url, store: sites.store, holdMs: 60_000 });
    workers.push(a);
    const live = await firstVersion("k");
    const id = await client.enqueue("build", {
      websiteId: "k",
      site: sites.site(1),
      activate: true,
      note: "hold",
    });
    await until(async () =>
      (await events(redis.url)).some((e) => e.jobId === id && e.kind === "end"),
    );
    const store = createVersionStore({ root: sites.store });
    const stored = (await store.list("k")).find((v) => v.build?.queueJobId === id);
    expect(stored?.live).toBe(true);
    a.child.kill("SIGKILL");
    await a.exited;

    const b = await startWorker({ redis: redis.url, store: sites.store });
    workers.push(b);
    const done = await client.wait(id, { timeoutMs: 30_000 });
    expect(done.state, JSON.stringify(done.error)).toBe("done");
    expect(done.worker).toContain(`:${b.child.pid}:`);
    expect(done.result).toMatchObject({
      versionId: stored?.id,
      reused: true,
      activated: { changed: false },
    });
    expect((await store.list("k")).map((v) => v.id).sort()).toEqual(
      [(live.result as { versionId: string }).versionId, stored?.id].sort(),
    );
    // One switch per version: the takeover did not activate it a second time.
    expect((await store.history("k")).map((h) => h.to)).toEqual([
      (live.result as { versionId: string }).versionId,
      stored?.id,
    ]);
    await expectConsistentStore("k", stored?.id ?? "");
  }, 60_000);

  it("redis-server restarted mid-job with its data kept: the job finishes, the worker goes on", async () => {
    workers.push(
      await startWorker({ redis: redis.url, store: sites.store, slowMs: 1500, lockMs: 10_000 }),
    );
    const id = await client.enqueue("build", { websiteId: "p", site: sites.site(0) });
    await until(async () => (await events(redis.url)).some((e) => e.jobId === id));
    // As a production Redis with persistence goes down and comes back: everything written so
    // far is on disk (SHUTDOWN SAVE), and the new server loads it.
    const admin = new Redis(redis.url, { lazyConnect: true, retryStrategy: () => null });
    await admin.connect();
    await admin.call("SHUTDOWN", "SAVE").catch(() => undefined);
    admin.disconnect();
    await redis.restart();
    const done = await client.wait(id, { timeoutMs: 30_000 });
    expect(done.state, JSON.stringify(done.error)).toBe("done");
    const after = await client.wait(
      await client.enqueue("build", { websiteId: "p", site: sites.site(1) }),
      { timeoutMs: 30_000 },
    );
    expect(after.state, JSON.stringify(after.error)).toBe("done");
    const versions = await createVersionStore({ root: sites.store }).list("p");
    expect(versions.map((v) => v.build?.queueJobId).sort()).toEqual([id, after.id].sort());
  }, 60_000);

  it("redis-server restarted empty: workers reconnect and run new jobs", async () => {
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
      { timeoutMs: 30_000 },
    );
    expect(after.state).toBe("done");
    expect(await createVersionStore({ root: sites.store }).list("r")).toHaveLength(2);
  }, 60_000);

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
    expect((await client.wait(later, { timeoutMs: 30_000 })).state).toBe("done");
  }, 60_000);
});
