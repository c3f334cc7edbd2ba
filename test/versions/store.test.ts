import { mkdir, readFile, readlink, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getPublishData } from "../../src/deploy/publish-data.js";
import { isSitewrightError } from "../../src/errors.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { formatVersionId } from "../../src/versions/version-meta.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

let dir: string;
let store: VersionStore;
let builds: string[];

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isSitewrightError(err)) return err.code;
    return (err as NodeJS.ErrnoException).code ?? String(err);
  }
  return "resolved";
}

beforeEach(async () => {
  dir = await tempDir();
  store = createVersionStore({ root: join(dir, "store"), actor: "tester", fsync: false });
  builds = [];
  for (const seed of ["a", "b", "c", "d"]) {
    builds.push(await makeBuild(join(dir, `build-${seed}`), syntheticFiles(20, seed)));
  }
});
afterEach(() => cleanup(dir));

describe("version store", () => {
  it("creates immutable versions with metadata, hard links and a zip", async () => {
    const v = await store.create("site", builds[0] as string, {
      note: "first",
      stats: { pages: 20 },
    });
    expect(v.version).toBe("1.0.0");
    expect(v.id).toMatch(/^\d{8}T\d{9}Z-[0-9a-f]{8}$/);
    expect(v.id.endsWith(v.manifestSha256.slice(0, 8))).toBe(true);
    expect(v).toMatchObject({
      fileCount: 21,
      actor: "tester",
      note: "first",
      build: { pages: 20 },
    });
    const dirOf = store.versionDir("site", v.id);
    const onDisk = JSON.parse(await readFile(join(dirOf, "version.json"), "utf8"));
    expect(onDisk).toEqual(v);
    const src = await stat(join(builds[0] as string, "assets/logo.png"));
    const dst = await stat(join(dirOf, "assets/logo.png"));
    expect(dst.ino).toBe(src.ino); // hard-linked, not copied
    expect((await store.zip("site", v.id)).size).toBeGreaterThan(0);
  });

  it("onceByStat: writers racing with one key make one version, the others get it back", async () => {
    // Two stores on one root stand for two workers: the check runs under the website lock.
    const other = createVersionStore({ root: join(dir, "store"), actor: "other", fsync: false });
    const once = (s: VersionStore, build: string, key: string) =>
      s.create("site", build, { stats: { job: key }, onceByStat: "job" });
    const [a, b] = await Promise.all([
      once(store, builds[0] as string, "j1"),
      once(other, builds[1] as string, "j1"),
    ]);
    expect(b.id).toBe(a.id);
    expect((await store.list("site")).map((v) => v.id)).toEqual([a.id]);
    // Another key, or no key, creates as usual.
    const c = await once(other, builds[1] as string, "j2");
    const d = await store.create("site", builds[1] as string, { stats: { job: "j1" } });
    expect(new Set([a.id, c.id, d.id]).size).toBe(3);
    // A key the stats do not hold is a usage error, and nothing is written.
    expect(await code(store.create("site", builds[2] as string, { onceByStat: "job" }))).toBe(
      "E_USAGE",
    );
    expect(await store.list("site")).toHaveLength(3);
  });

  it("accepts the generator's BuildResult and records its stats", async () => {
    const result = {
      outDir: builds[0] as string,
      pages: 20,
      skipped: 1,
      durationMs: 42,
      warnings: [{}],
    };
    const v = await store.create("site", result);
    expect(v.build).toEqual({ pages: 20, skipped: 1, durationMs: 42, warnings: 1 });
  });

  it("numbers versions by semver and resolves ranges to the newest match", async () => {
    const a = await store.create("site", builds[0] as string);
    const b = await store.create("site", builds[1] as string);
    const c = await store.create("site", builds[2] as string, { bump: "minor" });
    const d = await store.create("site", builds[3] as string, { bump: "major" });
    expect([a, b, c, d].map((v) => v.version)).toEqual(["1.0.0", "1.0.1", "1.1.0", "2.0.0"]);
    expect((await store.resolve("site", "^1.0")).id).toBe(c.id);
    expect((await store.resolve("site", "~1.0.0")).id).toBe(b.id);
    expect((await store.resolve("site", "1.0.0")).id).toBe(a.id);
    expect((await store.resolve("site", d.id)).id).toBe(d.id);
    expect(await code(store.resolve("site", "^3"))).toBe("E_VERSION_NOT_FOUND");
    expect(await code(store.create("site", builds[0] as string, { version: "1.1.0" }))).toBe(
      "E_VERSION_EXISTS",
    );
  });

  it("activates and rolls back by switching the symlink, recording history", async () => {
    const a = await store.create("site", builds[0] as string);
    const b = await store.create("site", builds[1] as string);
    const c = await store.create("site", builds[2] as string);
    expect(await store.current("site")).toBeNull();
    expect(await code(store.rollback("site"))).toBe("E_NO_ROLLBACK");
    await store.activate("site", a.id);
    await store.activate("site", b.id, { actor: "alice" });
    await store.activate("site", c.id);
    expect(await readlink(join(dir, "store/site/current"))).toBe(`versions/${c.id}`);
    expect((await store.activate("site", c.id)).changed).toBe(false);

    const list = await store.list("site");
    expect(list.map((v) => [v.id, v.live, v.rollbackTarget])).toEqual([
      [c.id, true, false],
      [b.id, false, true],
      [a.id, false, false],
    ]);
    const back = await store.rollback("site", { actor: "bob" });
    expect(back).toMatchObject({ from: c.id, changed: true });
    expect(back.to.id).toBe(b.id);
    expect((await store.rollback("site")).to.id).toBe(a.id); // repeated rollbacks walk back
    expect(await code(store.rollback("site"))).toBe("E_NO_ROLLBACK");
    expect((await store.rollback("site", { to: "^1.0.2" })).to.id).toBe(c.id);

    const history = await store.history("site");
    expect(history.map((h) => [h.action, h.from, h.to])).toEqual([
      ["activate", null, a.id],
      ["activate", a.id, b.id],
      ["activate", b.id, c.id],
      ["rollback", c.id, b.id],
      ["rollback", b.id, a.id],
      ["rollback", a.id, c.id],
    ]);
    expect(history[1]?.actor).toBe("alice");
    expect(history[3]?.actor).toBe("bob");
    expect(Date.parse(history[0]?.at as string)).not.toBeNaN();
  });

  it("never deletes or prunes the live version nor the rollback target", async () => {
    const ids: string[] = [];
    for (const b of builds) ids.push((await store.create("site", b)).id);
    await store.activate("site", ids[0] as string);
    await store.activate("site", ids[1] as string);
    expect(await code(store.delete("site", ids[1] as string))).toBe("E_VERSION_PROTECTED");
    expect(await code(store.delete("site", ids[0] as string))).toBe("E_VERSION_PROTECTED");
    const dry = await store.prune("site", { keep: 1, dryRun: true });
    expect(dry.removed).toEqual([ids[2]]);
    const pruned = await store.prune("site", { keep: 1 });
    expect(pruned.removed).toEqual([ids[2]]);
    expect(pruned.kept.sort()).toEqual([ids[0], ids[1], ids[3]].sort());
    expect((await store.list("site")).map((v) => v.id).sort()).toEqual(pruned.kept.sort());
    await store.delete("site", ids[3] as string);
    expect(await code(store.get("site", ids[3] as string))).toBe("E_VERSION_NOT_FOUND");
    expect(await code(stat(join(dir, `store/site/versions/${ids[3]}.zip`)))).toBe("ENOENT");
    expect(await code(store.prune("site", { keep: 0 }))).toBe("E_USAGE");
  });

  it("rejects unsafe website and version ids everywhere", async () => {
    for (const bad of ["..", "../x", "a/b", "", ".hidden", "a b", "x".repeat(65)]) {
      expect(await code(store.list(bad))).toBe("E_UNSAFE_PATH");
      expect(await code(store.create(bad, builds[0] as string))).toBe("E_UNSAFE_PATH");
    }
    for (const bad of ["..", "../../etc", "20240101T000000000Z-zzzzzzzz", "x/y"]) {
      expect(await code(store.get("site", bad))).toBe("E_VERSION_NOT_FOUND");
      expect(await code(store.activate("site", bad))).toBe("E_VERSION_NOT_FOUND");
      expect(await code(store.delete("site", bad))).toBe("E_VERSION_NOT_FOUND");
    }
  });

  it("refuses a build whose files differ from its manifest and leaves nothing behind", async () => {
    await writeFile(join(builds[0] as string, "assets/logo.png"), "changed");
    expect(await code(store.create("site", builds[0] as string))).toBe("E_STORE");
    expect(await store.list("site")).toEqual([]);
    const evil = await makeBuild(join(dir, "evil"), { "ok.html": "x" });
    const manifest = JSON.parse(await readFile(join(evil, "manifest.json"), "utf8"));
    manifest.files["../escape.html"] = { size: 1, sha256: "0".repeat(64) };
    await writeFile(join(evil, "manifest.json"), JSON.stringify(manifest));
    expect(await code(store.create("site", evil))).toBe("E_UNSAFE_PATH");
    await symlink("/etc/passwd", join(dir, "evil/link.html"));
    const withLink = JSON.parse(await readFile(join(evil, "manifest.json"), "utf8"));
    delete withLink.files["../escape.html"];
    withLink.files["link.html"] = { size: 11, sha256: "0".repeat(64) };
    await writeFile(join(evil, "manifest.json"), JSON.stringify(withLink));
    expect(await code(store.create("site", evil))).toBe("E_UNSAFE_PATH");
  });

  it("holds one writer at a time, detects stale locks and can be reset", async () => {
    await store.create("site", builds[0] as string);
    const lock = join(dir, "store/site/.lock");
    const live = {
      pid: process.ppid,
      host: hostname(),
      actor: "other",
      since: "x",
      operation: "create",
    };
    await writeFile(lock, JSON.stringify(live));
    const quick = createVersionStore({
      root: join(dir, "store"),
      lock: { waitMs: 100 },
      fsync: false,
    });
    const locked = await quick.create("site", builds[1] as string).catch((e) => e);
    expect(locked.code).toBe("E_LOCKED");
    expect(locked.message).toContain("other");

    // Same host, dead pid: stale at once.
    await writeFile(lock, JSON.stringify({ ...live, pid: 2 ** 22 + 12345 }));
    expect((await quick.create("site", builds[1] as string)).version).toBe("1.0.1");

    // Another host, not refreshed for longer than staleMs.
    await writeFile(lock, JSON.stringify({ ...live, host: "elsewhere" }));
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(lock, old, old);
    const strict = createVersionStore({
      root: join(dir, "store"),
      lock: { staleMs: 60_000, waitMs: 0 },
    });
    expect((await strict.create("site", builds[2] as string)).version).toBe("1.0.2");

    await writeFile(lock, JSON.stringify({ ...live, host: "elsewhere" }));
    expect(await code(strict.create("site", builds[3] as string))).toBe("E_LOCKED");
    expect((await strict.resetLock("site")).owner?.actor).toBe("other");
    expect((await strict.create("site", builds[3] as string)).version).toBe("1.0.3");
  });

  it("leaves nothing behind for operations on an unknown website", async () => {
    expect(await code(store.activate("ghost", "^1"))).toBe("E_VERSION_NOT_FOUND");
    expect(await code(store.rollback("ghost"))).toBe("E_VERSION_NOT_FOUND");
    expect(await code(store.prune("ghost", { keep: 1 }))).toBe("E_VERSION_NOT_FOUND");
    expect(await store.resetLock("ghost")).toEqual({ found: "none", owner: null });
    expect(await store.list("ghost")).toEqual([]);
    expect(await code(stat(join(dir, "store/ghost")))).toBe("ENOENT");
  });

  it("serializes concurrent writers in one process", async () => {
    const results = await Promise.all(builds.map((b) => store.create("site", b)));
    expect(results.map((v) => v.version).sort()).toEqual(["1.0.0", "1.0.1", "1.0.2", "1.0.3"]);
  });

  it("gives two versions created in the same millisecond distinct ids", () => {
    const at = new Date("2024-05-01T12:34:56.789Z");
    expect(formatVersionId(at, "ABCDEF0123")).toBe("20240501T123456789Z-abcdef01");
  });

  it("returns publish data with the last deployment record when the deploy side wrote one", async () => {
    expect((await getPublishData(store, "site")).deployment).toBeNull();
    const a = await store.create("site", builds[0] as string);
    await store.activate("site", a.id);
    const deployments = join(dir, "store/site/deployments");
    await mkdir(deployments);
    await writeFile(
      join(deployments, "dpl-20240101T000000000Z-00000001.json"),
      '{"state":"failed"}',
    );
    await writeFile(join(deployments, "dpl-20240102T000000000Z-00000002.json"), '{"state":"live"}');
    await writeFile(join(deployments, "dpl-20240102T000000000Z-00000002.log"), "a\nb\n");
    await writeFile(join(deployments, "dpl-20240103T000000000Z-00000003.json"), "{torn");
    const data = await getPublishData(store, "site");
    expect(data.current?.id).toBe(a.id);
    expect(data.versions).toHaveLength(1);
    expect(data.lastSwitch?.to).toBe(a.id);
    expect(data.deployment).toMatchObject({ status: "live", log: ["a", "b"] });
  });
});
