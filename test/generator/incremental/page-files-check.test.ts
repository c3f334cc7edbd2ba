/** The page-file check keeps its findings for the record only up to a number of files (memory). */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createPageFilesCheck,
  RECORD_FINDINGS_UP_TO,
} from "../../../src/generator/incremental/page-files-check.js";
import { createRenderPool } from "../../../src/generator/render/render-pool.js";
import { writeSiteDir } from "./helpers.js";
import { smallSite } from "./small-site.js";

const dir = mkdtempSync(join(tmpdir(), "sw-page-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("createPageFilesCheck", () => {
  it("records the findings of up to recordUpTo files, none past it (the check itself is the same)", async () => {
    const model = smallSite();
    writeSiteDir(dir, model);
    const { pages: _, ...frame } = model;
    const files = readdirSync(join(dir, "pages"))
      .sort()
      .map((f) => `pages/${f}`);
    expect(files.length).toBeGreaterThan(1);
    expect(RECORD_FINDINGS_UP_TO).toBeGreaterThanOrEqual(10_000);
    const pool = createRenderPool({
      workers: 1,
      timeoutMs: 10_000,
      heapMb: 128,
      readable: [join(dir, "pages")],
    });
    try {
      const found = [];
      for (const upTo of [files.length, files.length - 1]) {
        const check = createPageFilesCheck(dir, pool, null, () => {}, upTo);
        const findings = await check.check(frame, files);
        found.push(findings.map((f) => f.digest));
        const recorded = check.recorded();
        if (upTo === files.length) expect(recorded?.files.map((f) => f.rel)).toEqual(files);
        else expect(recorded).toBeNull();
      }
      expect(found[1]).toEqual(found[0]);
    } finally {
      await pool.close();
    }
  });
});
