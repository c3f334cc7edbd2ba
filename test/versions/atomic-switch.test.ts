/**
 * The `current` switch is atomic as seen from another process: a separate node process reads
 * `current` (readlink, then stat through it) in a tight loop while the store switches it
 * hundreds of times. One read that finds it missing or dangling fails the test; replacing
 * the rename in symlink.ts by remove-then-create makes it fail.
 */
import { spawn } from "node:child_process";
import { readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

const SWITCHES = 400;

/** Plain CommonJS for `node -e`: no loader, so it starts fast and reads at full speed. */
const READER = `
const fs = require("node:fs");
const [current, stopFile] = process.argv.slice(1);
let reads = 0, missing = 0, dangling = 0, first = null;
process.stdout.write("ready\\n");
for (;;) {
  for (let i = 0; i < 500; i++) {
    reads++;
    let target;
    try { target = fs.readlinkSync(current); }
    catch (e) { missing++; first = first || "readlink: " + e.code; continue; }
    try { fs.statSync(current); }
    catch (e) { dangling++; first = first || "stat " + target + ": " + e.code; }
  }
  if (fs.existsSync(stopFile)) break;
}
process.stdout.write(JSON.stringify({ reads, missing, dangling, first }) + "\\n");
`;

interface ReaderResult {
  reads: number;
  missing: number;
  dangling: number;
  first: string | null;
}

let dir: string;
let store: VersionStore;
let ids: [string, string];

beforeAll(async () => {
  dir = await tempDir();
  store = createVersionStore({ root: join(dir, "store"), fsync: false });
  const a = await store.create("site", await makeBuild(join(dir, "a"), syntheticFiles(3, "a")));
  const b = await store.create("site", await makeBuild(join(dir, "b"), syntheticFiles(3, "b")));
  ids = [a.id, b.id];
  await store.activate("site", a.id);
});
afterAll(() => cleanup(dir));

/** Starts the reader; resolves once it reads, and gives a function that stops it. */
async function startReader(current: string, stopFile: string) {
  const child = spawn(process.execPath, ["-e", READER, current, stopFile], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.setEncoding("utf8");
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (out.startsWith("ready\n")) resolve();
    });
    child.on("error", reject);
    child.on("exit", () => reject(new Error(`reader exited early: ${out}`)));
  });
  return async (): Promise<ReaderResult> => {
    await writeFile(stopFile, "");
    expect(await exited).toBe(0);
    return JSON.parse(out.slice("ready\n".length)) as ReaderResult;
  };
}

describe("current switch", () => {
  it(`is never missing or dangling for a concurrent reader over ${SWITCHES} switches`, async () => {
    const current = join(dir, "store/site/current");
    const stop = await startReader(current, join(dir, "stop"));
    let result: ReaderResult;
    try {
      for (let i = 1; i <= SWITCHES; i++) {
        expect((await store.activate("site", ids[i % 2] as string)).changed).toBe(true);
      }
    } finally {
      result = await stop();
    }
    expect(result.first).toBeNull();
    expect(result).toMatchObject({ missing: 0, dangling: 0 });
    // The reader really overlapped the switches.
    expect(result.reads).toBeGreaterThan(SWITCHES * 10);
    expect(await readlink(current)).toBe(`versions/${ids[SWITCHES % 2]}`);
    expect(await store.history("site")).toHaveLength(SWITCHES + 1);
  });
});
