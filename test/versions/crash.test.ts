/**
 * Crash safety: a child process running create, activate or rollback is SIGKILLed at logged
 * checkpoints and after random delays (60 runs). After each kill `current` must resolve to a
 * complete version, list() must show only complete versions, and the next command must succeed
 * and leave no temporary entries behind.
 */
import { spawn } from "node:child_process";
import { open, readdir, readFile, readlink, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../../src/contracts/manifest.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));
// Bundled once with esbuild (tsx's own compiler): plain node starts ~5x faster than node + tsx.
const CHILD_JS = fileURLToPath(
  new URL(`../../.tmp/crash-child-${process.pid}.mjs`, import.meta.url),
);
const RUNS_PER_OP = 20;
const LANES = 2;

/** Logged steps each operation passes through (create: started … committed). */
const STEPS = { create: 5, activate: 2, rollback: 2 } as const;
/** Upper bound of the random kill delay, about the length of each operation. */
const DELAY_MS = { create: 200, activate: 30, rollback: 30 } as const;
type Op = keyof typeof STEPS;

let dir: string;

beforeAll(async () => {
  dir = await tempDir("sw-crash-");
  await build({
    entryPoints: [CHILD],
    outfile: CHILD_JS,
    bundle: true,
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
  });
});
afterAll(async () => {
  await cleanup(dir);
  await rm(CHILD_JS, { force: true });
});

/** Runs the child; resolves to how it ended and the last step it logged. */
function runChild(
  env: Record<string, string>,
  killAfterMs: number | null,
): Promise<{ end: string; lastStep: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD_JS], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdout.once("data", () => {
      if (killAfterMs !== null) setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      const steps = [...stdout.matchAll(/^step (\S+)$/gm)].map((m) => m[1]);
      resolve({
        end: signal ?? `exit ${code}${stderr ? `: ${stderr.trim()}` : ""}`,
        lastStep: steps[steps.length - 1] ?? "before-any-step",
      });
    });
  });
}

async function assertComplete(store: VersionStore, root: string, id: string): Promise<void> {
  const versionDir = store.versionDir("site", id);
  const meta = JSON.parse(await readFile(join(versionDir, "version.json"), "utf8"));
  expect(meta.id).toBe(id);
  const manifest = await readManifest(versionDir);
  for (const [name, entry] of Object.entries(manifest.files)) {
    expect((await stat(join(versionDir, name))).size).toBe(entry.size);
  }
  const zip = await open(join(root, "site/versions", `${id}.zip`), "r");
  const { size } = await zip.stat();
  const tail = Buffer.alloc(22);
  await zip.read(tail, 0, 22, size - 22);
  await zip.close();
  expect(tail.readUInt32LE(0)).toBe(0x06054b50); // a finished zip ends with its directory
}

async function checkAfterKill(store: VersionStore, root: string): Promise<void> {
  const live = await readlink(join(root, "site/current"));
  await assertComplete(store, root, live.replace("versions/", ""));
  for (const v of await store.list("site")) await assertComplete(store, root, v.id);
}

async function checkClean(store: VersionStore, root: string): Promise<void> {
  expect((await readdir(join(root, "site"))).sort()).toEqual([
    "current",
    "history.jsonl",
    "versions",
  ]);
  const names = await readdir(join(root, "site/versions"));
  const ids = (await store.list("site")).map((v) => v.id);
  expect(names.sort()).toEqual(ids.flatMap((id) => [id, `${id}.zip`]).sort());
  const history = await store.history("site");
  expect(history[history.length - 1]?.to).toBe((await store.current("site"))?.id);
}

async function lane(lane: number, ops: Op[]): Promise<Record<string, number>> {
  const root = join(dir, `store-${lane}`);
  const store = createVersionStore({ root, actor: "parent", lock: { waitMs: 5_000 } });
  const build = await makeBuild(join(dir, `build-${lane}`), syntheticFiles(120, `lane${lane}`));
  const a = await store.create("site", build);
  const b = await store.create("site", build);
  await store.activate("site", a.id);
  await store.activate("site", b.id);
  const outcomes: Record<string, number> = {};
  for (const [i, op] of ops.entries()) {
    const live = (await store.current("site"))?.id as string;
    const others = (await store.list("site")).filter((v) => v.id !== live);
    const arg = op === "create" ? build : (others[i % others.length]?.id as string);
    const atStep = i % 2 === 0 ? 1 + ((i / 2) % STEPS[op]) : null;
    const delay = atStep === null ? Math.floor(Math.random() * DELAY_MS[op]) : null;
    const env: Record<string, string> = { STORE_ROOT: root, OP: op, ARG: arg };
    if (atStep !== null) env.CRASH_AT_STEP = String(atStep);
    const { end, lastStep } = await runChild(env, delay);
    const key = end === "SIGKILL" ? `killed after ${lastStep}` : `${op} finished`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
    expect(end === "SIGKILL" || end === "exit 0", end).toBe(true);

    await checkAfterKill(store, root);
    // The next command takes over the dead child's lock and recovers.
    const next = (await store.list("site")).find((v) => !v.live) ?? (await store.list("site"))[0];
    await store.activate("site", next?.id as string);
    await checkClean(store, root);
    // Keep the store small so every lane stays fast.
    await store.prune("site", { keep: 3 });
  }
  return outcomes;
}

describe("crash safety", () => {
  it("serializes writers in separate processes through the lock", async () => {
    const root = join(dir, "contended");
    const build = await makeBuild(join(dir, "build-contended"), syntheticFiles(50, "c"));
    const env = { STORE_ROOT: root, OP: "create", ARG: build, LOCK_WAIT_MS: "30000" };
    const ends = await Promise.all(Array.from({ length: 4 }, () => runChild(env, null)));
    expect(ends.map((e) => e.end)).toEqual(["exit 0", "exit 0", "exit 0", "exit 0"]);
    const store = createVersionStore({ root });
    expect((await store.list("site")).map((v) => v.version).sort()).toEqual([
      "1.0.0",
      "1.0.1",
      "1.0.2",
      "1.0.3",
    ]);
  }, 60_000);

  it(`survives SIGKILL at ${RUNS_PER_OP * 3} points in create, activate and rollback`, async () => {
    const ops: Op[] = [];
    for (let i = 0; i < RUNS_PER_OP; i++) ops.push("create", "activate", "rollback");
    const lanes = Array.from({ length: LANES }, (_, l) => ops.filter((_op, i) => i % LANES === l));
    const results = await Promise.all(lanes.map((o, l) => lane(l, o)));
    const total: Record<string, number> = {};
    for (const r of results) for (const [k, n] of Object.entries(r)) total[k] = (total[k] ?? 0) + n;
    expect(Object.values(total).reduce((x, y) => x + y, 0)).toBe(RUNS_PER_OP * 3);
    // Kills must land inside the operations, not only before or after them.
    for (const step of [
      "create.materialized",
      "create.zipped",
      "create.zip-placed",
      "activate.switched",
      "rollback.switched",
    ]) {
      expect(total[`killed after ${step}`], step).toBeGreaterThan(0);
    }
    // Printed so the mix of killed and finished runs is visible in the test log.
    process.stdout.write(`crash outcomes: ${JSON.stringify(total)}\n`);
  }, 120_000);
});
