import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hostileCorpus } from "./hostile-corpus.js";

// Layer 1 must hold on its own: these runs happen in a child process whose nunjucks runtime is
// not hardened, so only the allow-list (or only the quoting compiler) stands in the way.
const dir = mkdtempSync(join(tmpdir(), "sw-layer1-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const paste = hostileCorpus(dir).filter((e) => e.kind === "paste");

function runChild(mode: "checker" | "quoting"): Map<string, string> {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "corpus-child.ts"), mode, dir, "paste"],
    { encoding: "utf8" },
  );
  const results = JSON.parse(out.trim().split("\n").pop() ?? "[]") as {
    id: string;
    outcome: string;
  }[];
  return new Map(results.map((r) => [r.id, r.outcome]));
}

describe("layer 1 alone (runtime hardening off)", () => {
  it("the allow-list in front of stock nunjucks stops every paste payload", () => {
    const outcomes = runChild("checker");
    expect(outcomes.size).toBe(paste.length);
    for (const entry of paste) {
      expect(existsSync(entry.marker), entry.id).toBe(false);
      expect(outcomes.get(entry.id), entry.id).toBe(entry.allowed ? "rendered" : "rejected");
    }
  });

  it("the quoting compiler alone (no allow-list) stops every paste payload", () => {
    const outcomes = runChild("quoting");
    expect(outcomes.size).toBe(paste.length);
    for (const entry of paste) {
      expect(existsSync(entry.marker), entry.id).toBe(false);
      // Refused names fail the compile; names it may quote render as inert text.
      expect(["error", "rendered"]).toContain(outcomes.get(entry.id));
    }
    expect(paste.filter((e) => e.live).every((e) => outcomes.get(e.id) === "error")).toBe(true);
  });
});
