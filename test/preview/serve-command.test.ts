/**
 * `sitewright serve`: wrong usage is E_USAGE before anything listens; a real run (a child
 * process of the compiled CLI command) prints the URL, serves until SIGINT/SIGTERM, then closes
 * and exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveCommand } from "../../src/cli/serve-command.js";
import { createVersionStore } from "../../src/versions/store.js";
import { rejection } from "../helpers/rejection.js";
import { runCommand } from "../helpers/run-command.js";
import { cleanup, makeBuild, tempDir } from "../versions/helpers.js";
import { get } from "./helpers.js";

let dir: string;
let build: string;
let storeDir: string;
let versionId: string;

beforeAll(async () => {
  dir = await tempDir("sw-preview-cli-");
  build = await makeBuild(join(dir, "build"), { "index.html": "<p>home" });
  storeDir = join(dir, "store");
  const store = createVersionStore({ root: storeDir, fsync: false });
  versionId = (await store.create("site", build)).id;
  await store.activate("site", versionId);
});

afterAll(async () => {
  await cleanup(dir);
});

describe("usage", () => {
  it.each([
    [[], "Give either one <buildDir> or --store and --website."],
    [["a", "b"], "Give either one <buildDir> or --store and --website."],
    [
      ["BUILD", "--store", "s", "--website", "w"],
      "Give either one <buildDir> or --store and --website.",
    ],
    [["--store", "s"], "Missing required option --website."],
    [["--website", "w"], "Missing required option --store."],
    [["BUILD", "--port", "http"], "--port must be a number from 0 to 65535, not http."],
    [["BUILD", "--port", "65536"], "--port must be a number from 0 to 65535, not 65536."],
    [["BUILD", "--port=-1"], "--port must be a number from 0 to 65535, not -1."],
  ])("%j is E_USAGE", async (argv, message) => {
    const args = argv.map((a) => (a === "BUILD" ? build : a));
    const err = await rejection(runCommand(serveCommand, args));
    expect([err.code, err.message]).toEqual(["E_USAGE", message]);
  });

  it("an unknown option is E_USAGE", async () => {
    const err = await rejection(runCommand(serveCommand, [build, "--host", "0.0.0.0"]));
    expect(err.code).toBe("E_USAGE");
    expect(err.message).toContain("--host");
  });

  it("a directory that is not a build is E_USAGE from the server", async () => {
    const err = await rejection(runCommand(serveCommand, [dir]));
    expect([err.code, err.message]).toEqual([
      "E_USAGE",
      `${dir} is not a build: it has no manifest.json.`,
    ]);
  });
});

/** Runs the compiled command in a child process, as `sitewright serve` would. */
function serveProcess(argv: string[]): {
  child: ChildProcess;
  url: Promise<string>;
  out: () => string;
} {
  const module = pathToFileURL(resolve("dist/cli/serve-command.js")).href;
  const script = `import { serveCommand } from ${JSON.stringify(module)};
const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), isTTY: false };
process.exitCode = await serveCommand.run(process.argv.slice(1), io);`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script, "--", ...argv], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const found = /Serving at (http:\/\/127\.0\.0\.1:\d+)\/\n/.exec(out)?.[1];
      if (found) resolveUrl(found);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", () => reject(new Error(`serve exited early:\n${out}`)));
  });
  return { child, url, out: () => out };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolveExit) => child.on("exit", (code) => resolveExit(code)));
}

describe("a real run", () => {
  it("serves a build until SIGINT, then exits 0", async () => {
    const run = serveProcess([build]);
    const url = await run.url;
    expect((await get(url, "/")).body).toBe("<p>home");
    const exit = exited(run.child);
    run.child.kill("SIGINT");
    expect(await exit).toBe(0);
    expect(run.out()).toBe(`Serving at ${url}/\nPress Ctrl-C to stop.\nStopped (SIGINT).\n`);
  });

  it("serves a store's live version and /_versions until SIGTERM, then exits 0", async () => {
    const run = serveProcess(["--store", storeDir, "--website", "site", "--port", "0"]);
    const url = await run.url;
    expect((await get(url, "/")).body).toBe("<p>home");
    expect((await get(url, `/v/${versionId}/`)).body).toBe("<p>home");
    expect((await get(url, "/_versions")).body).toContain(`href="/v/${versionId}/"`);
    const exit = exited(run.child);
    run.child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(run.out()).toBe(
      `Serving at ${url}/\nVersions: ${url}/_versions\nPress Ctrl-C to stop.\nStopped (SIGTERM).\n`,
    );
  });
});
