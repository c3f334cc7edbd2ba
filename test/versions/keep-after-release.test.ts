/**
 * Retention after success (`release --keep N`, `create`/`activate` with `keep`): exactly the
 * live version, the rollback target and the newest others up to N stay, directories and zips.
 */

import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { releaseCommand } from "../../src/cli/release-command.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { rejection } from "../helpers/rejection.js";
import { runCommand } from "../helpers/run-command.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

const site = "site";
let dir: string;
let store: VersionStore;
let ids: string[];

/** versions/ as it is on disk: every version dir and zip, sorted. */
async function onDisk(): Promise<string[]> {
  return (await readdir(join(dir, "store", site, "versions"))).sort();
}

function expectedEntries(keptIds: string[]): string[] {
  return keptIds.flatMap((id) => [id, `${id}.zip`]).sort();
}

async function build(seed: string): Promise<string> {
  return makeBuild(join(dir, `build-${seed}`), syntheticFiles(3, seed));
}

async function release(argv: string[]) {
  const { code, stdout } = await runCommand(releaseCommand, [
    ...argv,
    "--store",
    join(dir, "store"),
    "--website",
    site,
    "--json",
  ]);
  return { code, json: JSON.parse(stdout) };
}

beforeEach(async () => {
  dir = await tempDir();
  store = createVersionStore({ root: join(dir, "store"), fsync: false, actor: "test" });
  ids = [];
  // Five versions A..E; B is live with A as its rollback target.
  for (const seed of ["a", "b", "c", "d", "e"])
    ids.push((await store.create(site, await build(seed), { zip: { level: 0 } })).id);
  await store.activate(site, ids[0] as string);
  await store.activate(site, ids[1] as string);
});
afterEach(() => cleanup(dir));

describe("release --keep", () => {
  it("--activate --keep 2 leaves the new live one, the old live one (rollback target) and the newest other", async () => {
    const { code, json } = await release([await build("f"), "--activate", "--keep", "2"]);
    expect(code).toBe(0);
    const f = json.version.id as string;
    const [a, b, c, d, e] = ids;
    expect(json.pruned.sort()).toEqual([a, c, d].sort());
    expect(await onDisk()).toEqual(expectedEntries([f, e as string, b as string]));
    const list = await store.list(site);
    expect(list.find((v) => v.live)?.id).toBe(f);
    expect(list.find((v) => v.rollbackTarget)?.id).toBe(b);
  });

  it("without --activate, --keep 2 keeps the live one and its rollback target on top of the 2 newest", async () => {
    const { code, json } = await release([await build("f"), "--keep", "2"]);
    expect(code).toBe(0);
    const f = json.version.id as string;
    const [a, b, c, d, e] = ids;
    expect(json.pruned.sort()).toEqual([c, d].sort());
    expect(await onDisk()).toEqual(expectedEntries([f, e, b, a] as string[]));
  });

  it.each(["0", "1.5", "-1", "two"])(
    "--keep %s is E_USAGE and nothing is created or deleted",
    async (keep) => {
      const before = await onDisk();
      const err = await rejection(release([await build("f"), "--activate", `--keep=${keep}`]));
      expect(err.code).toBe("E_USAGE");
      expect(err.message).toBe(`--keep must be a whole number >= 1, not ${keep}.`);
      expect(await onDisk()).toEqual(before);
      expect((await store.current(site))?.id).toBe(ids[1]);
    },
  );
});

describe("store create/activate with keep", () => {
  it("activate({ keep: 1 }) leaves the newest, the new live version and the rollback target", async () => {
    const result = await store.activate(site, ids[3] as string, { keep: 1 });
    expect(result.pruned?.removed.sort()).toEqual([ids[0], ids[2]].sort());
    expect(await onDisk()).toEqual(expectedEntries([ids[4], ids[3], ids[1]] as string[]));
  });

  it.each([0, 2.5, Number.NaN])("keep %s is E_USAGE before anything is written", async (keep) => {
    const before = await onDisk();
    const created = await rejection(store.create(site, await build("f"), { keep }));
    expect(created.code).toBe("E_USAGE");
    expect(created.message).toBe(`Cannot keep ${keep} versions.`);
    const activated = await rejection(store.activate(site, ids[4] as string, { keep }));
    expect(activated.code).toBe("E_USAGE");
    expect(activated.message).toBe(`Cannot keep ${keep} versions.`);
    expect(await onDisk()).toEqual(before);
    expect((await store.current(site))?.id).toBe(ids[1]);
  });
});
