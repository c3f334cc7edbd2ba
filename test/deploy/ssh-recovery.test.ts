/**
 * Recovery on a target and the undo of a first multi-target activation: a `current` switch that
 * reached the symlink but not history.jsonl is recorded by the next writer (actor
 * sitewright-recovery, as the local store does); a first deploy switched back on one target
 * leaves that target's store as if the switch never happened.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/deploy.js";
import { createLocalTarget } from "../../src/deploy/local-target.js";
import { remoteList, remoteRollback } from "../../src/deploy/remote-ops.js";
import { RECOVERY_ACTOR } from "../../src/versions/recovery.js";
import type { HistoryEntry } from "../../src/versions/version-meta.js";
import { useDeployServer } from "../helpers/deploy-server.js";
import { sampleSite, type TestStore } from "../helpers/deploy-site.js";
import { rejection } from "../helpers/rejection.js";
import { sshTarget } from "../helpers/ssh-targets.js";
import type { TestSshd } from "../helpers/sshd.js";

let sshd: TestSshd;
let local: TestStore;
let root: string;

useDeployServer("recovery-root", (server) => {
  ({ sshd, local, root } = server);
});

async function history(dir: string): Promise<HistoryEntry[]> {
  const text = await readFile(join(dir, "history.jsonl"), "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.startsWith("{") && line.endsWith("}"))
    .map((line) => JSON.parse(line) as HistoryEntry);
}

/** What a writer killed between `mv -T` and the history append leaves behind. */
function switchWithoutHistory(dir: string, versionId: string): void {
  execFileSync("sh", [
    "-c",
    'cd "$1" && ln -s "versions/$2" .tmp-crash-link && mv -T .tmp-crash-link current',
    "sh",
    dir,
    versionId,
  ]);
}

describe("remote recovery of a switch missing from history", () => {
  it("the next deploy records it (actor sitewright-recovery) before its own switch", async () => {
    const ws = "crash-site";
    const dir = join(root, ws);
    const target = sshTarget(sshd, root);
    const v1 = await local.addVersion(ws, sampleSite());
    const v2 = await local.addVersion(ws, sampleSite({ "index.html": "<h1>two</h1>" }));
    for (const v of [v1, v2]) {
      await deploy({ store: local.root, websiteId: ws, version: v.id, targets: [target] });
    }
    switchWithoutHistory(dir, v1.id);
    // listing reads without the lock: it shows the truth but writes nothing
    const listed = await remoteList({ target, websiteId: ws });
    expect(listed.find((v) => v.live)?.id).toBe(v1.id);
    expect((await history(dir)).length).toBe(2);

    const v3 = await local.addVersion(ws, sampleSite({ "index.html": "<h1>three</h1>" }));
    const lines: string[] = [];
    const result = await deploy({
      store: local.root,
      websiteId: ws,
      version: v3.id,
      targets: [target],
      onProgress: (e) => {
        if (e.message) lines.push(e.message);
      },
    });
    expect(result.targets[0]?.plan?.from).toBe(v1.id);
    expect(lines.some((l) => l.includes("recorded a switch missing from history"))).toBe(true);
    const entries = await history(dir);
    expect(entries.slice(-2)).toMatchObject([
      { action: "activate", actor: RECOVERY_ACTOR, from: v2.id, to: v1.id },
      { action: "activate", from: v1.id, to: v3.id },
    ]);
    const back = await remoteRollback({ target, websiteId: ws });
    expect(back).toMatchObject({ from: v3.id, to: v1.id });
  });

  it("a torn last history line is skipped and the repair starts a new line", async () => {
    const ws = "torn-site";
    const dir = join(root, ws);
    const target = sshTarget(sshd, root);
    const v1 = await local.addVersion(ws, sampleSite());
    const v2 = await local.addVersion(ws, sampleSite({ "index.html": "<h1>two</h1>" }));
    await deploy({ store: local.root, websiteId: ws, version: v1.id, targets: [target] });
    // v2 uploaded and committed but its switch crashed half-way through the history line
    await deploy({ store: local.root, websiteId: ws, version: v2.id, targets: [target] });
    const text = await readFile(join(dir, "history.jsonl"), "utf8");
    await writeFile(join(dir, "history.jsonl"), text.slice(0, text.lastIndexOf("{") + 20));
    const { resetDeployment } = await import("../../src/deploy/remote-ops.js");
    await resetDeployment({ targets: [target], websiteId: ws });
    const after = await readFile(join(dir, "history.jsonl"), "utf8");
    const lines = after.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[2] as string)).toMatchObject({
      actor: RECOVERY_ACTOR,
      from: v1.id,
      to: v2.id,
    });
    // nothing left to repair: a second sweep writes nothing
    await resetDeployment({ targets: [target], websiteId: ws });
    expect(await readFile(join(dir, "history.jsonl"), "utf8")).toBe(after);
  });
});

describe("a first multi-target deploy whose switch fails on one target", () => {
  {
    const makeTarget = (r: string) => sshTarget(sshd, r);
    it("the switched target is undone whole (no current, no history line)", async () => {
      const ws = "first-multi";
      const base = join(sshd.dir, "first-multi");
      const rootA = join(base, "a");
      const rootB = join(base, "b");
      // B's `current` is a non-empty directory: the rename over it fails only at the switch.
      await mkdir(join(rootB, ws, "current", "blocker"), { recursive: true });
      const v1 = await local.addVersion(ws, sampleSite());
      const err = await rejection(
        deploy({
          store: local.root,
          websiteId: ws,
          version: v1.id,
          targets: [makeTarget(rootA), makeTarget(rootB)],
        }),
      );
      const outcomes = err.details?.targets as Array<{ state: string }>;
      expect(outcomes.map((o) => o.state)).toEqual(["rolled-back", "failed"]);
      expect(existsSync(join(rootA, ws, "current"))).toBe(false);
      expect(await history(join(rootA, ws))).toEqual([]);
      expect(existsSync(join(rootA, ws, ".lock"))).toBe(false);
      // the version stays on A, committed: a later deploy only switches
      await rm(join(rootB, ws, "current"), { recursive: true });
      const ok = await deploy({
        store: local.root,
        websiteId: ws,
        version: v1.id,
        targets: [makeTarget(rootA), makeTarget(rootB)],
      });
      expect(ok.targets.map((t) => t.plan?.action)).toEqual(["activate", "activate"]);
      const entries = await history(join(rootA, ws));
      expect(entries).toMatchObject([{ action: "activate", from: null, to: v1.id }]);
      await expect(remoteRollback({ target: makeTarget(rootA), websiteId: ws })).rejects.toThrow(
        /no earlier version/,
      );
    });
  }

  it("local target: the undo drops the switch's own last line, never another one", async () => {
    const ws = "undo-guard";
    const base = await mkdtemp(join(tmpdir(), "sitewright-undo-guard-"));
    const target = createLocalTarget({ root: base });
    const v1 = await local.addVersion(ws, sampleSite());
    await deploy({ store: local.root, websiteId: ws, version: v1.id, targets: [target] });
    const session = await target.open();
    const entry = (await history(join(base, ws)))[0] as HistoryEntry;
    await session.unsetCurrent(ws, entry);
    expect(existsSync(join(base, ws, "current"))).toBe(false);
    expect(await readFile(join(base, ws, "history.jsonl"), "utf8")).toBe("");
    await session.switchTo(ws, entry);
    await appendFile(
      join(base, ws, "history.jsonl"),
      `${JSON.stringify({ ...entry, actor: "x" })}\n`,
    );
    await session.unsetCurrent(ws, entry);
    expect(await history(join(base, ws))).toHaveLength(2);
    await session.close();
    await rm(base, { recursive: true, force: true });
  });
});
