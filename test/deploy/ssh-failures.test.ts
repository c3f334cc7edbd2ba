/**
 * Acceptance tests of issue 5 against a real sshd: every failure leaves the old version live,
 * removes the temp dir, releases the lock and says what happened; the next deploy succeeds.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/deploy.js";
import type { DeployProgressEvent } from "../../src/deploy/deployment-tracker.js";
import { remoteList } from "../../src/deploy/remote-ops.js";
import type { SitewrightError } from "../../src/errors.js";
import type { VersionMeta } from "../../src/versions/version-meta.js";
import { useDeployServer } from "../helpers/deploy-server.js";
import { type BuildFiles, sampleSite, type TestStore } from "../helpers/deploy-site.js";
import { rejection } from "../helpers/rejection.js";
import { sshTarget } from "../helpers/ssh-targets.js";
import type { TestSshd } from "../helpers/sshd.js";

let sshd: TestSshd;
let local: TestStore;
let root: string;

useDeployServer("srv", (server) => {
  ({ sshd, local, root } = server);
});

/** A site big enough that an upload takes a noticeable moment on loopback. */
function bigSite(tag: string): BuildFiles {
  const files: BuildFiles = sampleSite({ "index.html": `<h1>${tag}</h1>` });
  for (let i = 0; i < 120; i++) files[`media/${tag}/${i}.bin`] = randomBytes(256 * 1024);
  return files;
}

/** Asserts the website on the server is exactly as `live` left it: no temp dir, no lock. */
async function expectClean(websiteId: string, live: string): Promise<void> {
  const dir = join(root, websiteId);
  expect(await readlink(join(dir, "current"))).toBe(`versions/${live}`);
  expect(existsSync(join(dir, ".lock"))).toBe(false);
  const names = await readdir(join(dir, "versions"));
  expect(names.filter((n) => n.startsWith("."))).toEqual([]);
  const listed = await remoteList({ target: sshTarget(sshd, root), websiteId });
  expect(listed.find((v) => v.live)?.id).toBe(live);
}

async function firstDeploy(websiteId: string): Promise<{ v1: VersionMeta; v2: VersionMeta }> {
  const v1 = await local.addVersion(websiteId, sampleSite());
  await deploy({ store: local.root, websiteId, version: v1.id, targets: [sshTarget(sshd, root)] });
  const v2 = await local.addVersion(websiteId, bigSite(websiteId));
  return { v1, v2 };
}

/** Calls `fn` once, when the first file of the upload has gone out. */
function onFirstUploadedFile(fn: () => void): (e: DeployProgressEvent) => void {
  let fired = false;
  return (e) => {
    if (!fired && e.targets.some((t) => t.state === "uploading" && t.files.done >= 1)) {
      fired = true;
      fn();
    }
  };
}

describe("host key check", () => {
  it("refuses a mismatched known_hosts key and creates nothing on the server", async () => {
    const v = await local.addVersion("hk-site", sampleSite());
    const known = join(sshd.dir, "wrong_known_hosts");
    // a syntactically valid ed25519 key that is not the server's
    const other = Buffer.concat([
      Buffer.from([0, 0, 0, 11]),
      Buffer.from("ssh-ed25519"),
      Buffer.from([0, 0, 0, 32]),
      randomBytes(32),
    ]);
    await writeFile(known, `[127.0.0.1]:${sshd.port} ssh-ed25519 ${other.toString("base64")}\n`);
    const hkRoot = join(sshd.dir, "hk-root");
    const err = await rejection(
      deploy({
        store: local.root,
        websiteId: "hk-site",
        version: v.id,
        targets: [sshTarget(sshd, hkRoot, { hostKey: { knownHostsPath: known } })],
      }),
    );
    expect(err.code).toBe("E_HOST_KEY");
    expect(err.message).toContain("does not match known_hosts");
    expect(existsSync(hkRoot)).toBe(false);
  });

  it("refuses an unknown host and a wrong pinned fingerprint", async () => {
    const v = (await local.store.list("hk-site"))[0] as VersionMeta;
    const empty = join(sshd.dir, "empty_known_hosts");
    await writeFile(empty, "# nothing\n127.0.0.1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBn6\n");
    const hkRoot = join(sshd.dir, "hk-root");
    for (const hostKey of [
      { knownHostsPath: empty },
      { fingerprint: `SHA256:${"A".repeat(43)}` },
    ]) {
      const err = await rejection(
        deploy({
          store: local.root,
          websiteId: "hk-site",
          version: v.id,
          targets: [sshTarget(sshd, hkRoot, { hostKey })],
        }),
      );
      expect(err.code).toBe("E_HOST_KEY");
    }
    expect(existsSync(hkRoot)).toBe(false);
  });

  it("accepts a hashed known_hosts entry and never puts the key in errors", async () => {
    const { execFileSync } = await import("node:child_process");
    const hashed = join(sshd.dir, "hashed_known_hosts");
    await writeFile(hashed, await readFile(sshd.knownHostsPath));
    execFileSync("ssh-keygen", ["-H", "-f", hashed], { stdio: "ignore" });
    expect((await readFile(hashed, "utf8")).startsWith("|1|")).toBe(true);
    const list = await remoteList({
      target: sshTarget(sshd, root, { hostKey: { knownHostsPath: hashed } }),
      websiteId: "none",
    });
    expect(list).toEqual([]);

    const err = await rejection(
      remoteList({
        target: sshTarget(sshd, root, {
          privateKeyPath: undefined,
          privateKey:
            "-----BEGIN OPENSSH PRIVATE KEY-----\nsecretsecret\n-----END OPENSSH PRIVATE KEY-----\n",
          passphrase: "hunter2",
        }),
        websiteId: "none",
      }),
    );
    expect(err.code).toBe("E_SSH");
    const text = JSON.stringify({ ...err.toJSON(), stack: err.stack });
    expect(text).not.toContain("secretsecret");
    expect(text).not.toContain("hunter2");
  });
});

describe("failures leave the old version live", () => {
  it("connection killed mid-upload: old version live, nothing partial, next deploy succeeds", async () => {
    const { v1, v2 } = await firstDeploy("kill-site");
    const err = await rejection(
      deploy({
        store: local.root,
        websiteId: "kill-site",
        version: v2.id,
        targets: [sshTarget(sshd, root)],
        retries: 0,
        onProgress: onFirstUploadedFile(() => void sshd.killSessions()),
      }),
    );
    expect(err.code).toBe("E_SSH");
    expect(err.message).toContain("lost");
    await expectClean("kill-site", v1.id);
    const again = await deploy({
      store: local.root,
      websiteId: "kill-site",
      version: v2.id,
      targets: [sshTarget(sshd, root)],
    });
    expect(again.state).toBe("live");
    await expectClean("kill-site", v2.id);
  });

  it("a dropped connection is retried with backoff and the deploy succeeds", async () => {
    const { v2 } = await firstDeploy("retry-site");
    const lines: string[] = [];
    const kill = onFirstUploadedFile(() => void sshd.killSessions());
    const result = await deploy({
      store: local.root,
      websiteId: "retry-site",
      version: v2.id,
      targets: [sshTarget(sshd, root)],
      retries: 2,
      retryDelayMs: 50,
      onProgress: (e) => {
        kill(e);
        if (e.message) lines.push(e.message);
      },
    });
    expect(result.state).toBe("live");
    expect(lines.some((l) => l.includes("Retrying"))).toBe(true);
    await expectClean("retry-site", v2.id);
  });

  it("cancel mid-upload: E_CANCELLED, old version live, next deploy succeeds", async () => {
    const { v1, v2 } = await firstDeploy("cancel-site");
    const controller = new AbortController();
    const err = await rejection(
      deploy({
        store: local.root,
        websiteId: "cancel-site",
        version: v2.id,
        targets: [sshTarget(sshd, root)],
        signal: controller.signal,
        onProgress: onFirstUploadedFile(() => controller.abort()),
      }),
    );
    expect(err.code).toBe("E_CANCELLED");
    await expectClean("cancel-site", v1.id);
    const record = JSON.parse(
      await readFile(
        join(local.root, "cancel-site", "deployments", `${err.details?.deploymentId}.json`),
        "utf8",
      ),
    );
    expect(record.state).toBe("cancelled");
    expect(
      (
        await deploy({
          store: local.root,
          websiteId: "cancel-site",
          version: v2.id,
          targets: [sshTarget(sshd, root)],
        })
      ).state,
    ).toBe("live");
  });

  it("cancel mid-upload of a two-stream upload (1,000+ files): both streams stop, old version live", async () => {
    const { v1 } = await firstDeploy("cancel2-site");
    const files = bigSite("cancel2");
    for (let i = 0; i < 1_200; i++) files[`many/${i}.html`] = `<p>${i} ${"x".repeat(2_000)}</p>`;
    const v3 = await local.addVersion("cancel2-site", files);
    const controller = new AbortController();
    const err = await rejection(
      deploy({
        store: local.root,
        websiteId: "cancel2-site",
        version: v3.id,
        targets: [sshTarget(sshd, root)],
        signal: controller.signal,
        onProgress: onFirstUploadedFile(() => controller.abort()),
      }),
    );
    expect(err.code).toBe("E_CANCELLED");
    await expectClean("cancel2-site", v1.id);
    const again = await deploy({
      store: local.root,
      websiteId: "cancel2-site",
      version: v3.id,
      targets: [sshTarget(sshd, root)],
    });
    expect(again.targets[0]?.plan?.summary.uploadFiles).toBeGreaterThan(1_000);
    await expectClean("cancel2-site", v3.id);
  });

  it("a timeout is E_TIMEOUT with the same clean-up", async () => {
    const { v1, v2 } = await firstDeploy("timeout-site");
    const err = await rejection(
      deploy({
        store: local.root,
        websiteId: "timeout-site",
        version: v2.id,
        targets: [sshTarget(sshd, root)],
        // short enough to land mid-deploy however fast the upload has become
        timeoutMs: 300,
      }),
    );
    expect(err.code).toBe("E_TIMEOUT");
    await expectClean("timeout-site", v1.id);
  });

  it("a verify mismatch is E_VERIFY and nothing switches", async () => {
    const { v1 } = await firstDeploy("verify-site");
    const v3 = await local.addVersion(
      "verify-site",
      sampleSite({ "about/index.html": "<h1>Changed!</h1>" }),
    );
    // Corrupt the stored file without changing its size: only the remote sha256sum can tell.
    await writeFile(
      join(local.root, "verify-site", "versions", v3.id, "about/index.html"),
      "<h1>CHANGED!</h1>",
    );
    const err = await rejection(
      deploy({
        store: local.root,
        websiteId: "verify-site",
        version: v3.id,
        targets: [sshTarget(sshd, root)],
      }),
    );
    expect(err.code).toBe("E_VERIFY");
    expect(err.message).toContain("about/index.html");
    await expectClean("verify-site", v1.id);
  });

  it("a full remote disk is E_REMOTE saying so, and the live version stays", async () => {
    const { execFileSync } = await import("node:child_process");
    const small = join(sshd.dir, "tiny-disk");
    execFileSync("mkdir", ["-p", small]);
    // A 2 MB tmpfs stands in for a full disk; the tests run as root in CI.
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", small]);
    try {
      const v1 = await local.addVersion("full-site", sampleSite());
      await deploy({
        store: local.root,
        websiteId: "full-site",
        version: v1.id,
        targets: [sshTarget(sshd, small)],
      });
      const v2 = await local.addVersion("full-site", bigSite("full"));
      const err = await rejection(
        deploy({
          store: local.root,
          websiteId: "full-site",
          version: v2.id,
          targets: [sshTarget(sshd, small)],
        }),
      );
      expect(err.code).toBe("E_REMOTE");
      expect(err.message).toMatch(/No space left/);
      expect(err.hint).toMatch(/disk is full/);
      expect(await readlink(join(small, "full-site", "current"))).toBe(`versions/${v1.id}`);
      expect(
        (await readdir(join(small, "full-site", "versions"))).filter((n) => n.startsWith(".")),
      ).toEqual([]);
      expect(existsSync(join(small, "full-site", ".lock"))).toBe(false);
    } finally {
      execFileSync("umount", [small]);
    }
  });
});

describe("locks and many targets", () => {
  it("two concurrent deploys of one website: one fails with E_LOCKED, never both switch", async () => {
    const { v1, v2 } = await firstDeploy("race-site");
    const v3 = await local.addVersion("race-site", sampleSite({ "index.html": "<h1>v3</h1>" }));
    const results = await Promise.allSettled(
      [v2, v3].map((v) =>
        deploy({
          store: local.root,
          websiteId: "race-site",
          version: v.id,
          targets: [sshTarget(sshd, root)],
          lock: { waitMs: 0 },
        }),
      ),
    );
    const failed = results.filter((r) => r.status === "rejected");
    expect(failed).toHaveLength(1);
    expect(((failed[0] as PromiseRejectedResult).reason as SitewrightError).code).toBe("E_LOCKED");
    const history = (await readFile(join(root, "race-site", "history.jsonl"), "utf8"))
      .trim()
      .split("\n");
    expect(history).toHaveLength(2);
    const winner = JSON.parse(history[1] as string);
    expect(winner.from).toBe(v1.id);
    await expectClean("race-site", winner.to);
  });

  it("a second deploy waits for the lock when allowed to", async () => {
    const { v2 } = await firstDeploy("wait-site");
    const v3 = await local.addVersion("wait-site", sampleSite({ "index.html": "<h1>v3</h1>" }));
    const first = deploy({
      store: local.root,
      websiteId: "wait-site",
      version: v2.id,
      targets: [sshTarget(sshd, root)],
    });
    await new Promise((r) => setTimeout(r, 300));
    const second = deploy({
      store: local.root,
      websiteId: "wait-site",
      version: v3.id,
      targets: [sshTarget(sshd, root)],
      lock: { waitMs: 60_000 },
    });
    await Promise.all([first, second]);
    await expectClean("wait-site", v3.id);
  });

  it("a stale lock of a dead process is broken; a live one is E_LOCKED until reset", async () => {
    const { v2 } = await firstDeploy("stale-site");
    const { hostname } = await import("node:os");
    const lock = join(root, "stale-site", ".lock");
    const owner = {
      pid: 2 ** 22 + 7,
      host: hostname(),
      actor: "ghost",
      since: new Date().toISOString(),
      operation: "deploy",
    };
    await writeFile(lock, `${JSON.stringify(owner)}\n`);
    await deploy({
      store: local.root,
      websiteId: "stale-site",
      version: v2.id,
      targets: [sshTarget(sshd, root)],
    });
    await writeFile(lock, `${JSON.stringify({ ...owner, pid: process.pid })}\n`);
    const v1 = (await local.store.list("stale-site")).at(-1) as VersionMeta;
    const err = await rejection(
      deploy({
        store: local.root,
        websiteId: "stale-site",
        version: v1.id,
        targets: [sshTarget(sshd, root)],
        lock: { waitMs: 0 },
      }),
    );
    expect(err.code).toBe("E_LOCKED");
    expect(err.message).toContain("ghost");
    const { resetDeployment } = await import("../../src/deploy/remote-ops.js");
    const reset = await resetDeployment({
      targets: [sshTarget(sshd, root)],
      websiteId: "stale-site",
      store: local.root,
    });
    expect(reset.targets[0]?.lockOwner?.actor).toBe("ghost");
    expect(existsSync(lock)).toBe(false);
  });

  it("two targets where one fails before the switch: neither switches", async () => {
    const ws = "multi-site";
    const v1 = await local.addVersion(ws, sampleSite());
    const rootA = join(sshd.dir, "multi-a");
    const rootB = join(sshd.dir, "multi-b");
    await deploy({
      store: local.root,
      websiteId: ws,
      version: v1.id,
      targets: [sshTarget(sshd, rootA), sshTarget(sshd, rootB)],
    });
    const v2 = await local.addVersion(ws, bigSite("multi"));
    // Break server B: its versions directory becomes a file, so staging fails there.
    const { rename, rm } = await import("node:fs/promises");
    await rename(join(rootB, ws, "versions"), join(rootB, ws, "versions-saved"));
    await writeFile(join(rootB, ws, "versions"), "not a directory");
    try {
      const err = await rejection(
        deploy({
          store: local.root,
          websiteId: ws,
          version: v2.id,
          targets: [sshTarget(sshd, rootA), sshTarget(sshd, rootB)],
        }),
      );
      expect(err.code).toBe("E_REMOTE");
      const outcomes = err.details?.targets as Array<{ target: string; state: string }>;
      expect(outcomes.map((o) => o.state)).not.toContain("live");
      expect(await readlink(join(rootA, ws, "current"))).toBe(`versions/${v1.id}`);
      expect(await readlink(join(rootB, ws, "current"))).toBe(`versions/${v1.id}`);
      expect(existsSync(join(rootA, ws, ".lock"))).toBe(false);
      expect(existsSync(join(rootB, ws, ".lock"))).toBe(false);
      expect((await readdir(join(rootA, ws, "versions"))).filter((n) => n.startsWith("."))).toEqual(
        [],
      );
    } finally {
      await rm(join(rootB, ws, "versions"));
      await rename(join(rootB, ws, "versions-saved"), join(rootB, ws, "versions"));
    }
    const ok = await deploy({
      store: local.root,
      websiteId: ws,
      version: v2.id,
      targets: [sshTarget(sshd, rootA), sshTarget(sshd, rootB)],
    });
    expect(ok.targets.map((t) => t.state)).toEqual(["live", "live"]);
  });
});
