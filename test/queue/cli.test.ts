import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { constants } from "node:fs";
import { open, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueCommand } from "../../src/cli/enqueue-command.js";
import { jobsListCommand, jobsShowCommand } from "../../src/cli/jobs-command.js";
import { workerCommand } from "../../src/cli/worker-command.js";
import { createQueueClient, type QueueClient } from "../../src/queue/index.js";
import { createVersionStore } from "../../src/versions/store.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import { runCommand } from "../helpers/run-command.js";
import { makeSites, removeJobScratch } from "./helpers.js";

describe("queue CLI: worker, enqueue, jobs", () => {
  let redis: TestRedis;
  let sites: Awaited<ReturnType<typeof makeSites>>;
  let client: QueueClient;
  let worker: CliWorker;

  beforeAll(async () => {
    redis = await startRedis();
    sites = await makeSites(1);
    client = createQueueClient({ connection: redis.url });
    const targetsFile = join(sites.dir, "targets.json");
    await writeFile(
      targetsFile,
      JSON.stringify({ mirror: [{ type: "local", root: join(sites.dir, "mirror") }] }),
    );
    worker = await startCliWorker([
      "--redis",
      redis.url,
      "--store",
      sites.store,
      "--concurrency",
      "2",
      "--targets",
      targetsFile,
    ]);
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await client?.close();
    await redis?.stop();
    await sites?.cleanup();
  });

  it("the worker names its target groups", () => {
    expect(worker.output()).toContain("target groups: mirror");
    expect(worker.output()).toContain("concurrency 2");
  });

  it("enqueue prints the job id at once; jobs show and list read it", async () => {
    const run = await runCommand(enqueueCommand, [
      "build",
      sites.site(0),
      "--website",
      "cli",
      "--activate",
      "--redis",
      redis.url,
    ]);
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await client.wait(id)).state).toBe("done");
    const show = await runCommand(jobsShowCommand, [id, "--redis", redis.url]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("build");
    expect(show.stdout).toContain("done");
    expect(show.stdout).toContain("Created version 1.0.0");
    const list = await runCommand(jobsListCommand, ["--redis", redis.url, "--json"]);
    expect(JSON.parse(list.stdout).map((j: { id: string }) => j.id)).toContain(id);
    const json = JSON.parse(
      (await runCommand(jobsShowCommand, [id, "--redis", redis.url, "--json"])).stdout,
    );
    expect(json).toMatchObject({ id, kind: "build", websiteId: "cli", state: "done" });
    expect(json.result.version).toBe("1.0.0");
    expect(json.log.some((l: string) => l.includes("Live: 1.0.0"))).toBe(true);
  });

  it("enqueue --wait on a terminal redraws a progress line up to 100%", async () => {
    let stdout = "";
    const io = {
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: () => undefined,
      isTTY: true,
    };
    const args = ["build", sites.site(0), "--website", "tty", "--redis", redis.url, "--wait"];
    expect(await enqueueCommand.run(args, io)).toBe(0);
    expect(stdout).toMatch(/^Queued build job [0-9a-f-]{36}\n/);
    expect(stdout).toContain("\rdone done [####################] 100%");
    expect(stdout.trimEnd()).toMatch(/build +tty +done$/);
  });

  it("enqueue turns options into each kind's payload", async () => {
    // Another queue, which no worker takes from: the payloads stay as enqueued.
    const common = ["--website", "p1", "--redis", redis.url, "--queue", "payloads"];
    const enqueue = async (...argv: string[]) =>
      (await runCommand(enqueueCommand, [...argv, ...common])).stdout.trim();
    const ids = {
      thumbnail: await enqueue("thumbnail", "rel/site", "--type", "page", "--entity", "7"),
      named: await enqueue("thumbnail", "rel/site", "--type", "template", "--entity", "hero"),
      rollback: await enqueue("rollback", "--to", "1.0.0", "--targets", "mirror"),
      deploy: await enqueue(
        "deploy",
        "--targets",
        "mirror",
        "--version",
        "^1",
        "--keep",
        "3",
        "--dry-run",
      ),
      build: await enqueue("build", "rel/site", "--activate", "--keep", "2", "--note", "n"),
    };
    const queue = new Queue("payloads", { connection: { host: "127.0.0.1", port: redis.port } });
    try {
      const payload = async (id: string) => (await queue.getJob(id))?.data.payload;
      const site = join(process.cwd(), "rel/site");
      expect(await payload(ids.thumbnail)).toEqual({
        websiteId: "p1",
        site,
        type: "page",
        entityId: 7,
      });
      expect((await payload(ids.named)).entityId).toBe("hero");
      expect(await payload(ids.rollback)).toEqual({
        websiteId: "p1",
        to: "1.0.0",
        targets: "mirror",
      });
      expect(await payload(ids.deploy)).toEqual({
        websiteId: "p1",
        targets: "mirror",
        version: "^1",
        keep: 3,
        dryRun: true,
      });
      expect(await payload(ids.build)).toEqual({
        websiteId: "p1",
        site,
        activate: true,
        keep: 2,
        note: "n",
      });
    } finally {
      await queue.close();
    }
  });

  it("enqueue --wait exits 0 with the outcome, and deploys to a group of the worker", async () => {
    const run = await runCommand(enqueueCommand, [
      "deploy",
      "--website",
      "cli",
      "--targets",
      "mirror",
      "--redis",
      redis.url,
      "--wait",
      "--json",
    ]);
    expect(run.code).toBe(0);
    const final = JSON.parse(run.stdout);
    expect(final.state).toBe("done");
    expect(final.result.state).toBe("live");
    const mirror = createVersionStore({ root: join(sites.dir, "mirror") });
    expect((await mirror.current("cli"))?.id).toBe(final.result.versionId);
  });

  it("enqueue --wait exits 1 and prints the job's coded error", async () => {
    const run = await runCommand(enqueueCommand, [
      "rollback",
      "--website",
      "nothing-here",
      "--redis",
      redis.url,
      "--wait",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error E_VERSION_NOT_FOUND");
    expect(run.stderr).toContain("hint:");
  });

  it("wrong usage is E_USAGE; an unknown job id is E_JOB_NOT_FOUND", async () => {
    for (const argv of [
      ["explode", "--website", "x", "--redis", redis.url],
      ["build", "--website", "x", "--redis", redis.url],
      ["build", "site", "--redis", redis.url],
      ["build", "site", "--website", "x"],
      ["build", "site", "--website", "x", "--keep", "0", "--redis", redis.url],
    ]) {
      await expect(runCommand(enqueueCommand, argv)).rejects.toMatchObject({ code: "E_USAGE" });
    }
    await expect(runCommand(workerCommand, ["--store", "x"])).rejects.toMatchObject({
      code: "E_USAGE",
    });
    await expect(
      runCommand(workerCommand, ["--redis", redis.url, "--store", "x", "--concurrency", "0"]),
    ).rejects.toMatchObject({ code: "E_USAGE" });
    await expect(runCommand(jobsShowCommand, ["nope", "--redis", redis.url])).rejects.toMatchObject(
      { code: "E_JOB_NOT_FOUND" },
    );
  });

  it("SIGTERM stops the worker command: it says so and exits 0", async () => {
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toContain("SIGTERM: finishing running jobs");
    expect(worker.output()).toContain("Worker stopped");
  });

  it("a second SIGTERM stops the worker at once (143), leaving its job to stall detection", async () => {
    // A bundle that is a FIFO nobody writes to: the build blocks reading it, as a long one would.
    const fifo = join(sites.dir, "never.json");
    execFileSync("mkfifo", [fifo]);
    const held = await startCliWorker([
      "--redis",
      redis.url,
      "--store",
      sites.store,
      "--queue",
      "held",
    ]);
    const queue = createQueueClient({ connection: redis.url, queueName: "held" });
    let id = "";
    try {
      id = await queue.enqueue("build", { websiteId: "held", site: fifo });
      const seen = () => held.output();
      await waitFor(async () => (await queue.status(id)).progress?.stage === "building", seen);
      held.child.kill("SIGTERM");
      await waitFor(async () => held.output().includes("finishing running jobs"), seen);
      held.child.kill("SIGTERM");
      await waitFor(async () => held.output().includes("stopping now"), seen);
      // Node's exit waits for its thread pool, where the open of the FIFO hangs: let a waiting
      // open through until the process is gone (it runs no more JavaScript: the build stops).
      while (held.child.exitCode === null && held.child.signalCode === null) {
        await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).then(
          (handle) => handle.close(),
          () => undefined,
        );
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await held.exited).toBe(143);
      expect(held.output()).toContain("SIGTERM: stopping now");
      expect(held.output()).not.toContain("Worker stopped");
      expect((await queue.status(id)).state).toBe("running");
    } finally {
      if (held.child.exitCode === null) held.child.kill("SIGKILL");
      await queue.close();
      // No worker takes the job over here to remove the folder its build was left in.
      if (id) await removeJobScratch(id);
    }
  });
});

/** A `sitewright worker` child process. */
interface CliWorker {
  child: ChildProcess;
  exited: Promise<number | string>;
  output(): string;
}

/** Runs the real worker command in a child process, as `sitewright worker` would, until it is up. */
async function startCliWorker(args: string[]): Promise<CliWorker> {
  const script = `
    const { workerCommand } = await import(${JSON.stringify(join(process.cwd(), "dist/cli/worker-command.js"))});
    const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), isTTY: false };
    process.exitCode = await workerCommand.run(process.argv.slice(1), io);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, "--", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
  // Loading the library in a fresh process takes seconds on a loaded machine.
  const deadline = Date.now() + 45_000;
  while (!out.includes("Worker ")) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(out);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, exited, output: () => out };
}

async function waitFor(check: () => Promise<boolean>, what: () => string, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in time: ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
