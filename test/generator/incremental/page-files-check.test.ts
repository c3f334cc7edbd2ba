/** The page-file check: what it keeps for the record, and the stamps the next build compares. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPageFilesCheck,
  RECORD_FINDINGS_UP_TO,
} from "../../../src/generator/incremental/page-files-check.js";
import { createRenderPool, type RenderPool } from "../../../src/generator/render/render-pool.js";
import { writeSiteDir } from "./helpers.js";
import { smallSite } from "./small-site.js";

const dir = mkdtempSync(join(tmpdir(), "sw-page-files-"));
let pool: RenderPool;
let frame: Record<string, unknown>;
let files: string[];

beforeAll(() => {
  const model = smallSite();
  writeSiteDir(dir, model);
  const { pages: _, ...rest } = model;
  frame = rest;
  files = readdirSync(join(dir, "pages"))
    .sort()
    .map((f) => `pages/${f}`);
  pool = createRenderPool({
    workers: 1,
    timeoutMs: 10_000,
    heapMb: 128,
    readable: [join(dir, "pages")],
  });
});
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("createPageFilesCheck", () => {
  it("records the findings of up to recordUpTo files, none past it (the check itself is the same)", async () => {
    expect(files.length).toBeGreaterThan(1);
    expect(RECORD_FINDINGS_UP_TO).toBeGreaterThanOrEqual(10_000);
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
  });

  it("records each file's stamp as the render process read it, so the next check reuses every finding and checks again only a file written since", async () => {
    const first = createPageFilesCheck(dir, pool, null, () => {});
    await first.check(frame, files);
    const recorded = first.recorded();
    expect(recorded).not.toBeNull();
    for (const entry of recorded?.files ?? []) {
      const s = statSync(join(dir, entry.rel));
      expect(entry.stamp).toEqual({
        size: s.size,
        mtimeMs: s.mtimeMs,
        ctimeMs: s.ctimeMs,
        ino: s.ino,
      });
    }

    let changed = 0;
    const second = createPageFilesCheck(dir, pool, recorded, () => changed++);
    const again = await second.check(frame, files);
    expect(second.reused()).toBe(files.length);
    expect(changed).toBe(0);
    expect(again.map((f) => f.digest)).toEqual(recorded?.files.map((f) => f.finding.digest));

    const edited = files[1] as string;
    const path = join(dir, edited);
    writeFileSync(path, `${readFileSync(path, "utf8")}\n`);
    const third = createPageFilesCheck(dir, pool, recorded, () => changed++);
    const after = await third.check(frame, files);
    expect(third.reused()).toBe(files.length - 1);
    expect(changed).toBeGreaterThan(0);
    expect(after[1]?.digest).not.toBe(again[1]?.digest);
    expect(third.recorded()?.files[1]?.stamp.size).toBe(statSync(path).size);
  });
});
