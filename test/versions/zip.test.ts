import { execFileSync } from "node:child_process";
import { readFile, utimes } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { readManifest } from "../../src/contracts/manifest.js";
import { createVersionStore } from "../../src/versions/store.js";
import { manifestZipEntries, writeZip } from "../../src/versions/zip.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => cleanup(dir));

async function entriesOf(file: string): Promise<{ name: string; method: number; mtime: number }[]> {
  const zip = await yauzl.openPromise(file);
  const out: { name: string; method: number; mtime: number }[] = [];
  for await (const e of zip.eachEntry()) {
    out.push({ name: e.fileName, method: e.compressionMethod, mtime: e.lastModFileDate });
  }
  zip.close();
  return out;
}

describe("deterministic zip", () => {
  it("is byte-identical for the same build, whenever and wherever it is zipped", async () => {
    const files = { ...syntheticFiles(200), "z.woff2": Buffer.alloc(3000, 7), "B.txt": "upper" };
    const one = await makeBuild(join(dir, "one"), files);
    const two = await makeBuild(join(dir, "two"), files);
    await utimes(join(two, "B.txt"), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const store = createVersionStore({ root: join(dir, "store"), fsync: false });
    const a = await store.create("site", one);
    const b = await store.create("site", two, { bump: "major", note: "other metadata" });
    expect(a.id).not.toBe(b.id);
    const za = await readFile((await store.zip("site", a.id)).path);
    const zb = await readFile((await store.zip("site", b.id)).path);
    expect(za.equals(zb)).toBe(true);

    const manifest = await readManifest(one);
    const size = (await readFile(join(one, "manifest.json"))).length;
    await writeZip(one, manifestZipEntries(manifest, size), join(dir, "c.zip"), { window: 2 });
    expect((await readFile(join(dir, "c.zip"))).equals(za)).toBe(true);
  });

  it("sorts entries byte-wise, fixes timestamps, stores compressed types and passes unzip -t", async () => {
    const build = await makeBuild(join(dir, "mixed"), {
      "b/index.html": "<p>b</p>".repeat(100),
      "a.png": Buffer.alloc(5000, 1),
      "Z.css": "body{}".repeat(100),
      "big.js": "x".repeat(400 * 1024), // above the read-whole threshold: streamed
    });
    const store = createVersionStore({ root: join(dir, "store2"), fsync: false });
    const v = await store.create("site", build);
    const zipPath = (await store.zip("site", v.id)).path;
    const entries = await entriesOf(zipPath);
    expect(entries.map((e) => e.name)).toEqual([
      "Z.css",
      "a.png",
      "b/index.html",
      "big.js",
      "manifest.json",
    ]);
    expect(entries.find((e) => e.name === "a.png")?.method).toBe(0);
    expect(entries.find((e) => e.name === "big.js")?.method).toBe(8);
    expect(new Set(entries.map((e) => e.mtime))).toEqual(new Set([0x21]));
    execFileSync("unzip", ["-tq", zipPath]);
  });

  it("rebuilds a missing zip on demand, identical to the original", async () => {
    const build = await makeBuild(join(dir, "rebuild"), syntheticFiles(10));
    const store = createVersionStore({ root: join(dir, "store3"), fsync: false });
    const v = await store.create("site", build);
    const zip = await store.zip("site", v.id);
    const before = await readFile(zip.path);
    execFileSync("rm", [zip.path]);
    expect((await readFile((await store.zip("site", v.id)).path)).equals(before)).toBe(true);
  });
});
