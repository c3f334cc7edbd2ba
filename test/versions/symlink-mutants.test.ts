import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSitewrightError } from "../../src/errors.js";
import { inspectCurrent } from "../../src/versions/current-state.js";
import { versionDir, type WebsitePaths, websitePaths } from "../../src/versions/paths.js";
import { readCurrentId, switchCurrent } from "../../src/versions/symlink.js";

const V1 = "20240501T100000000Z-0123abcd";
const V2 = "20240502T100000000Z-89abcdef";
let root: string;
let paths: WebsitePaths;

async function addVersion(id: string): Promise<void> {
  await mkdir(versionDir(paths, id), { recursive: true });
  await writeFile(join(versionDir(paths, id), "version.json"), "{}");
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "sw-symlink-"));
  paths = websitePaths(root, "site");
  await addVersion(V1);
  await addVersion(V2);
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("the current symlink", () => {
  it("is null before any switch, then the switched id, as a relative link", async () => {
    expect(await readCurrentId(paths)).toBeNull();
    expect(await switchCurrent(paths, V1)).toBeNull();
    expect(await readCurrentId(paths)).toBe(V1);
    expect(await readlink(paths.current)).toBe(`versions/${V1}`);
    await switchCurrent(paths, V2);
    expect(await readCurrentId(paths)).toBe(V2);
    // No temp link is left beside it.
    expect((await readdir(paths.dir)).sort()).toEqual(["current", "versions"]);
  });

  it("reading a broken current is E_STORE", async () => {
    await writeFile(paths.current, "hand-made");
    const err = await readCurrentId(paths).catch((e: unknown) => e);
    expect(isSitewrightError(err) && err.code).toBe("E_STORE");
  });

  it("a hand-made file is kept aside under current.broken-<time>, and current switches", async () => {
    await writeFile(paths.current, "hand-made");
    const state = await inspectCurrent(paths);
    if (state.kind !== "broken") throw new Error("expected broken");
    const kept = await switchCurrent(paths, V1, state);
    expect(kept).toMatch(/^current\.broken-\d{8}T\d{9}Z$/);
    expect(await readFile(join(paths.dir, kept ?? ""), "utf8")).toBe("hand-made");
    expect(await readCurrentId(paths)).toBe(V1);
  });

  it("a hand-made directory is moved aside whole", async () => {
    await mkdir(join(paths.current, "sub"), { recursive: true });
    await writeFile(join(paths.current, "sub", "f"), "x");
    const state = await inspectCurrent(paths);
    if (state.kind !== "broken") throw new Error("expected broken");
    const kept = await switchCurrent(paths, V2, state);
    expect(await readFile(join(paths.dir, kept ?? "", "sub", "f"), "utf8")).toBe("x");
    expect(await readCurrentId(paths)).toBe(V2);
  });

  it("a dangling symlink is simply replaced, nothing kept", async () => {
    await switchCurrent(paths, V1);
    await rm(versionDir(paths, V1), { recursive: true });
    const state = await inspectCurrent(paths);
    if (state.kind !== "broken") throw new Error("expected broken");
    expect(await switchCurrent(paths, V2, state)).toBeNull();
    expect(await readCurrentId(paths)).toBe(V2);
    expect((await readdir(paths.dir)).sort()).toEqual(["current", "versions"]);
  });

  it("a failed switch leaves no temp link behind", async () => {
    // rename(2) cannot put a symlink over a non-empty directory: the switch fails midway.
    await mkdir(join(paths.current, "sub"), { recursive: true });
    const err = await switchCurrent(paths, V1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((await readdir(paths.dir)).sort()).toEqual(["current", "versions"]);
    expect(existsSync(join(paths.current, "sub"))).toBe(true);
  });

  it("refuses a malformed version id before touching anything", async () => {
    const err = await switchCurrent(paths, "../../etc").catch((e: unknown) => e);
    expect(isSitewrightError(err) && err.code).toBe("E_VERSION_NOT_FOUND");
    expect(existsSync(paths.current)).toBe(false);
  });
});
