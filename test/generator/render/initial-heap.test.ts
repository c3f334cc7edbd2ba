/** Render processes start with room for the pages they will hold, and only then. */
import { mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { spawnIsolated } from "../../../src/generator/render/isolated-process.js";
import {
  defaultWorkers,
  initialHeapFor,
  readPagesFolder,
} from "../../../src/generator/render/render-pool.js";

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, statSync: vi.fn(actual.statSync) };
});

const dir = mkdtempSync(join(tmpdir(), "sw-initial-heap-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pagesDir(name: string, sizes: number[]): string {
  const pages = join(dir, name);
  mkdirSync(pages);
  sizes.forEach((size, i) => {
    const file = join(pages, `${i}.json`);
    writeFileSync(file, "");
    // Sparse: the size is what counts, not the disk it takes.
    truncateSync(file, size);
  });
  return pages;
}

describe("defaultWorkers", () => {
  it("starts one process per core, at most 4, and one per 200 files of a small pages folder", () => {
    const folder = (files: number) => ({ fit: "held" as const, files });
    expect(defaultWorkers(2, folder(24))).toBe(1);
    expect(defaultWorkers(2, folder(200))).toBe(1);
    expect(defaultWorkers(2, folder(201))).toBe(2);
    expect(defaultWorkers(2, folder(10_000))).toBe(2);
    expect(defaultWorkers(8, folder(10_000))).toBe(4);
    expect(defaultWorkers(8, folder(500))).toBe(3);
    // A bundle, an object or an empty folder: the page count is not known when processes start.
    expect(defaultWorkers(2, null)).toBe(2);
    expect(defaultWorkers(16, { fit: "none", files: 0 })).toBe(4);
    expect(defaultWorkers(1, folder(10_000))).toBe(1);
  });
});

describe("readPagesFolder and initialHeapFor", () => {
  it("tells page files that fit what the processes hold (64 MiB) from larger ones and none", () => {
    expect(readPagesFolder(pagesDir("small", [5_000, 7_000, 64 * 2 ** 20 - 12_000]))).toEqual({
      fit: "held",
      files: 3,
    });
    expect(readPagesFolder(pagesDir("large", [40 * 2 ** 20, 30 * 2 ** 20]))).toEqual({
      fit: "too-large",
      files: 2,
    });
    expect(readPagesFolder(pagesDir("empty", []))).toEqual({ fit: "none", files: 0 });
    expect(readPagesFolder(join(dir, "missing"))).toEqual({ fit: "none", files: 0 });
  });

  it("judges a folder of many files from a sample of them", () => {
    // 2,000 files of 40 KiB (78 MiB) are too many to hold; of 20 KiB (39 MiB) they fit.
    const large = pagesDir("many-large", Array(2000).fill(40 * 1024));
    const small = pagesDir("many-small", Array(2000).fill(20 * 1024));
    vi.mocked(statSync).mockClear();
    expect(readPagesFolder(large)).toEqual({ fit: "too-large", files: 2000 });
    expect(readPagesFolder(small)).toEqual({ fit: "held", files: 2000 });
    // 512 of each folder's 2,000 files.
    expect(vi.mocked(statSync).mock.calls.length).toBe(1024);
  });

  it("gives held pages 128 MiB, at most half the heap limit, and leaves V8's default otherwise", () => {
    expect(initialHeapFor("held", 512)).toBe(128);
    expect(initialHeapFor("held", 100)).toBe(50);
    expect(initialHeapFor("too-large", 512)).toBeUndefined();
    expect(initialHeapFor("none", 512)).toBeUndefined();
  });

  it("reaches the process as --initial-old-space-size, and is absent when not given", async () => {
    const entry = fileURLToPath(new URL("./fixtures/exec-argv.mjs", import.meta.url));
    const argvOf = async (initialHeapMb?: number) => {
      const { child } = spawnIsolated(entry, { heapMb: 64, initialHeapMb });
      const argv = await new Promise<string[]>((resolve) => {
        child.once("message", (m) => resolve(m as string[]));
        child.send({});
      });
      child.disconnect();
      return argv;
    };
    expect(await argvOf(32)).toContain("--initial-old-space-size=32");
    expect((await argvOf()).some((a) => a.startsWith("--initial-old-space-size"))).toBe(false);
  });
});
