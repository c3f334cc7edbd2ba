import { existsSync } from "node:fs";
import { mkdtemp, readlink, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalTarget } from "../../src/deploy/local-target.js";
import {
  createQueueClient,
  createWorker,
  DEFAULT_HANDLERS,
  type QueueClient,
  type QueueWorker,
} from "../../src/queue/index.js";
import { parseTargetsConfig } from "../../src/queue/targets-config.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { chromiumPath } from "../helpers/chromium.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import { rejection } from "../helpers/rejection.js";
import { makeSites } from "./helpers.js";

// No test here needs a takeover, so the locks keep their production lifetimes: a loaded machine's
// event-loop lag then cannot make a run lose its website to a second start.
const TIMING = { parkMs: 2000 };

describe("queue: jobs, payloads and status", () => {
  let redis: TestRedis;
  let client: QueueClient;
  let reader: QueueClient;
  let worker: QueueWorker;
  let store: VersionStore;
  let sites: Awaited<ReturnType<typeof makeSites>>;
  let remote: string;
  let failOnce = true;
  let rollbackFailOnce = true;

  beforeAll(async () => {
    redis = await startRedis();
    sites = await makeSites(2);
    remote = await mkdtemp(join(tmpdir(), "sitewright-queue-remote-"));
    store = createVersionStore({ root: sites.store, fsync: false });
    client = createQueueClient({ connection: redis.url, backoffMs: 50 });
    // A second client, as another API process would hold: it only reads.
    reader = createQueueClient({ connection: redis.url });
    worker = createWorker({
      connection: { host: "127.0.0.1", port: redis.port },
      store,
      concurrency: 2,
      targets: { staging: [createLocalTarget({ root: remote })] },
      chromium: chromiumPath(),
      ...TIMING,
      handlers: {
        // Website "flaky": the first run creates the version and then dies as a crash would,
        // before the job is marked done; the retry must not make a second version.
        async build(payload, ctx) {
          const result = await DEFAULT_HANDLERS.build(payload, ctx);
          if (payload.websiteId === "flaky" && failOnce) {
            failOnce = false;
            throw new Error("simulated crash after the version was stored");
          }
          return result;
        },
        // Website "flaky-rb": the first rollback switches `current` and then dies.
        async rollback(payload, ctx) {
          const result = await DEFAULT_HANDLERS.rollback(payload, ctx);
          if (payload.websiteId === "flaky-rb" && rollbackFailOnce) {
            rollbackFailOnce = false;
            throw new Error("simulated crash after the switch");
          }
          return result;
        },
      },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await client?.close();
    await reader?.close();
    await redis?.stop();
    await sites?.cleanup();
    await rm(remote, { recursive: true, force: true });
  });

  it("builds a version and reports state, progress, log and result to another client", async () => {
    const id = await client.enqueue("build", {
      websiteId: "alpha",
      site: sites.site(0),
      activate: true,
    });
    const first = await reader.status(id);
    expect(["queued", "running", "done"]).toContain(first.state);
    expect(first.kind).toBe("build");
    expect(first.websiteId).toBe("alpha");
    const seen = new Set<string>();
    const done = await reader.wait(id, { pollMs: 10, onStatus: (s) => seen.add(s.state) });
    expect(done.state).toBe("done");
    expect(done.progress).toEqual({ stage: "done", percent: 100 });
    expect(done.log.some((l) => l.includes("Created version 1.0.0"))).toBe(true);
    expect(done.log.some((l) => l.includes("Live: 1.0.0"))).toBe(true);
    const result = done.result as { versionId: string; version: string; activated: unknown };
    expect(result.version).toBe("1.0.0");
    expect((await store.current("alpha"))?.id).toBe(result.versionId);
    expect(done.fence).toBeGreaterThan(0);
    expect(done.worker).toBe(worker.id);
    const listed = await reader.list();
    expect(listed.map((s) => s.id)).toContain(id);
  });

  it("fails a bad payload with E_JOB_PAYLOAD and goes on with the website's next job", async () => {
    const bad = await client.enqueueRaw("build", { websiteId: "beta", site: 42, keep: 0 });
    const good = await client.enqueue("build", { websiteId: "beta", site: sites.site(1) });
    const failed = await client.wait(bad);
    expect(failed.state).toBe("failed");
    expect(failed.error?.code).toBe("E_JOB_PAYLOAD");
    expect(failed.error?.message).toMatch(/site/);
    expect(failed.error?.message).toMatch(/keep/);
    expect(failed.error?.hint).toBeTruthy();
    expect((await client.wait(good)).state).toBe("done");
    expect(await store.list("beta")).toHaveLength(1);
  });

  it("fails a build of missing site data with its code and stores nothing", async () => {
    const missing = join(sites.dir, "no-such-site");
    const failed = await client.wait(
      await client.enqueue("build", { websiteId: "nosite", site: missing, activate: true }),
    );
    expect(failed.state).toBe("failed");
    expect(failed.error?.code).toBe("E_SITE_NOT_FOUND");
    // Not worth a retry: one run only.
    expect(failed.log.filter((l) => l.includes("Started by"))).toHaveLength(1);
    expect(await store.list("nosite")).toEqual([]);
    expect(existsSync(join(sites.store, "nosite", "current"))).toBe(false);
  });

  it("refuses a payload that names a host: targets come from the worker's config", async () => {
    const id = await client.enqueueRaw("deploy", {
      websiteId: "alpha",
      targets: "staging",
      host: "evil.example.com",
    });
    const failed = await client.wait(id);
    expect(failed.error?.code).toBe("E_JOB_PAYLOAD");
    expect(failed.error?.message).toMatch(/host/);
  });

  it("deploys to a worker-side target group and refuses an unknown group", async () => {
    const id = await client.enqueue("deploy", { websiteId: "alpha", targets: "staging" });
    const done = await client.wait(id);
    expect(done.state).toBe("done");
    const result = done.result as { deploymentId: string; versionId: string; state: string };
    expect(result.state).toBe("live");
    // While it ran, the job showed the deployment's own states; the log keeps each of them.
    const states = done.log.flatMap((l) => l.split(`Deployment ${result.deploymentId}: `).slice(1));
    expect(states).toEqual(["queued", "uploading", "verifying", "activating", "live"]);
    expect(done.progress).toEqual({ stage: "live" });
    expect(await readlink(join(remote, "alpha", "current"))).toContain(result.versionId);
    const unknown = await client.wait(
      await client.enqueue("deploy", { websiteId: "alpha", targets: "production" }),
    );
    expect(unknown.error?.code).toBe("E_JOB_PAYLOAD");
    expect(unknown.error?.hint).toMatch(/staging/);
  });

  it("rolls back locally, and fails with E_NO_ROLLBACK when there is nothing earlier", async () => {
    const none = await client.wait(await client.enqueue("rollback", { websiteId: "alpha" }));
    expect(none.state).toBe("failed");
    expect(none.error?.code).toBe("E_NO_ROLLBACK");
    const first = (await store.current("alpha"))?.id;
    const second = await client.wait(
      await client.enqueue("build", { websiteId: "alpha", site: sites.site(1), activate: true }),
    );
    expect((await store.current("alpha"))?.id).not.toBe(first);
    expect(second.state).toBe("done");
    const back = await client.wait(await client.enqueue("rollback", { websiteId: "alpha" }));
    expect(back.state).toBe("done");
    expect((await store.current("alpha"))?.id).toBe(first);
  });

  it("a retry after a crash past the store reuses the version instead of making a second", async () => {
    const done = await client.wait(
      await client.enqueue("build", { websiteId: "flaky", site: sites.site(0) }),
    );
    expect(done.state).toBe("done");
    expect((done.result as { reused: boolean }).reused).toBe(true);
    expect(done.log.filter((l) => l.includes("Started by"))).toHaveLength(2);
    expect(await store.list("flaky")).toHaveLength(1);
  });

  it("a retry of a rollback after a crash past the switch does not roll back a second time", async () => {
    const ids: string[] = [];
    for (const i of [0, 1, 0]) {
      const built = await client.wait(
        await client.enqueue("build", {
          websiteId: "flaky-rb",
          site: sites.site(i),
          activate: true,
        }),
      );
      ids.push((built.result as { versionId: string }).versionId);
    }
    const done = await client.wait(await client.enqueue("rollback", { websiteId: "flaky-rb" }));
    expect(done.state, JSON.stringify(done.error)).toBe("done");
    expect(done.log.filter((l) => l.includes("Started by"))).toHaveLength(2);
    expect((await store.current("flaky-rb"))?.id).toBe(ids[1]);
    expect(done.result).toMatchObject({ to: ids[1], changed: false });
    const rollbacks = (await store.history("flaky-rb")).filter((h) => h.action === "rollback");
    expect(rollbacks).toEqual([expect.objectContaining({ from: ids[2], to: ids[1] })]);
  });

  it("rejects unknown kinds, missing websites and unknown ids with their codes", async () => {
    expect((await rejection(client.enqueueRaw("explode", { websiteId: "x" }))).code).toBe(
      "E_JOB_PAYLOAD",
    );
    expect((await rejection(client.enqueueRaw("build", { site: "x" }))).code).toBe("E_JOB_PAYLOAD");
    expect((await rejection(client.enqueueRaw("build", { websiteId: "../etc" }))).code).toBe(
      "E_JOB_PAYLOAD",
    );
    expect((await rejection(reader.status("no-such-job"))).code).toBe("E_JOB_NOT_FOUND");
  });

  it("fails a job another producer pushed without a website, and keeps working", async () => {
    const raw = new Queue("sitewright", { connection: { host: "127.0.0.1", port: redis.port } });
    await raw.add("build", { kind: "build", payload: { site: "x" } }, { jobId: "foreign-1" });
    await raw.close();
    let status = await reader.status("foreign-1").catch(() => null);
    for (let i = 0; i < 100 && status?.state !== "failed"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = await reader.status("foreign-1").catch(() => null);
    }
    expect(status?.error?.code).toBe("E_JOB_PAYLOAD");
    const after = await client.wait(
      await client.enqueue("build", { websiteId: "gamma", site: sites.site(0) }),
    );
    expect(after.state).toBe("done");
  });

  it("shoots a thumbnail into the store", async () => {
    const done = await client.wait(
      await client.enqueue("thumbnail", {
        websiteId: "thumbs",
        site: "fixtures/sites/demo",
        type: "page",
        entityId: 1,
      }),
    );
    expect(done.error).toBeUndefined();
    expect(done.state).toBe("done");
    expect(done.progress).toEqual({ stage: "done", percent: 100 });
    const files = (done.result as { files: { webp: string } }).files;
    expect(existsSync(files.webp)).toBe(true);
    // Counted once, by the client at enqueue; the worker that ran it counted nothing.
    const counts = new Redis(redis.url);
    try {
      expect(await counts.zcard("sitewright:sitewright:site:thumbs:rate:thumbnails")).toBe(1);
      expect(await counts.zcard("sitewright:sitewright:site:thumbs:rate:requests")).toBe(1);
    } finally {
      await counts.quit();
    }
  }, 60_000);

  it("reads a targets file and refuses a bad one with E_USAGE", () => {
    const groups = parseTargetsConfig({ staging: [{ type: "local", root: "/srv/x" }] });
    expect(groups.staging?.[0]?.kind).toBe("local");
    expect(() => parseTargetsConfig({ prod: [{ type: "ssh", host: "h", user: "u" }] })).toThrow(
      expect.objectContaining({ code: "E_USAGE" }),
    );
    expect(() =>
      parseTargetsConfig({ prod: [{ type: "ssh", host: "h", user: "u", root: "/r", key: "/k" }] }),
    ).toThrow(expect.objectContaining({ code: "E_USAGE" }));
  });
});
