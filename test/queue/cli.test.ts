import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueCommand } from "../../src/cli/enqueue-command.js";
import { jobsListCommand, jobsShowCommand } from "../../src/cli/jobs-command.js";
import { workerCommand } from "../../src/cli/worker-command.js";
import { createQueueClient, type QueueClient } from "../../src/queue/index.js";
import { createVersionStore } from "../../src/versions/store.js";
import { startRedis, type TestRedis } from "../helpers/redis.js";
import { runCommand } from "../helpers/run-command.js";
import { makeSites } from "./helpers.js";

describe("queue CLI: worker, enqueue, jobs", () => {
  let redis: TestRedis;
  let sites: Awaited<ReturnType<typeof makeSites>>;
  let client: QueueClient;
  let worker: ReturnType<typeof spawn>;
  let workerOut = "";

  beforeAll(async () => {
    redis = await startRedis();
    sites = await makeSites(1);
    client = createQueueClient({ connection: redis.url });
    const targetsFile = join(sites.dir, "targets.json");
    await writeFile(
      targetsFile,
      JSON.stringify({ mirror: [{ type: "local", root: join(sites.dir, "mirror") }] }),
    );
    // The real command in a child process, as `sitewright worker` would run it.
    const script = `
      const { workerCommand } = await import(${JSON.stringify(join(process.cwd(), "dist/cli/worker-command.js"))});
      const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), isTTY: false };
      process.exitCode = await workerCommand.run(process.argv.slice(1), io);`;
    worker = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        script,
        "--",
        "--redis",
        redis.url,
        "--store",
        sites.store,
        "--concurrency",
        "2",
        "--targets",
        targetsFile,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    worker.stdout?.on("data", (c: Buffer) => {
      workerOut += c.toString();
    });
    worker.stderr?.on("data", (c: Buffer) => {
      workerOut += c.toString();
    });
    const deadline = Date.now() + 15_000;
    while (!workerOut.includes("Worker ")) {
      if (Date.now() > deadline || worker.exitCode !== null) throw new Error(workerOut);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker.once("exit", r));
      worker.kill("SIGTERM");
      await exited;
    }
    await client?.close();
    await redis?.stop();
    await sites?.cleanup();
  });

  it("the worker names its target groups", () => {
    expect(workerOut).toContain("target groups: mirror");
    expect(workerOut).toContain("concurrency 2");
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
});
