/**
 * The contract every deploy target must pass (run against the local and the SSH target), in
 * the spirit of unstorage's shared driver tests: deploy, delta redeploy, rollback, activate,
 * list, prune, hostile names, and leftovers never listed.
 */
import { existsSync } from "node:fs";
import { readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/deploy.js";
import {
  remoteActivate,
  remoteList,
  remotePrune,
  remoteRollback,
} from "../../src/deploy/remote-ops.js";
import type { DeployTarget } from "../../src/deploy/target.js";
import { createTestStore, sampleSite, type TestStore } from "../helpers/deploy-site.js";

/** What a contract run needs: a target and the local directory its store lives in. */
export interface ContractSetup {
  target: DeployTarget;
  /** Local path of the target's store root (the SSH tests use a loopback server). */
  root: string;
  teardown?: () => Promise<void>;
}

/** Registers the shared contract suite. */
export function targetContract(name: string, setup: () => Promise<ContractSetup>): void {
  describe(`deploy target contract: ${name}`, () => {
    let ctx: ContractSetup;
    let local: TestStore;
    const site = "site-1";
    const live = async () => readlink(join(ctx.root, site, "current"));
    const read = (path: string) => readFile(join(ctx.root, site, "current", path), "utf8");

    beforeAll(async () => {
      ctx = await setup();
      local = await createTestStore();
    });
    afterAll(async () => {
      await local?.cleanup();
      await ctx?.teardown?.();
    });

    it("first deploy uploads every file, verifies and switches current", async () => {
      const v1 = await local.addVersion(site, sampleSite());
      const result = await deploy({
        store: local.root,
        websiteId: site,
        version: v1.id,
        targets: [ctx.target],
      });
      expect(result.state).toBe("live");
      const plan = result.targets[0]?.plan;
      expect(plan?.summary.uploadFiles).toBe(Object.keys(sampleSite()).length);
      expect(plan?.uploads.every((u) => u.reason === "new")).toBe(true);
      expect(await live()).toBe(`versions/${v1.id}`);
      expect(await read("index.html")).toBe("<h1>Home</h1>");
      expect(await read('weird/it\'s a "quote" $(touch pwned) `x`;|&.html')).toBe("hostile name");
      expect(await read("weird/spaces and tab/ünïcødé 文件.html")).toBe("unicode");
      const version = JSON.parse(await read("version.json"));
      expect(version.id).toBe(v1.id);
    });

    it("a repeat deploy uploads 0 files", async () => {
      const [v1] = await local.store.list(site);
      await local.store.activate(site, v1?.id as string);
      // no version given: the version live in the local store is deployed
      const result = await deploy({ store: local.root, websiteId: site, targets: [ctx.target] });
      expect(result.targets[0]?.plan?.action).toBe("none");
      expect(result.targets[0]?.plan?.summary.uploadFiles).toBe(0);
      expect(result.targets[0]?.bytesSent).toBe(0);
    });

    it("changing one page uploads 1 file and hard-links the rest", async () => {
      const v2 = await local.addVersion(
        site,
        sampleSite({ "about/index.html": "<h1>About us</h1>" }),
      );
      const dry = await deploy({
        store: local.root,
        websiteId: site,
        version: v2.id,
        targets: [ctx.target],
        dryRun: true,
      });
      expect(dry.state).toBe("planned");
      expect(dry.targets[0]?.plan?.uploads).toEqual([
        { path: "about/index.html", size: 17, reason: "size differs" },
      ]);
      expect(await read("about/index.html")).toBe("<h1>About</h1>");

      const result = await deploy({
        store: local.root,
        websiteId: site,
        version: v2.id,
        targets: [ctx.target],
      });
      const plan = result.targets[0]?.plan;
      expect(plan?.summary.uploadFiles).toBe(1);
      expect(plan?.summary.linkFiles).toBe(Object.keys(sampleSite()).length - 1);
      expect(await live()).toBe(`versions/${v2.id}`);
      expect(await read("about/index.html")).toBe("<h1>About us</h1>");
    });

    it("same size, different content is uploaded with reason sha256 differs; deletes are reported", async () => {
      const files = sampleSite({
        "index.html": "<h1>HOME</h1>",
        "about/index.html": "<h1>About us</h1>",
      });
      delete files["assets/app.css"];
      const v3 = await local.addVersion(site, files);
      const result = await deploy({
        store: local.root,
        websiteId: site,
        version: v3.id,
        targets: [ctx.target],
      });
      expect(result.targets[0]?.plan?.uploads).toEqual([
        { path: "index.html", size: 13, reason: "sha256 differs" },
      ]);
      expect(result.targets[0]?.plan?.deletes).toEqual(["assets/app.css"]);
    });

    it("lists versions newest first with live and rollback flags", async () => {
      const list = await remoteList({ target: ctx.target, websiteId: site });
      expect(list).toHaveLength(3);
      expect(list[0]?.live).toBe(true);
      expect(list[1]?.rollbackTarget).toBe(true);
    });

    it("rollback restores the previous version; activate switches to a named one", async () => {
      const [v3, v2, v1] = await remoteList({ target: ctx.target, websiteId: site });
      const back = await remoteRollback({ target: ctx.target, websiteId: site, actor: "ops" });
      expect(back).toMatchObject({ from: v3?.id, to: v2?.id, changed: true });
      expect(await live()).toBe(`versions/${v2?.id}`);
      expect(await read("index.html")).toBe("<h1>Home</h1>");

      const again = await remoteActivate({
        target: ctx.target,
        websiteId: site,
        version: v1?.id as string,
      });
      expect(again.to).toBe(v1?.id);
      expect(await read("about/index.html")).toBe("<h1>About</h1>");
      const same = await remoteActivate({
        target: ctx.target,
        websiteId: site,
        version: "current",
      });
      expect(same.changed).toBe(false);
      const byNumber = await remoteActivate({
        target: ctx.target,
        websiteId: site,
        version: v3?.version as string,
      });
      expect(byNumber.to).toBe(v3?.id);

      const history = (await readFile(join(ctx.root, site, "history.jsonl"), "utf8"))
        .trim()
        .split("\n");
      const last = JSON.parse(history.at(-3) as string);
      expect(last).toMatchObject({ action: "rollback", actor: "ops", from: v3?.id, to: v2?.id });
    });

    it("redeploying a version already on the target only switches", async () => {
      const [, v2] = await remoteList({ target: ctx.target, websiteId: site });
      const result = await deploy({
        store: local.root,
        websiteId: site,
        version: v2?.id as string,
        targets: [ctx.target],
      });
      expect(result.targets[0]?.plan?.action).toBe("activate");
      expect(result.targets[0]?.bytesSent).toBe(0);
      expect(await live()).toBe(`versions/${v2?.id}`);
    });

    it("prune keeps the newest, the live and the rollback target", async () => {
      const before = await remoteList({ target: ctx.target, websiteId: site });
      const dry = await remotePrune({ target: ctx.target, websiteId: site, keep: 1, dryRun: true });
      expect(dry.removed.length).toBeGreaterThan(0);
      expect((await remoteList({ target: ctx.target, websiteId: site })).length).toBe(
        before.length,
      );
      const result = await remotePrune({ target: ctx.target, websiteId: site, keep: 1 });
      const after = await remoteList({ target: ctx.target, websiteId: site });
      expect(after.map((v) => v.id).sort()).toEqual(result.kept.sort());
      expect(after.some((v) => v.live)).toBe(true);
      expect(after.some((v) => v.rollbackTarget)).toBe(true);
    });

    it("deploy takes the CLI's version references (number, range) and a store object", async () => {
      const versions = await local.store.list(site);
      const oldest = versions.at(-1) as (typeof versions)[number];
      const newest = versions[0] as (typeof versions)[number];
      // `--version 1.0.0` worked in the CLI while the library said E_VERSION_NOT_FOUND.
      const byNumber = await deploy({
        store: local.store,
        websiteId: site,
        version: oldest.version,
        targets: [ctx.target],
      });
      expect(byNumber.versionId).toBe(oldest.id);
      expect(await live()).toBe(`versions/${oldest.id}`);
      const major = newest.version.split(".")[0];
      const byRange = await deploy({
        store: local.root,
        websiteId: site,
        version: `^${major}`,
        targets: [ctx.target],
      });
      expect(byRange.versionId).toBe(newest.id);
      expect(await live()).toBe(`versions/${newest.id}`);
    });

    it("rollback and activate on a website the target never had fail without creating anything", async () => {
      const fresh = "never-deployed";
      await expect(remoteRollback({ target: ctx.target, websiteId: fresh })).rejects.toMatchObject({
        code: "E_NO_ROLLBACK",
        message: expect.stringMatching(/never-deployed on .* has no earlier version/),
      });
      await expect(
        remoteActivate({ target: ctx.target, websiteId: fresh, version: "1.0.0" }),
      ).rejects.toMatchObject({
        code: "E_VERSION_NOT_FOUND",
        message: expect.stringMatching(/No version "1.0.0"/),
      });
      expect(existsSync(join(ctx.root, fresh))).toBe(false);
    });
  });
}
