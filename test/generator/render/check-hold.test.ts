/** Whether a render process holds the pages it checked, by the budget the build gives it. */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnIsolated } from "../../../src/generator/render/isolated-process.js";
import { holdBudget } from "../../../src/generator/render/render-pool.js";
import type { RenderReply } from "../../../src/generator/render/render-protocol.js";
import { renderWorkerEntry } from "../../../src/generator/render/worker-entry.js";
import { readSiteDirectoryWithSources } from "../../../src/site/load-directory.js";

const DEMO = resolve("fixtures/sites/demo");

/** Checks the demo's page files in a real render process; resolves with its last reply. */
async function check(keepBytes: number) {
  const { raw, pageFiles } = await readSiteDirectoryWithSources(DEMO, { streamPages: true });
  const { child } = spawnIsolated(renderWorkerEntry(), {
    heapMb: 128,
    readable: [resolve(DEMO, "pages")],
  });
  const files = (pageFiles ?? []).map((rel, i): [number, string] => [i, rel]);
  let checked = 0;
  const last = await new Promise<Extract<RenderReply, { type: "checked" }>>((done, fail) => {
    child.on("message", (reply: RenderReply) => {
      if (reply.type !== "checked") return fail(new Error(`unexpected reply ${reply.type}`));
      checked += reply.findings.length;
      if (reply.last) done(reply);
    });
    child.on("exit", (code) => fail(new Error(`the render process exited with ${code}`)));
    child.send({
      type: "check",
      frame: { ...raw, pages: undefined },
      siteDir: DEMO,
      files,
      keepBytes,
    });
  });
  child.disconnect();
  return { kept: last.kept, checked, files: files.length };
}

describe("holding checked pages", () => {
  it("a process holds its pages within its budget, and none past it or with none (-1)", async () => {
    const within = await check(2 ** 20);
    expect(within.files).toBeGreaterThan(10);
    expect(within).toMatchObject({ kept: true, checked: within.files });
    // Every page is checked either way; only what is held for rendering differs.
    expect(await check(2_000)).toMatchObject({ kept: false, checked: within.files });
    expect(await check(-1)).toMatchObject({ kept: false, checked: within.files });
  });

  it("the build gives no budget for a folder too large to hold, else a share of 64 MiB within an eighth of the heap", () => {
    const pool = { workers: 2, timeoutMs: 1_000, heapMb: 512 };
    expect(holdBudget(pool)).toBe(32 * 2 ** 20);
    expect(holdBudget({ ...pool, workers: 4 })).toBe(16 * 2 ** 20);
    expect(holdBudget({ ...pool, heapMb: 64 })).toBe(8 * 2 ** 20);
    expect(holdBudget({ ...pool, holdPages: true })).toBe(32 * 2 ** 20);
    expect(holdBudget({ ...pool, holdPages: false })).toBe(-1);
  });
});
