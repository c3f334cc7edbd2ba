/**
 * A worker's kept builds: each run builds in a folder of its own from the newest stored one,
 * `last` moves by one rename, the folder before is removed; and a worker with a builds folder
 * renders only what changed, storing a clean build's bytes.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { recordPath } from "../../src/generator/incremental/record.js";
import { openRunFolder } from "../../src/queue/build-folders.js";
import {
  createQueueClient,
  createWorker,
  DEFAULT_HANDLERS,
  type QueueClient,
  type QueueWorker,
} from "../../src/queue/index.js";
import { versionDir, websitePaths } from "../../src/versions/paths.js";
import { createVersionStore } from "../../src/versions/store.js";
import { tempDir } from "../generator/helpers.js";
import { snapshot, writeSiteDir } from "../generator/incremental/helpers.js";
import { content, smallAssets, smallSite } from "../generator/incremental/small-site.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import { rejection } from "../helpers/rejection.js";

const root = tempDir("sw-build-folders-");

/** A run folder with something in it and its record, as a build leaves them. */
function fill(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.html"), dir);
  writeFileSync(recordPath(dir), "{}");
}

describe("openRunFolder", () => {
  it("starts from the newest promoted run and removes the one before when it promotes", async () => {
    const builds = join(root, "one");
    const first = await openRunFolder(builds, "w1");
    expect(first.previousDir).toBeUndefined();
    fill(first.outDir);
    await first.promote();
    expect(readlinkSync(join(builds, "w1", "last"))).toBe(
      join("runs", first.outDir.split("/").pop() as string),
    );

    const second = await openRunFolder(builds, "w1");
    expect(second.previousDir).toBe(first.outDir);
    expect(second.outDir).not.toBe(first.outDir);
    fill(second.outDir);
    await second.promote();
    expect(existsSync(first.outDir)).toBe(false);
    expect(existsSync(recordPath(first.outDir))).toBe(false);
    expect((await openRunFolder(builds, "w1")).previousDir).toBe(second.outDir);
  });

  it("keeps two overlapping runs in folders of their own; `last` follows the later promote", async () => {
    // Which run may promote is the handler's decision (only the one still fenced).
    const builds = join(root, "two");
    const start = await openRunFolder(builds, "w1");
    fill(start.outDir);
    await start.promote();
    const stalled = await openRunFolder(builds, "w1");
    const takeover = await openRunFolder(builds, "w1");
    expect(stalled.outDir).not.toBe(takeover.outDir);
    fill(stalled.outDir);
    fill(takeover.outDir);
    await takeover.promote();
    expect(existsSync(stalled.outDir)).toBe(true);
    await stalled.promote();
    expect((await openRunFolder(builds, "w1")).previousDir).toBe(stalled.outDir);
    expect(existsSync(takeover.outDir)).toBe(false);
    expect(existsSync(start.outDir)).toBe(false);
  });

  it("removes the folder before also when DIR is reached through a link", async () => {
    const real = join(root, "real-builds");
    mkdirSync(real);
    const linked = join(root, "linked-builds");
    symlinkSync(real, linked);
    const first = await openRunFolder(linked, "w1");
    fill(first.outDir);
    await first.promote();
    const second = await openRunFolder(linked, "w1");
    fill(second.outDir);
    await second.promote();
    expect(existsSync(first.outDir)).toBe(false);
    expect(readdirSync(join(real, "w1", "runs")).sort()).toEqual(
      [basename(second.outDir), basename(recordPath(second.outDir))].sort(),
    );
  });

  it("removes a discarded run with its record, and leaves the promoted one", async () => {
    const builds = join(root, "three");
    const kept = await openRunFolder(builds, "w1");
    fill(kept.outDir);
    await kept.promote();
    const failed = await openRunFolder(builds, "w1");
    fill(failed.outDir);
    await failed.discard();
    expect(existsSync(failed.outDir)).toBe(false);
    expect(existsSync(recordPath(failed.outDir))).toBe(false);
    expect(existsSync(kept.outDir)).toBe(true);
  });

  it("refuses an unsafe website id and an unusable builds folder with codes", async () => {
    expect((await rejection(openRunFolder(root, "../etc"))).code).toBe("E_UNSAFE_PATH");
    const file = join(root, "a-file");
    writeFileSync(file, "");
    expect((await rejection(openRunFolder(join(file, "builds"), "w1"))).code).toBe("E_OUTPUT");
  });
});

describe("a worker with a builds folder", () => {
  let redis: TestRedis;
  let worker: QueueWorker;
  let client: QueueClient;
  let meanwhile: "nothing" | "remove-carried" | "lose-lock" = "nothing";
  const site = join(root, "site");
  const storeRoot = join(root, "store");
  const builds = join(root, "worker-builds");

  beforeAll(async () => {
    redis = await startRedis();
    worker = createWorker({
      connection: redis.url,
      store: createVersionStore({ root: storeRoot, fsync: false }),
      buildsDir: builds,
      handlers: {
        // The default build, with what another run of the website might do meanwhile.
        build(payload, ctx) {
          let fenceChecks = 0;
          return DEFAULT_HANDLERS.build(payload, {
            ...ctx,
            async progress(p) {
              // Right before building: another run removes a file this one will carry.
              if (meanwhile === "remove-carried" && p.stage === "building" && p.percent === 0)
                rmSync(join(realpathSync(join(builds, "w9", "last")), "index.html"));
              return ctx.progress(p);
            },
            async assertFenced() {
              // The version is stored under the fence; the lock is lost right after.
              if (meanwhile === "lose-lock" && ++fenceChecks > 1) throw new Error("lock lost");
              return ctx.assertFenced();
            },
          });
        },
      },
    });
    await worker.ready();
    client = createQueueClient({ connection: redis.url });
  });
  afterAll(async () => {
    await client?.close();
    await worker?.close();
    await redis?.stop();
  });
  afterEach(() => {
    meanwhile = "nothing";
  });

  const buildJob = async (site: string) =>
    client.wait(await client.enqueue("build", { websiteId: "w9", site }));

  /** Expects the version to hold what a clean build of `site` holds, byte for byte. */
  async function expectCleanVersion(versionId: string, site: string): Promise<void> {
    const clean = join(root, `clean-${versionId}`);
    await buildSite(site, { outDir: clean, incremental: false });
    const stored = snapshot(versionDir(websitePaths(storeRoot, "w9"), versionId));
    delete stored["version.json"];
    expect(stored).toEqual(snapshot(clean));
  }

  /** Expects `runs/` to hold only the build `last` is, with its record. */
  function expectOnlyRun(last: string): void {
    expect(readdirSync(join(builds, "w9", "runs")).sort()).toEqual(
      [basename(last), basename(recordPath(last))].sort(),
    );
  }

  it("renders only the edited page on the next build job, and stores a clean build's bytes", async () => {
    const model = smallSite();
    writeSiteDir(site, model, smallAssets());
    const first = await buildJob(site);
    expect(first.state).toBe("done");
    expect(first.log.some((l) => / 0 carried/.test(l))).toBe(true);

    (model.pages[1]?.components as unknown[])[1] = content(202, "Edited");
    writeSiteDir(site, model, smallAssets());
    const second = await buildJob(site);
    expect(second.state).toBe("done");
    expect(second.log.some((l) => / 1 of \d+ routes rendered/.test(l))).toBe(true);
    await expectCleanVersion((second.result as { versionId: string }).versionId, site);
    // Only the newest build and its record are kept.
    expectOnlyRun(realpathSync(join(builds, "w9", "last")));
  }, 120_000);

  it("builds again from scratch when the build it carries from loses a file meanwhile", async () => {
    meanwhile = "remove-carried";
    const done = await buildJob(site);
    expect(done.state).toBe("done");
    expect(done.log.some((l) => l.includes("building again from scratch"))).toBe(true);
    await expectCleanVersion((done.result as { versionId: string }).versionId, site);
  }, 120_000);

  it("leaves `last` alone when the run lost its website after storing the version", async () => {
    const before = realpathSync(join(builds, "w9", "last"));
    meanwhile = "lose-lock";
    const done = await buildJob(site);
    expect(done.state).toBe("done");
    expect(realpathSync(join(builds, "w9", "last"))).toBe(before);
    // Its own folder is discarded.
    expectOnlyRun(before);
  }, 120_000);
});
