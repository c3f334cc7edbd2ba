import { readFileSync } from "node:fs";
import { join } from "node:path";
import fg from "fast-glob";
import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { miniSite, tempDir } from "./helpers.js";

const root = tempDir();
const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

/** Every html-validate message of every page under `dir`, as `file:line:col rule message`. */
async function problems(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await fg("**/*.html", { cwd: dir })) {
    const report = await validator.validateString(readFileSync(join(dir, file), "utf8"), file);
    for (const result of report.results) {
      for (const m of result.messages)
        found.push(`${file}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
    }
  }
  return found;
}

describe("generated HTML is valid (html-validate, recommended preset)", () => {
  it("for the small test site", async () => {
    const out = join(root, "mini");
    await buildSite(miniSite(), { outDir: out, baseUrl: "https://mini.example/" });
    expect(await problems(out)).toEqual([]);
  });

  it("for the demo site", async () => {
    const out = join(root, "demo");
    const result = await buildSite("fixtures/sites/demo", { outDir: out });
    expect(result.pages).toBeGreaterThanOrEqual(10);
    expect(await problems(out)).toEqual([]);
  });
});
