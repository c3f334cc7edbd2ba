/**
 * The local target reads `current` through the version store's broken-`current` rules: a link
 * outside the store is never live for a deploy and is replaced as the store's activate does
 * (one rename, recorded in history). Its reset reports an unreadable lock as the store does.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/deploy.js";
import { createLocalTarget } from "../../src/deploy/local-target.js";
import { resetDeployment } from "../../src/deploy/remote-ops.js";
import type { DeployTarget } from "../../src/deploy/target.js";
import { createTestStore, sampleSite, type TestStore } from "../helpers/deploy-site.js";
import { sshTarget } from "../helpers/ssh-targets.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";

let local: TestStore;
let sshd: TestSshd;

beforeAll(async () => {
  local = await createTestStore();
  sshd = await startSshd();
}, 60_000);
afterAll(async () => {
  await local?.cleanup();
  await sshd?.stop();
});

describe("local target with a broken current", () => {
  it("a current linking outside the root is not live: the deploy uploads everything and replaces it", async () => {
    const site = "outside";
    const v1 = await local.addVersion(site, sampleSite());
    const root = join(local.root, "..", "target-outside");
    const outside = join(local.root, "..", "elsewhere");
    await mkdir(join(root, site, "versions"), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, "index.html"), "not ours");
    await symlink(outside, join(root, site, "current"));
    const target = createLocalTarget({ root });

    const dry = await deploy({
      store: local.root,
      websiteId: site,
      version: v1.id,
      targets: [target],
      dryRun: true,
    });
    expect(dry.targets[0]?.plan?.from).toBeNull();
    expect(dry.targets[0]?.plan?.uploads.every((u) => u.reason === "new")).toBe(true);

    const result = await deploy({
      store: local.root,
      websiteId: site,
      version: v1.id,
      targets: [target],
    });
    expect(result.state).toBe("live");
    expect(result.targets[0]?.plan?.from).toBeNull();
    expect(await readlink(join(root, site, "current"))).toBe(`versions/${v1.id}`);
    const history = (await readFile(join(root, site, "history.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      action: "activate",
      from: null,
      to: v1.id,
      replaced: { target: outside },
    });
    expect(history[0].replaced.reason).toBe(
      `points to ${outside}, which is not a version of this website`,
    );
    // Only the link was replaced; what it pointed at is untouched.
    expect(await readFile(join(outside, "index.html"), "utf8")).toBe("not ours");
  });

  it("a current that is a hand-made file is kept aside and replaced, as the store's activate does", async () => {
    const site = "file-current";
    const v1 = await local.addVersion(site, sampleSite());
    const root = join(local.root, "..", "target-file");
    await mkdir(join(root, site, "versions"), { recursive: true });
    await writeFile(join(root, site, "current"), "hand-made");
    const result = await deploy({
      store: local.root,
      websiteId: site,
      version: v1.id,
      targets: [createLocalTarget({ root })],
    });
    expect(result.targets[0]?.plan?.from).toBeNull();
    expect(await readlink(join(root, site, "current"))).toBe(`versions/${v1.id}`);
    const [entry] = (await readFile(join(root, site, "history.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(entry.replaced).toMatchObject({ reason: "is a file, not a symlink", target: null });
    expect(await readFile(join(root, site, entry.replaced.keptAs), "utf8")).toBe("hand-made");
  });
});

describe.each([
  [
    "local",
    (): { target: DeployTarget; root: string } => {
      const root = join(local.root, "..", "target-reset");
      return { target: createLocalTarget({ root }), root };
    },
  ],
  [
    "ssh",
    (): { target: DeployTarget; root: string } => {
      const root = join(sshd.dir, "reset-root");
      return { target: sshTarget(sshd, root), root };
    },
  ],
])("resetDeployment on the %s target reports an unreadable lock", (_name, make) => {
  it.each([
    ["", "is empty"],
    ["{not json", "is not a lock record (corrupt)"],
  ])("lock text %j: found unreadable, %s; the lock is removed", async (text, problem) => {
    const { target, root } = make();
    const site = "locked";
    await mkdir(join(root, site, "versions"), { recursive: true });
    await writeFile(join(root, site, ".lock"), text);
    const result = await resetDeployment({ targets: [target], websiteId: site });
    expect(result.targets[0]?.lock).toEqual({ found: "unreadable", owner: null, problem });
    expect(result.targets[0]?.lockOwner).toBeNull();
    expect(existsSync(join(root, site, ".lock"))).toBe(false);
  });

  it("no lock: found none", async () => {
    const { target, root } = make();
    await mkdir(join(root, "free", "versions"), { recursive: true });
    const result = await resetDeployment({ targets: [target], websiteId: "free" });
    expect(result.targets[0]?.lock).toEqual({ found: "none", owner: null });
  });
});
