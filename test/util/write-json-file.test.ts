import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { writeJsonFile } from "../../src/util/write-json-file.js";

const dir = await mkdtemp(join(tmpdir(), "sw-json-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("writeJsonFile", () => {
  it("writes what JSON.stringify gives, for any plain data (undefined members dropped, undefined items null)", async () => {
    const file = join(dir, "any.json");
    await fc.assert(
      fc.asyncProperty(
        fc.anything({
          maxDepth: 5,
          withNullPrototype: false,
          withBigInt: false,
          withDate: false,
          withMap: false,
          withSet: false,
          withTypedArray: false,
          withSparseArray: true,
          withObjectString: false,
          withBoxedValues: false,
        }),
        async (value) => {
          writeJsonFile(file, value);
          const expected = JSON.stringify(value);
          // JSON.stringify(undefined) is no text at all; the file is then empty.
          expect(await readFile(file, "utf8")).toBe(expected ?? "");
        },
      ),
      { numRuns: 200 },
    );
  });

  it("writes a value larger than its slice size whole, in order", async () => {
    const file = join(dir, "big.json");
    const value = {
      routes: Array.from({ length: 40_000 }, (_, i) => ({ url: `/p${i}/`, deps: [i, i + 1] })),
      keys: ["settings", "template:1"],
      nested: { a: [{ b: [1, { c: undefined, d: "é\u2028" }] }] },
      when: new Date(0),
    };
    writeJsonFile(file, value);
    const text = await readFile(file, "utf8");
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(text).toBe(JSON.stringify(value));
  });

  it("a folder that does not exist is the file system's error, and nothing is written", async () => {
    const file = join(dir, "missing", "x.json");
    expect(() => writeJsonFile(file, { a: 1 })).toThrow(
      expect.objectContaining({ code: "ENOENT" }),
    );
  });
});
