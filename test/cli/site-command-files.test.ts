import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commitFiles } from "../../src/site/commit-files.js";
import { fileNameBetween } from "../../src/site/entry-file-name.js";
import { tempDir } from "../generator/helpers.js";

const root = tempDir("sw-site-files-");

describe("commitFiles", () => {
  it("undoes every step when one rename fails", async () => {
    const dir = mkdtempSync(join(root, "site-"));
    writeFileSync(join(dir, "a.json"), "old");
    writeFileSync(join(dir, "gone.json"), "keep me");
    const stage = mkdtempSync(join(root, "stage-"));
    await expect(
      commitFiles(dir, stage, [
        { rel: "a.json", content: "new" },
        { rel: "gone.json", remove: true },
        { rel: "new/deep/b.json", content: "b" },
        // Below a file: the last rename fails.
        { rel: "a.json/c.json", content: "c" },
      ]),
    ).rejects.toMatchObject({ code: "E_OUTPUT" });
    expect(readFileSync(join(dir, "a.json"), "utf8")).toBe("old");
    expect(readFileSync(join(dir, "gone.json"), "utf8")).toBe("keep me");
    expect(readdirSync(dir).sort()).toEqual(["a.json", "gone.json"]);
  });
});

describe("fileNameBetween", () => {
  const none = new Set<string>();
  it("numbers between the neighbours, after the last, or falls back to names that sort right", () => {
    expect(fileNameBetween("040-brood.json", "050-diensten.json", "brood-copy", none)).toBe(
      "045-brood-copy.json",
    );
    expect(fileNameBetween("130-kerst.json", null, "nieuw", none)).toBe("140-nieuw.json");
    expect(fileNameBetween(null, "010-home.json", "start", none)).toBe("005-start.json");
    expect(fileNameBetween("040-a.json", "041-b.json", "c", none)).toBe("040-a_c.json");
    expect(fileNameBetween("about.json", null, "zoo", none)).toBe("zoo.json");
    expect(fileNameBetween("040-a.json", "040-a_c.json", "c", none)).toBeNull();
  });
});
