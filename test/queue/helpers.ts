/** Child-process workers and small sites for the queue tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jobScratchPrefix } from "../../src/queue/job-scratch.js";
import { writeBuild } from "../helpers/deploy-site.js";

const FIXTURE = join(import.meta.dirname, "fixtures", "worker.mjs");

/** A worker child process. */
export interface ChildWorker {
  child: ChildProcess;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | string>;
  output(): string;
}

/**
 * Starts a worker child and waits until it says ready. A child that does not get there is
 * killed, so a failed start leaves no process behind retrying a Redis that is gone.
 */
export async function startWorker(env: {
  redis: string;
  store: string;
  concurrency?: number;
  slowMs?: number;
  /** Pause after the work of a build noted "hold", before it is done (default 0). */
  holdMs?: number;
  /** Website lock and BullMQ lock lifetime (default 1500 ms: fast takeover for fault tests). */
  lockMs?: number;
}): Promise<ChildWorker> {
  const child = spawn(process.execPath, [FIXTURE], {
    env: {
      ...process.env,
      SW_REDIS: env.redis,
      SW_STORE: env.store,
      SW_CONCURRENCY: String(env.concurrency ?? 1),
      SW_SLOW_MS: String(env.slowMs ?? 0),
      SW_HOLD_MS: String(env.holdMs ?? 0),
      SW_LOCK_MS: String(env.lockMs ?? 1500),
    },
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
  // Loading the library takes a worker about 2 s on an idle machine; three started at once on
  // a loaded one (two cores, three busy processes beside) once took over 15 s, the old
  // deadline. This one is only for a worker that hangs.
  const started = Date.now();
  while (!out.includes("ready")) {
    if (child.exitCode !== null) throw new Error(`worker exited: ${out}`);
    if (Date.now() - started > 45_000) {
      child.kill("SIGKILL");
      await exited;
      throw new Error(`worker not ready after ${Date.now() - started} ms: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, exited, output: () => out };
}

/** Stops workers with SIGTERM (SIGKILL after 10 s). */
export async function stopWorkers(workers: ChildWorker[]): Promise<void> {
  await Promise.all(
    workers.map(async (w) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) return;
      w.child.kill("SIGTERM");
      const timer = setTimeout(() => w.child.kill("SIGKILL"), 10_000);
      await w.exited;
      clearTimeout(timer);
    }),
  );
}

/** A temp dir with a store root and `count` tiny prebuilt sites (build dirs with a manifest). */
export async function makeSites(count: number): Promise<{
  dir: string;
  store: string;
  site(i: number): string;
  cleanup(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), "sitewright-queue-"));
  for (let i = 0; i < count; i++) {
    await writeBuild(join(dir, `site-${i}`), {
      "index.html": `<!doctype html><title>site ${i}</title><p>${i}</p>`,
      "about/index.html": `<p>about ${i}</p>`,
    });
  }
  return {
    dir,
    store: join(dir, "store"),
    site: (i) => join(dir, `site-${i}`),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** start/end events the fixture recorded. */
export interface TimelineEvent {
  kind: "start" | "end";
  websiteId: string;
  jobId: string;
  t: number;
  pid: number;
}

/** The temporary build folders (names under the temp folder) of job `jobId`'s runs. */
export async function jobScratchFolders(jobId: string): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith(jobScratchPrefix(jobId)));
}

/** Removes job `jobId`'s build folders: for tests in which no worker takes the job over. */
export async function removeJobScratch(jobId: string): Promise<void> {
  for (const name of await jobScratchFolders(jobId))
    await rm(join(tmpdir(), name), { recursive: true, force: true });
}
