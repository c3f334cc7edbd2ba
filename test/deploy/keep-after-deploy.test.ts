/**
 * Retention after a deploy (`deploy({ keep })`): on the local and the sshd target exactly the
 * live version, the rollback target and the newest others up to N remain (dirs and zips); a
 * wrong keep is E_USAGE before connecting; a failed deploy prunes nothing.
 */
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/deploy.js";
import { createLocalTarget } from "../../src/deploy/local-target.js";
import { remoteActivate } from "../../src/deploy/remote-ops.js";
import type { DeployTarget } from "../../src/deploy/target.js";
import { createTestStore, sampleSite, type TestStore } from "../helpers/deploy-site.js";
import { rejection } from "../helpers/rejection.js";
import { sshTarget } from "../helpers/ssh-targets.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";

const site = "site-keep";
let local: TestStore;
let sshd: TestSshd;
const ids: string[] = [];

beforeAll(async () => {
  local = await createTestStore();
  sshd = await startSshd();
  for (const n of [1, 2, 3, 4, 5, 6])
    ids.push((await local.addVersion(site, sampleSite({ "index.html": `v${n}` }))).id);
}, 60_000);
afterAll(async () => {
  await local?.cleanup();
  await sshd?.stop();
});

/** versions/ on disk under a target root, sorted: dirs, zips and anything else. */
async function onDisk(root: string): Promise<string[]> {
  return (await readdir(join(root, site, "versions"))).sort();
}

/** Deploys versions 1..4 one by one, then activates 4 then 2: 2 live, 4 its rollback target. */
async function seed(target: DeployTarget): Promise<void> {
  for (const id of ids.slice(0, 4))
    await deploy({ store: local.root, websiteId: site, version: id, targets: [target] });
  await remoteActivate({ target, websiteId: site, version: ids[3] as string });
  await remoteActivate({ target, websiteId: site, version: ids[1] as string });
}

const targets: Array<[string, () => { target: DeployTarget; root: string }]> = [
  [
    "local",
    () => {
      const root = join(local.root, "..", "keep-local-target");
      return { target: createLocalTarget({ root }), root };
    },
  ],
  [
    "ssh",
    () => {
      const root = join(sshd.dir, "keep-root");
      return { target: sshTarget(sshd, root), root };
    },
  ],
];

describe.each(targets)("deploy --keep on the %s target", (_name, make) => {
  it("keep 2: the new live version, the rollback target and the newest other remain", async () => {
    const { target, root } = make();
    await seed(target);
    const [v1, v2, v3, v4, v5] = ids as [string, string, string, string, string];
    // Deploying 5 on top of live 2: 5 live, 2 the rollback target (old), 4 the newest other.
    const result = await deploy({
      store: local.root,
      websiteId: site,
      version: v5,
      targets: [target],
      keep: 2,
    });
    expect(result.state).toBe("live");
    const pruned = result.targets[0]?.pruned;
    expect(pruned && "removed" in pruned ? pruned.removed.sort() : pruned).toEqual([v1, v3].sort());
    // Targets hold no zips: the version directories are all there is (no temp dir either).
    expect(await onDisk(root)).toEqual([v2, v4, v5].sort());
  }, 60_000);

  it.each([0, 1.5, -3])("keep %s is E_USAGE and nothing is deleted", async (keep) => {
    const { target, root } = make();
    const before = await onDisk(root);
    const err = await rejection(
      deploy({ store: local.root, websiteId: site, version: ids[5], targets: [target], keep }),
    );
    expect(err.code).toBe("E_USAGE");
    expect(err.message).toBe(`Cannot keep ${keep} versions.`);
    expect(await onDisk(root)).toEqual(before);
  });

  it("a failed deploy prunes nothing", async () => {
    const { target, root } = make();
    const before = await onDisk(root);
    // A second target whose root is a file: it fails, so the deploy fails everywhere.
    const blocked = join(local.root, "..", "not-a-dir");
    await writeFile(blocked, "x");
    const err = await rejection(
      deploy({
        store: local.root,
        websiteId: site,
        version: ids[5],
        targets: [target, createLocalTarget({ root: join(blocked, "root") })],
        keep: 1,
      }),
    );
    expect(err.code).not.toBe("E_USAGE");
    expect(err.message).toMatch(/not-a-dir/);
    expect(await onDisk(root)).toEqual(before);
  }, 60_000);
});
