/**
 * Resetting a lock says what was there: a readable owner, an unreadable or corrupt lock (which
 * still blocked every writer, so it is removed and reported), or nothing; a lock that cannot
 * be removed is E_STORE, never "There was no lock." Library and CLI.
 */

import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { versionsResetLockCommand } from "../../src/cli/versions-commands.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { rejection } from "../helpers/rejection.js";
import { runCommand } from "../helpers/run-command.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

let dir: string;
let lock: string;
let store: VersionStore;
let args: string[];

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  const { code, stdout } = await runCommand(versionsResetLockCommand, argv);
  return { code, stdout };
}

beforeEach(async () => {
  dir = await tempDir();
  lock = join(dir, "store/site/.lock");
  // waitMs 0: a lock left in place would show as E_LOCKED at once.
  store = createVersionStore({ root: join(dir, "store"), fsync: false, lock: { waitMs: 0 } });
  await store.create("site", await makeBuild(join(dir, "b"), syntheticFiles(3)));
  args = ["--store", join(dir, "store"), "--website", "site"];
});
afterEach(() => cleanup(dir));

describe("reset-lock", () => {
  it.each([
    ["garbage", "\u0000\u00ff not json", "is not a lock record (corrupt)"],
    ["JSON without a pid", '{"actor":"x"}', "is not a lock record (corrupt)"],
    ["an empty file", "", "is empty"],
  ])("removes and reports an unreadable lock (%s)", async (_name, content, problem) => {
    await writeFile(lock, content);
    expect(await store.resetLock("site")).toEqual({ found: "unreadable", owner: null, problem });
    expect(await readdir(join(dir, "store/site"))).not.toContain(".lock");
    // Writers work again and nothing was lost.
    expect((await store.list("site")).map((v) => v.version)).toEqual(["1.0.0"]);

    await writeFile(lock, content);
    const out = await cli(args);
    expect(out).toEqual({ code: 0, stdout: `Removed an unreadable lock: it ${problem}.\n` });
    await writeFile(lock, content);
    const json = JSON.parse((await cli([...args, "--json"])).stdout);
    expect(json).toEqual({ previous: null, found: "unreadable", owner: null, problem });
    expect((await cli(args)).stdout).toBe("There was no lock.\n");
  });

  it("reports the owner of a readable lock", async () => {
    const owner = { pid: 1, host: hostname(), actor: "ann", since: "x", operation: "create" };
    await writeFile(lock, JSON.stringify(owner));
    expect(await store.resetLock("site")).toEqual({ found: "owner", owner });
    await writeFile(lock, JSON.stringify(owner));
    expect((await cli(args)).stdout).toMatch(/^Removed the lock of ann \(pid 1 /);
  });

  it("throws E_STORE, keeping everything, when the lock cannot be removed", async () => {
    // A directory cannot be read as a lock nor unlinked (even by root, unlike a chmod).
    await mkdir(lock);
    await writeFile(join(lock, "keep"), "x");
    const err = await rejection(store.resetLock("site"));
    expect(err.code).toBe("E_STORE");
    expect(err.message).toContain("cannot be read (EISDIR)");
    expect(err.hint).toContain("by hand");
    expect((await stat(join(lock, "keep"))).isFile()).toBe(true);
    expect((await rejection(cli(args))).code).toBe("E_STORE");
    expect((await store.list("site")).map((v) => v.version)).toEqual(["1.0.0"]);
  });
});
