import { describe, expect, it } from "vitest";
import { readAhead } from "../../src/generator/read-ahead.js";

describe("readAhead", () => {
  it("yields results in order with the awaited load and at most `depth` more running", async () => {
    let running = 0;
    let most = 0;
    const load = async (n: number) => {
      running++;
      most = Math.max(most, running);
      // Later items finish first, so order must come from the queue, not from timing.
      await new Promise((r) => setTimeout(r, 20 - n));
      running--;
      return n * 10;
    };
    const out: number[] = [];
    for await (const v of readAhead([1, 2, 3, 4, 5, 6, 7, 8], 3, load)) out.push(v);
    expect(out).toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
    expect(most).toBe(4);
  });

  it("a failed load rejects at its turn, and one ahead of a stop goes unreported", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const items = readAhead([1, 2, 3], 3, async (n) => {
        if (n > 1) throw new Error(`load ${n} failed`);
        return n;
      });
      expect((await items.next()).value).toBe(1);
      await expect(items.next()).rejects.toThrow("load 2 failed");
      // Item 3 also failed, ahead of a consumer that stopped at 2.
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
