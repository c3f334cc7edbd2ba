import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncMany } from "../../src/versions/fs-util.js";
import { cleanup, tempDir } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  await mkdir(join(dir, "a"));
  await writeFile(join(dir, "a/f.txt"), "x");
});
afterAll(() => cleanup(dir));

describe("syncMany", () => {
  it("flushes with one syncfs where coreutils `sync -f` exists", async () => {
    expect(await syncMany(dir, [join(dir, "a/f.txt"), join(dir, "a")])).toBe("syncfs");
  });

  it("falls back to fsync per path without it", async () => {
    const path = process.env.PATH;
    process.env.PATH = join(dir, "no-bin");
    try {
      expect(await syncMany(dir, [join(dir, "a/f.txt"), join(dir, "a")])).toBe("fsync");
    } finally {
      process.env.PATH = path;
    }
  });
});
