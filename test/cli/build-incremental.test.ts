/** `sitewright build` with --incremental, --no-incremental and --explain on a copy of the demo. */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../generator/helpers.js";
import { runCli } from "../helpers/run-command.js";

const root = tempDir("sw-cli-inc-");
const site = join(root, "demo");
cpSync("fixtures/sites/demo", site, { recursive: true });
const out = join(root, "out");
const common = ["--out", out, "--now", "2025-01-01T00:00:00Z", "--workers", "1"];

describe("sitewright build, incremental", () => {
  it("explains a clean build, then carries everything, then names the page that changed", async () => {
    const first = await runCli("build", site, ...common, "--explain");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^Clean build \(no build record beside the output\): \d+ pages rendered\.$/m,
    );

    const second = await runCli("build", site, ...common, "--incremental", "--explain");
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^Incremental build: 0 pages rendered, \d+ carried/m);

    const file = join(site, "pages", "020-over-ons.json");
    writeFileSync(file, readFileSync(file, "utf8").replace("Drie generaties", "Vier generaties"));
    const third = await runCli("build", site, ...common, "--explain");
    expect(third.stdout).toMatch(/^Incremental build: 1 pages rendered, \d+ carried/m);
    expect(third.stdout).toContain("  over-ons/index.html: page changed\n");
    expect(readFileSync(join(out, "over-ons", "index.html"), "utf8")).toContain("Vier generaties");
  });

  it("--no-incremental renders everything; --json lists routes only with --explain", async () => {
    const clean = await runCli("build", site, ...common, "--no-incremental", "--explain");
    expect(clean.stdout).toMatch(/^Clean build \(--no-incremental\): \d+ pages rendered\.$/m);

    const plain = JSON.parse((await runCli("build", site, ...common, "--json")).stdout);
    expect(plain.incremental).toMatchObject({ clean: null, carried: plain.pages + 1 });
    expect(plain.incremental.rebuilt).toBeUndefined();

    const file = join(site, "templates", "030-hero.njk");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n<!-- edited -->`);
    const explained = JSON.parse(
      (await runCli("build", site, ...common, "--json", "--explain")).stdout,
    );
    expect(explained.incremental.rebuilt.length).toBeGreaterThan(0);
    expect(explained.incremental.rebuilt[0].reasons).toContainEqual({
      kind: "template-changed",
      template: "Hero",
      id: "3",
    });
  });

  it("--incremental with --no-incremental is wrong usage (exit 2)", async () => {
    const r = await runCli("build", site, ...common, "--incremental", "--no-incremental");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("contradict");
  });
});
