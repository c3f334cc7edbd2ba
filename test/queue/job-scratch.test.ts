import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jobScratchPrefix, openJobScratch } from "../../src/queue/job-scratch.js";
import { tempDir } from "../generator/helpers.js";

describe("openJobScratch", () => {
  it("removes what an earlier run of the same job left, and nothing of other jobs", async () => {
    const root = tempDir("sw-job-scratch-");
    // A dead run's partial build, another job's live folder, and a folder that is not a job's.
    const dead = mkdtempSync(join(root, jobScratchPrefix("42")));
    mkdirSync(join(dead, ".site.tmp-1", "about"), { recursive: true });
    writeFileSync(join(dead, ".site.tmp-1", "about", "index.html"), "partial");
    const other = mkdtempSync(join(root, jobScratchPrefix("43")));
    mkdirSync(join(root, "sitewright-job-unrelated"));

    const fresh = await openJobScratch("42", root);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(readdirSync(fresh)).toEqual([]);
    expect(existsSync(other)).toBe(true);
    expect(existsSync(join(root, "sitewright-job-unrelated"))).toBe(true);
  });

  it("names a job's folders by a hash of its id, so no id reaches a path", () => {
    const prefix = jobScratchPrefix("../../etc/passwd");
    expect(prefix).toMatch(/^sitewright-job-[0-9a-f]{16}-$/);
    expect(jobScratchPrefix("a/b")).not.toBe(jobScratchPrefix("a_b"));
    expect(jobScratchPrefix("7")).toBe(jobScratchPrefix("7"));
  });
});
