// `npx tsx bench/queue-bench.ts [--jobs N] [--websites N]`: the job queue on a real redis-server.
// 1. Jobs per minute with 1, 2 and 4 worker processes for small sites (the demo site, built
//    for real and stored as a version) and for store-only jobs (a prebuilt directory stored).
// 2. The queue's own overhead per job, one job at a time on one worker with a store-only job
//    (a prebuilt directory): enqueue → handler start, and handler end → status `done` seen by a
//    client polling every millisecond.
import { execFileSync } from "node:child_process";
import { cp } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { createQueueClient } from "../src/queue/index.js";
import { startRedis } from "../test/helpers/redis.js";
import { makeSites, startWorker, stopWorkers, type TimelineEvent } from "../test/queue/helpers.js";

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "16" },
    websites: { type: "string", default: "8" },
    overhead: { type: "string", default: "30" },
  },
});
const demoJobs = Number(values.jobs);
const websites = Number(values.websites);
const DEMO_SOURCE = resolve("fixtures/sites/demo");
// Production lock lifetimes: the test fixture's 1.5 s would let a build slowed by a busy machine
// be taken over and run twice, which the figures would count as throughput.
const LOCK_MS = 30_000;

// The workers run the compiled library.
execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });

async function throughput(
  workerCount: number,
  kind: "demo" | "store-only",
  jobs: number,
): Promise<{ perMinute: number; seconds: number }> {
  const redis = await startRedis();
  const sites = await makeSites(1);
  // A copy: the build keeps its image cache next to the site, never in fixtures/.
  const DEMO = kind === "demo" ? join(sites.dir, "demo") : sites.site(0);
  if (kind === "demo") await cp(DEMO_SOURCE, DEMO, { recursive: true });
  const client = createQueueClient({ connection: redis.url });
  const workers = await Promise.all(
    Array.from({ length: workerCount }, () =>
      startWorker({ redis: redis.url, store: sites.store, lockMs: LOCK_MS }),
    ),
  );
  try {
    // One warm-up job per worker process is not counted (module loading, first image encode).
    const warm = await Promise.all(
      workers.map(async (_, i) =>
        client.wait(await client.enqueue("build", { websiteId: `warm${i}`, site: DEMO })),
      ),
    );
    if (warm.some((s) => s.state !== "done")) throw new Error(JSON.stringify(warm[0]?.error));
    const started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < jobs; i++) {
      ids.push(await client.enqueue("build", { websiteId: `site${i % websites}`, site: DEMO }));
    }
    const finals = await Promise.all(ids.map((id) => client.wait(id, { pollMs: 20 })));
    const failed = finals.filter((s) => s.state !== "done");
    if (failed.length)
      throw new Error(`${failed.length} jobs failed: ${failed[0]?.error?.message}`);
    const seconds = (Date.now() - started) / 1000;
    return { perMinute: Math.round((jobs / seconds) * 60), seconds };
  } finally {
    await stopWorkers(workers);
    await client.close();
    await redis.stop();
    await sites.cleanup();
  }
}

async function overhead(count: number): Promise<{ toStart: number[]; toVisible: number[] }> {
  const redis = await startRedis();
  const sites = await makeSites(1);
  const client = createQueueClient({ connection: redis.url });
  const events = new Redis(redis.url);
  const workers = [await startWorker({ redis: redis.url, store: sites.store, lockMs: LOCK_MS })];
  const toStart: number[] = [];
  const toVisible: number[] = [];
  try {
    for (let i = 0; i < count + 3; i++) {
      const enqueued = Date.now();
      const id = await client.enqueue("build", { websiteId: `o${i}`, site: sites.site(0) });
      let seen = 0;
      for (;;) {
        const s = await client.status(id);
        if (s.state === "done") {
          seen = Date.now();
          break;
        }
        await new Promise((r) => setTimeout(r, 1));
      }
      const mine = (await events.lrange("test:events", 0, -1))
        .map((e) => JSON.parse(e) as TimelineEvent)
        .filter((e) => e.jobId === id);
      const start = mine.find((e) => e.kind === "start")?.t ?? NaN;
      const end = mine.find((e) => e.kind === "end")?.t ?? NaN;
      if (i < 3) continue; // warm-up
      toStart.push(start - enqueued);
      toVisible.push(seen - end);
    }
    return { toStart, toVisible };
  } finally {
    await stopWorkers(workers);
    await events.quit();
    await client.close();
    await redis.stop();
    await sites.cleanup();
  }
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${sorted.at(-1)} ms`;
};

for (const [kind, jobs, label] of [
  ["demo", demoJobs, "demo-site builds"],
  ["store-only", 120, "store-only jobs (prebuilt 2-file site)"],
] as const) {
  for (const n of [1, 2, 4]) {
    const r = await throughput(n, kind, jobs);
    console.log(
      `queue: ${jobs} ${label} over ${websites} websites, ${n} worker${n > 1 ? "s" : ""}: ` +
        `${r.seconds.toFixed(1)} s = ${r.perMinute} jobs/min`,
    );
  }
}
const o = await overhead(Number(values.overhead));
console.log(`queue overhead per job (store-only jobs, one at a time, ${o.toStart.length} jobs):`);
console.log(`  enqueue → handler start:      ${stats(o.toStart)}`);
console.log(`  handler end → status visible: ${stats(o.toVisible)}`);
