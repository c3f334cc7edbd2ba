import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../../src/cli/command.js";
import { downloadUrlCommand } from "../../src/cli/download-url-command.js";
import { releaseCommand } from "../../src/cli/release-command.js";
import { rollbackCommand } from "../../src/cli/rollback-command.js";
import {
  versionsActivateCommand,
  versionsDeleteCommand,
  versionsListCommand,
  versionsPruneCommand,
  versionsResetLockCommand,
} from "../../src/cli/versions-commands.js";
import { isSitewrightError } from "../../src/errors.js";
import { verifyDownloadSignature } from "../../src/versions/signing.js";
import { rejection } from "../helpers/rejection.js";
import { runCommand } from "../helpers/run-command.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

let dir: string;
let store: string[];
const builds: string[] = [];

async function run(command: Command, argv: string[]) {
  return runCommand(command, argv);
}

async function failure(command: Command, argv: string[]): Promise<string> {
  try {
    await run(command, argv);
  } catch (err) {
    if (isSitewrightError(err)) return err.code;
    throw err;
  }
  return "no error";
}

beforeAll(async () => {
  dir = await tempDir();
  store = ["--store", join(dir, "store"), "--website", "site"];
  for (const seed of ["a", "b", "c"])
    builds.push(await makeBuild(join(dir, seed), syntheticFiles(5, seed)));
});
afterAll(() => cleanup(dir));

describe("version commands", () => {
  it("releases, lists, activates, rolls back, prunes and deletes", async () => {
    const first = await run(releaseCommand, [
      builds[0] as string,
      ...store,
      "--activate",
      "--json",
    ]);
    expect(first.code).toBe(0);
    const v1 = JSON.parse(first.stdout).version;
    expect(v1.version).toBe("1.0.0");
    const second = await run(releaseCommand, [
      builds[1] as string,
      ...store,
      "--bump",
      "minor",
      "--note",
      "hi",
    ]);
    expect(second.stdout).toMatch(/^Created 1\.1\.0 +\S+Z-[0-9a-f]{8} .* hi\n$/);
    await run(releaseCommand, [builds[2] as string, ...store, "--actor", "carol"]);

    const activated = await run(versionsActivateCommand, ["^1.1", ...store, "--actor", "dave"]);
    expect(activated.stdout).toContain("Live: 1.1.1");
    const table = (await run(versionsListCommand, store)).stdout;
    expect(table).toMatch(/^\* 1\.1\.1 .* carol\n {2}1\.1\.0 .* hi\n< 1\.0\.0 /);
    const listed = JSON.parse((await run(versionsListCommand, [...store, "--json"])).stdout);
    expect(listed.map((v: { live: boolean }) => v.live)).toEqual([true, false, false]);

    const back = JSON.parse((await run(rollbackCommand, [...store, "--json"])).stdout);
    expect(back).toMatchObject({ changed: true, to: { version: "1.0.0" } });
    expect((await run(rollbackCommand, [...store, "--to", "1.1.1"])).stdout).toContain("to 1.1.1");

    const dry = JSON.parse(
      (await run(versionsPruneCommand, [...store, "--keep", "1", "--dry-run", "--json"])).stdout,
    );
    expect(dry).toMatchObject({ dryRun: true, removed: [listed[1].id] });
    expect(await failure(versionsDeleteCommand, [listed[0].id, ...store])).toBe(
      "E_VERSION_PROTECTED",
    );
    expect((await run(versionsDeleteCommand, [listed[1].id, ...store])).stdout).toContain(
      "Deleted",
    );
    expect((await run(versionsResetLockCommand, store)).stdout).toBe("There was no lock.\n");
    expect(v1.id).toBe(listed[2].id);
  });

  it("prints a signed download URL using a secret from the environment", async () => {
    process.env.TEST_DL_SECRET = "cli-secret-0123456789abcdef-0123456789";
    const { stdout } = await run(downloadUrlCommand, [
      "--website",
      "site",
      "--version",
      "^1",
      "--store",
      join(dir, "store"),
      "--secret-env",
      "TEST_DL_SECRET",
      "--base-url",
      "https://dl.example/gen/",
      "--expires-in",
      "600",
    ]);
    const url = new URL(stdout.trim());
    expect(url.origin + url.pathname).toMatch(
      /^https:\/\/dl\.example\/gen\/download\/site\/\d{8}T\d{9}Z-[0-9a-f]{8}$/,
    );
    verifyDownloadSignature({
      method: "GET",
      path: url.pathname.replace("/gen", ""),
      signature: url.searchParams.get("signature"),
      expires: url.searchParams.get("expires"),
      secrets: ["cli-secret-0123456789abcdef-0123456789"],
    });
  });

  it("throws E_USAGE for bad usage and the store's codes for failures", async () => {
    expect(await failure(releaseCommand, [builds[0] as string, "--website", "site"])).toBe(
      "E_USAGE",
    );
    expect(await failure(releaseCommand, [builds[0] as string, ...store, "--bump", "huge"])).toBe(
      "E_USAGE",
    );
    expect(await failure(versionsListCommand, [...store, "--bogus"])).toBe("E_USAGE");
    expect(await failure(versionsPruneCommand, [...store, "--keep", "0"])).toBe("E_USAGE");
    expect(await failure(versionsActivateCommand, ["^9", ...store])).toBe("E_VERSION_NOT_FOUND");
    expect(await failure(versionsListCommand, ["--store", dir, "--website", "../x"])).toBe(
      "E_UNSAFE_PATH",
    );
    // Not a build directory, so it is taken as site data to build, which does not exist.
    expect(await failure(releaseCommand, [join(dir, "nope"), ...store])).toBe("E_SITE_NOT_FOUND");
    const dl = ["--website", "site", "--version", "1.0.0", "--base-url", "x", "--expires-in", "60"];
    expect(await failure(downloadUrlCommand, [...dl, "--secret-env", "NO_SUCH_VAR_X"])).toBe(
      "E_USAGE",
    );
    process.env.TEST_DL_SHORT = "only-31-bytes-0123456789abcdefg";
    const byId = [...dl, "--version", "20200101T000000000Z-00000000"];
    const short = await rejection(
      run(downloadUrlCommand, [...byId, "--secret-env", "TEST_DL_SHORT"]),
    );
    expect(short.code).toBe("E_USAGE");
    expect(short.message).toContain("TEST_DL_SHORT has 31 bytes");
  });
});
