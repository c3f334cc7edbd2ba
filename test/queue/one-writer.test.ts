import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("queue: one writer per website across workers", () => {
  let redis: TestRedis;
  let client: QueueClient;
  let sites: Awaited<ReturnType<typeof makeSites>>;
  let workers: ChildWorker[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    sites = await makeSites(5);
    client = createQueueClient({ connection: redis.url });
    // Started here, under the hook's time budget, not the test's; each one that started is
    // kept for afterAll even if another fails to.
    const started = await Promise.allSettled(
      [0, 1, 2].map(() =>
        startWorker({
          redis: redis.url,
          store: sites.store,
          concurrency: 2,
          slowMs: 40,
          // 1.5 s locks (the fault tests') let a job be taken over after 500 ms of event-loop
          // lag, which a loaded machine can cause; its second start is correct behaviour but
          // would count here as an ordering fault. No worker dies in this test.
          lockMs: 10_000,
        }),
      ),
    );
    workers = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
  });
  afterAll(async () => {
    await stopWorkers(workers);
    await client?.close();
    await redis?.stop();
    await sites?.cleanup();
  });

  it("runs 30 jobs over 5 websites on 3 workers with no overlap per website, in enqueue order", async () => {
    const enqueued = new Map<string, string[]>();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const websiteId = `w${i % 5}`;
      const id = await client.enqueue("build", { websiteId, site: sites.site(i % 5) });
      ids.push(id);
      enqueued.set(websiteId, [...(enqueued.get(websiteId) ?? []), id]);
    }
    const finals = await Promise.all(ids.map((id) => client.wait(id, { timeoutMs: 90_000 })));
    expect(
      finals.map((s) => s.state),
      JSON.stringify(finals.find((s) => s.state !== "done")),
    ).toEqual(ids.map(() => "done"));

    const reader = new Redis(redis.url);
    const events = (await reader.lrange("test:events", 0, -1)).map(
      (e) => JSON.parse(e) as TimelineEvent,
    );
    await reader.quit();
    const pids = new Set(events.map((e) => e.pid));
    let parallel = false;
    for (const [websiteId, order] of enqueued) {
      const mine = events.filter((e) => e.websiteId === websiteId);
      // Intervals of one website, in start order, never overlap.
      const intervals = order.map((jobId) => {
        const start = mine.find((e) => e.jobId === jobId && e.kind === "start");
        const end = mine.find((e) => e.jobId === jobId && e.kind === "end");
        return { jobId, start: start?.t ?? NaN, end: end?.t ?? NaN };
      });
      for (let i = 1; i < intervals.length; i++) {
        const prev = intervals[i - 1] as { end: number };
        const cur = intervals[i] as { start: number };
        expect(
          cur.start,
          `${websiteId}: overlap ${JSON.stringify(intervals)}`,
        ).toBeGreaterThanOrEqual(prev.end);
      }
      // Start events in time order are the enqueue order.
      const started = mine.filter((e) => e.kind === "start").map((e) => e.jobId);
      expect(started, `${websiteId}: start order`).toEqual(order);
      // One version per job, numbered in order.
      const versions = await createVersionStore({ root: sites.store }).list(websiteId);
      expect(versions).toHaveLength(6);
    }
    // Different websites did run at the same time.
    const all = events.filter((e) => e.kind === "start");
    for (const s of all) {
      const end = events.find((e) => e.kind === "end" && e.jobId === s.jobId)?.t ?? 0;
      if (all.some((o) => o.websiteId !== s.websiteId && o.t >= s.t && o.t < end)) parallel = true;
    }
    expect(parallel, "no two websites ran at the same time").toBe(true);
    // Several worker processes took part, so the exclusion held across processes. (All three
    // almost always do; a worker starved by a loaded machine may get none, which is no fault.)
    expect(pids.size, `worker processes that ran jobs: ${[...pids].join(", ")}`).toBeGreaterThan(1);
  }, 120_000);
});
