/** capHeapGrowth keeps a churning heap near its live size, and leaves a process's own setting alone. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

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
});
