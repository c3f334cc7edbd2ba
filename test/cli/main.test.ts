/**
 * The dispatcher: commands load with their first word only, so `sitewright build` does not pay
 * for BullMQ, puppeteer-core and node-ssh; the help listing still names every command.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allCommands } from "../../src/cli/main.js";
import { runCli } from "../helpers/run-command.js";

const mainJs = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

/** Packages (CommonJS, so they land in require's cache) a CLI run in a fresh process loaded. */
function packagesLoadedBy(argv: string[]): string[] {
  const script = `
    import { createRequire } from "node:module";
    const { main } = await import(${JSON.stringify(mainJs)});
    const quiet = { stdout: () => {}, stderr: () => {}, isTTY: false };
    await main(${JSON.stringify(argv)}, quiet);
    const names = Object.keys(createRequire(import.meta.url).cache)
      .map((k) => k.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)?.[1])
      .filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(names)]));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  return JSON.parse(out) as string[];
}

describe("sitewright (the dispatcher)", () => {
  it("--help lists every command once, in order, with its summary", async () => {
    const { code, stdout } = await runCli("--help");
    expect(code).toBe(0);
    const commands = await allCommands();
    const names = commands.map((c) => c.name.join(" "));
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 3)).toEqual(["build", "site", "release"]);
    expect(names).toEqual(
      expect.arrayContaining(["deployments list", "remote reset", "jobs show"]),
    );
    const listed = stdout
      .split("\n")
      .filter((line) => line.startsWith("  "))
      .map((line) => line.trim());
    expect(listed).toHaveLength(commands.length);
    commands.forEach((c, i) => {
      expect(listed[i]).toMatch(new RegExp(`^${c.name.join(" ")}\\s+${escapeRegExp(c.summary)}$`));
    });
  });

  it("an unknown command, or a known first word with an unknown second, exits 2 with the list", async () => {
    for (const argv of [["nope"], ["versions", "nope"], ["constructor"]]) {
      const { code, stderr } = await runCli(...argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr).toContain(`Unknown command: ${argv.join(" ")}`);
      expect(stderr).toContain("  build ");
    }
  });

  it("a command runs from its first words, the longest match winning", async () => {
    const run = await runCli("deployments", "list", "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: sitewright deployments list /);
  });

  it("`build` loads none of the queue's, the browser's or SSH's libraries", () => {
    const build = packagesLoadedBy(["build", "--help"]);
    expect(build).toContain("nunjucks");
    for (const heavy of ["ioredis", "bullmq", "ws", "ssh2"]) expect(build).not.toContain(heavy);
    // The same probe sees them when their command loads: the test can fail.
    expect(packagesLoadedBy(["worker", "--help"])).toContain("ioredis");
    expect(packagesLoadedBy(["deploy", "--help"])).toContain("ssh2");
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
