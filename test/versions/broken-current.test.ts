/**
 * A `current` that cannot be trusted (pointing outside the store, dangling, or not a symlink)
 * is never taken as live: reads and plain rollbacks refuse with E_STORE, retention refuses to
 * guess what to protect, and activate or `rollback --to` replace it atomically, recording it.
 */

import {
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { versionsListCommand } from "../../src/cli/versions-commands.js";
import { getPublishData } from "../../src/deploy/publish-data.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import type { VersionMeta } from "../../src/versions/version-meta.js";
import { rejection } from "../helpers/rejection.js";
import { runCommand } from "../helpers/run-command.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

let dir: string;
let site: string;
let store: VersionStore;
let a: VersionMeta;
let b: VersionMeta;

beforeEach(async () => {
  dir = await tempDir();
  site = join(dir, "store/site");
  store = createVersionStore({ root: join(dir, "store"), actor: "tester", fsync: false });
  a = await store.create("site", await makeBuild(join(dir, "a"), syntheticFiles(5, "a")));
  b = await store.create("site", await makeBuild(join(dir, "b"), syntheticFiles(5, "b")));
  await store.activate("site", a.id);
  await store.activate("site", b.id);
});
afterEach(() => cleanup(dir));

/** Replaces `current` with something broken, as a hand edit or another tool might. */
const breakers: Record<string, () => Promise<string | null>> = {
  async "a link to /etc"() {
    return relink("/etc");
  },
  async "a link to the same version id in another site"() {
    // Looks like a version by name, so only resolving the path tells it is not ours.
    const other = join(dir, "store/other/versions");
    await mkdir(other, { recursive: true });
    await cp(join(site, "versions", b.id), join(other, b.id), { recursive: true });
    await writeFile(join(other, b.id, "section-0/page-0/index.html"), "defaced");
    return relink(`../other/versions/${b.id}`);
  },
  async "an absolute link into another directory"() {
    await cp(join(site, "versions", b.id), join(dir, "elsewhere/versions", b.id), {
      recursive: true,
    });
    return relink(join(dir, "elsewhere/versions", b.id));
  },
  async "a dangling link"() {
    return relink("versions/20200101T000000000Z-00000000");
  },
  async "a regular file"() {
    await removeCurrent();
    await writeFile(join(site, "current"), "hand-made");
    return null;
  },
  async "a directory"() {
    await removeCurrent();
    await mkdir(join(site, "current"));
    await writeFile(join(site, "current/index.html"), "hand-made");
    return null;
  },
};

async function removeCurrent(): Promise<void> {
  await rm(join(site, "current"), { recursive: true });
}

async function relink(target: string): Promise<string> {
  await removeCurrent();
  await symlink(target, join(site, "current"));
  return target;
}

/** Every version directory and zip with its size: nothing may be lost or added. */
async function snapshot(): Promise<string[]> {
  const names = await readdir(join(site, "versions"));
  return Promise.all(
    names.sort().map(async (n) => `${n}:${(await lstat(join(site, "versions", n))).size}`),
  );
}

describe.each(Object.keys(breakers))("current as %s", (kind) => {
  it("is not live: reads, plain rollback and retention refuse with E_STORE", async () => {
    const target = await (breakers[kind] as () => Promise<string | null>)();
    const before = await snapshot();
    const historyBefore = await readFile(join(site, "history.jsonl"), "utf8");

    const state = await store.currentState("site");
    expect(state).toMatchObject({ kind: "broken", target });
    for (const op of [
      () => store.current("site"),
      () => store.resolve("site", "current"),
      () => store.rollback("site"),
      () => store.prune("site", { keep: 1 }),
      () => store.delete("site", a.id),
    ]) {
      const err = await rejection(op());
      expect(err.code).toBe("E_STORE");
      expect(err.hint).toContain("versions activate");
    }
    const list = await store.list("site");
    expect(list.map((v) => [v.live, v.rollbackTarget])).toEqual([
      [false, false],
      [false, false],
    ]);
    const publish = await getPublishData(store, "site");
    expect(publish.current).toBeNull();
    expect(publish.brokenCurrent).toMatchObject({ kind: "broken", target });

    // The CLI still lists, and warns.
    const storeArgs = ["--store", join(dir, "store"), "--website", "site"];
    const { code, stdout, stderr } = await runCommand(versionsListCommand, storeArgs);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^\*/m);
    expect(stderr).toContain("nothing is live");

    expect(await snapshot()).toEqual(before);
    expect(await readFile(join(site, "history.jsonl"), "utf8")).toBe(historyBefore);
  });

  it("is replaced by activate, recorded in history, keeping what was there", async () => {
    const target = await (breakers[kind] as () => Promise<string | null>)();
    const before = await snapshot();
    const result = await store.activate("site", a.id);
    expect(result).toMatchObject({ from: null, changed: true, to: { id: a.id } });
    expect(await readlink(join(site, "current"))).toBe(`versions/${a.id}`);
    expect((await store.current("site"))?.id).toBe(a.id);
    const last = (await store.history("site")).at(-1);
    expect(last).toMatchObject({ action: "activate", from: null, to: a.id });
    expect(last?.replaced).toMatchObject({ target, reason: expect.any(String) });
    if (target === null) {
      // A hand-made file or directory is kept aside, not destroyed.
      const keptAs = last?.replaced?.keptAs as string;
      expect(keptAs).toMatch(/^current\.broken-/);
      const kept = join(site, keptAs);
      const content = (await lstat(kept)).isDirectory() ? join(kept, "index.html") : kept;
      expect(await readFile(content, "utf8")).toBe("hand-made");
    }
    expect(await snapshot()).toEqual(before);
    // Rollback works from history again; the broken link is not a version to go back to.
    expect((await store.rollback("site")).to.id).toBe(b.id);
  });

  it("is replaced by rollback --to", async () => {
    await (breakers[kind] as () => Promise<string | null>)();
    const result = await store.rollback("site", { to: a.id });
    expect(result).toMatchObject({ from: null, changed: true, to: { id: a.id } });
    expect(await readlink(join(site, "current"))).toBe(`versions/${a.id}`);
    expect((await store.history("site")).at(-1)).toMatchObject({
      action: "rollback",
      to: a.id,
      replaced: { reason: expect.any(String) },
    });
  });
});

describe("current", () => {
  it("stays live when it is the store's own relative or absolute link", async () => {
    expect((await store.currentState("site")).kind).toBe("live");
    await relink(join(site, "versions", b.id));
    expect(await store.currentState("site")).toEqual({ kind: "live", id: b.id });
  });
});
