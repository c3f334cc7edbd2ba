/**
 * capHeapGrowth keeps a churning heap near its live size, sets V8's flag once for overlapping
 * builds and back after the last, and leaves a process's own setting alone.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { afterEach, describe, expect, it, vi } from "vitest";
import { capHeapGrowth } from "../../src/generator/heap-growth.js";

// The flag is only watched here; the child processes below run the real thing.
vi.mock("node:v8", async (importOriginal) => ({
  ...(await importOriginal<typeof import("node:v8")>()),
  setFlagsFromString: vi.fn(),
}));

afterEach(() => {
  vi.mocked(setFlagsFromString).mockClear();
  vi.restoreAllMocks();
});

const churn = fileURLToPath(new URL("./fixtures/heap-churn.ts", import.meta.url));

async function peakMb(mode: "cap" | "none", nodeFlags: string[] = []): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, [
    ...nodeFlags,
    "--import",
    "tsx",
    churn,
    mode,
  ]);
  return (JSON.parse(stdout) as { peakMb: number }).peakMb;
}

describe("capHeapGrowth", () => {
  it("keeps the heap well under what V8 lets it grow to, and yields to a process's own flag", async () => {
    const [capped, free, own] = await Promise.all([
      peakMb("cap"),
      peakMb("none"),
      peakMb("cap", ["--heap-growing-percent=300"]),
    ]);
    // About 180 MB against 390 MB here, for 60 MB held.
    expect(capped).toBeLessThan(free * 0.7);
    expect(own).toBeGreaterThan(capped * 1.4);
  }, 60_000);

  it("caps once for overlapping builds and lifts the cap when the last one releases it", () => {
    const first = capHeapGrowth();
    const second = capHeapGrowth();
    first();
    first();
    expect(vi.mocked(setFlagsFromString).mock.calls).toEqual([["--heap-growing-percent=50"]]);
    second();
    expect(vi.mocked(setFlagsFromString).mock.calls).toEqual([
      ["--heap-growing-percent=50"],
      ["--heap-growing-percent=0"],
    ]);
  });

  it("leaves a process started with its own setting alone, in either spelling", () => {
    for (const arg of ["--heap-growing-percent=300", "--heap_growing_percent=300"]) {
      vi.spyOn(process, "execArgv", "get").mockReturnValue([arg]);
      capHeapGrowth()();
      vi.restoreAllMocks();
    }
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
