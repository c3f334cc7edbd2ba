import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { thumbnailsCommand } from "../../src/cli/thumbnail-command.js";
import { loadSite } from "../../src/site/load.js";
import { tempDir } from "../generator/helpers.js";
import { chromiumPath } from "../helpers/chromium.js";
import { runCli } from "../helpers/run-command.js";

const DEMO = "fixtures/sites/demo";
const root = tempDir("sw-cli-thumbs-");

const run = runCli;

describe("sitewright thumbnail / thumbnails (real Chromium)", () => {
  const chromium = ["--chromium", chromiumPath()];

  it("thumbnail writes FILE.webp and FILE@2x.webp of one template", async () => {
    const out = join(root, "hero.webp");
    const r = await run(
      "thumbnail",
      DEMO,
      "--type",
      "template",
      "--id",
      "3",
      "--out",
      out,
      "--width",
      "300",
      ...chromium,
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("hero.webp (300×188");
    expect((await sharp(out).metadata()).width).toBe(300);
    expect((await sharp(join(root, "hero@2x.webp")).metadata()).width).toBe(600);
  });

  it("thumbnail --json into a folder that does not exist yet", async () => {
    const out = join(root, "new", "deeper", "layout.webp");
    const r = await run(
      "thumbnail",
      DEMO,
      "--type",
      "layout",
      "--id",
      "1",
      "--out",
      out,
      "--json",
      ...chromium,
    );
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const printed = JSON.parse(r.stdout);
    expect(printed).toMatchObject({
      type: "layout",
      id: "1",
      webp: out,
      webp2x: join(root, "new", "deeper", "layout@2x.webp"),
      width: 400,
      height: 250,
    });
    expect(printed.bytes).toBe((await readFile(out)).length);
    expect(printed.bytes2x).toBe((await readFile(printed.webp2x)).length);
    expect((await readdir(join(root, "new", "deeper"))).sort()).toEqual([
      "layout.webp",
      "layout@2x.webp",
    ]);
  });

  it("thumbnails writes every page, template and layout, with a progress bar on a terminal", async () => {
    const out = join(root, "all");
    let stdout = "";
    let stderr = "";
    const io = {
      stdout: (t: string) => {
        stdout += t;
      },
      stderr: (t: string) => {
        stderr += t;
      },
      isTTY: true,
    };
    const code = await thumbnailsCommand.run([DEMO, "--out", out, ...chromium], io);
    expect(code).toBe(0);
    const site = await loadSite(DEMO);
    const count = site.pages.length + site.templates.length + site.layouts.length;
    expect(stdout).toContain(`Wrote ${count} thumbnails`);
    // One redraw per thumbnail, the last one full and ending the line.
    const bars = stderr.split("\r").filter(Boolean);
    expect(bars).toHaveLength(count);
    expect(bars[0]).toMatch(new RegExp(`^Thumbnails \\[#*-+\\] 1/${count}$`));
    expect(bars.at(-1)).toBe(`Thumbnails [${"#".repeat(30)}] ${count}/${count}\n`);
    const files = await readdir(out);
    expect(files).toHaveLength(count * 2);
    expect(files).toContain(`page-${site.pages[0]?.id}.webp`);
    expect(files).toContain(`layout-${site.layouts[0]?.id}@2x.webp`);
    // Every page, template and layout: the right size, and not blank (a blank shot of the
    // page's cream has a deviation near 0; the header template alone, the plainest, ~8).
    const flat: string[] = [];
    for (const file of files) {
      const { width, height } = await sharp(join(out, file)).metadata();
      expect([file, width, height]).toEqual(
        file.endsWith("@2x.webp") ? [file, 800, 500] : [file, 400, 250],
      );
      const { channels } = await sharp(join(out, file)).stats();
      if (Math.max(...channels.map((c) => c.stdev)) < 4) flat.push(file);
    }
    expect(flat).toEqual([]);
  });

  it("wrong usage exits 2 with the command's help; an unknown id exits 1 with its code", async () => {
    const bad = await run(
      "thumbnail",
      DEMO,
      "--type",
      "widget",
      "--id",
      "1",
      "--out",
      join(root, "x.webp"),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--type must be one of page, template, layout");
    const none = await run("thumbnails", DEMO, "--out", join(root, "z"), "--concurrency", "0");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--concurrency must be a whole number ≥ 1, not "0"');
    const missing = await run(
      "thumbnail",
      DEMO,
      "--type",
      "page",
      "--id",
      "9999",
      "--out",
      join(root, "y.webp"),
      ...chromium,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("E_ENTITY_NOT_FOUND");
    expect(await readdir(root)).not.toContain("y.webp");
  });
});
