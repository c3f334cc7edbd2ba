/**
 * `sitewright serve --store` with Chromium running for the /_versions thumbnails: Ctrl-C and
 * SIGTERM still end in the command's own shutdown (server and browser closed, exit 0), not in
 * a library's exit. The command runs from src in a child process (tsx), as `sitewright serve`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createVersionStore } from "../../src/versions/store.js";
import { chromiumPath } from "../helpers/chromium.js";
import { cleanup, makeBuild, tempDir } from "../versions/helpers.js";

let dir: string;
let storeDir: string;
let versionId: string;

beforeAll(async () => {
  dir = await tempDir("sw-cli-serve-");
  const build = await makeBuild(join(dir, "build"), {
    "index.html": '<!DOCTYPE html><body style="background:#06c"><h1>home</h1></body>',
  });
  storeDir = join(dir, "store");
  const store = createVersionStore({ root: storeDir, fsync: false });
  versionId = (await store.create("site", build)).id;
  await store.activate("site", versionId);
});

afterAll(async () => {
  await cleanup(dir);
});

/** Runs `serve` from src in a child process; resolves its URL once it listens. */
function serveProcess(argv: string[]) {
  const module = pathToFileURL(resolve("src/cli/serve-command.ts")).href;
  const script = `import { serveCommand } from ${JSON.stringify(module)};
const io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), isTTY: false };
process.exitCode = await serveCommand.run(process.argv.slice(1), io);`;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "-e", script, "--", ...argv],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
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
  const exit = new Promise<number | null>((resolveExit) =>
    child.on("exit", (code) => resolveExit(code)),
  );
  return { child, url, exit, out: () => out };
}

/** Pids of the Chromium main processes `parent` started. */
function browsersOf(parent: ChildProcess): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (ppid === parent.pid && args.some((a) => a.includes("sitewright-chromium-")))
        pids.push(Number(name));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
}

describe("sitewright serve --store with Chromium running", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "%s closes the server and the browser, then exits 0",
    async (signal) => {
      // A thumbnail kept from the case before would be served without starting Chromium.
      await rm(join(storeDir, "site", "thumbnails"), { recursive: true, force: true });
      const run = serveProcess([
        "--store",
        storeDir,
        "--website",
        "site",
        "--chromium",
        chromiumPath(),
      ]);
      const url = await run.url;
      const thumb = await fetch(`${url}/_versions/thumb/${versionId}.webp`);
      expect(thumb.status).toBe(200);
      const { width } = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
      expect(width).toBe(400);
      const browsers = browsersOf(run.child);
      expect(browsers.length).toBe(1);
      run.child.kill(signal);
      expect(await run.exit).toBe(0);
      expect(run.out()).toMatch(new RegExp(`Stopped \\(${signal}\\)\\.\\n$`));
      // Closed and reaped by the command before it said "Stopped", not left to die later.
      for (const pid of browsers) expect(existsSync(`/proc/${pid}`), `chromium ${pid}`).toBe(false);
    },
  );
});
