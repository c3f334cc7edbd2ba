/** The deploy CLI commands and the deployment records they leave in the local store. */

import { randomBytes } from "node:crypto";
import { readlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.js";
import {
  deployCommand,
  deploymentsListCommand,
  deploymentsShowCommand,
} from "../../src/cli/deploy-command.js";
import { remoteListCommand, remoteRollbackCommand } from "../../src/cli/remote-command.js";
import { deploy } from "../../src/deploy/deploy.js";
import {
  listDeployments,
  readDeploymentLog,
  requestCancel,
} from "../../src/deploy/deployment-record.js";
import { getPublishData } from "../../src/deploy/publish-data.js";
import { isSitewrightError } from "../../src/errors.js";
import { useDeployServer } from "../helpers/deploy-server.js";
import { sampleSite, type TestStore } from "../helpers/deploy-site.js";
import { sshTarget } from "../helpers/ssh-targets.js";
import type { TestSshd } from "../helpers/sshd.js";

let sshd: TestSshd;
let local: TestStore;
let root: string;

useDeployServer("cli-root", (server) => {
  ({ sshd, local, root } = server);
});

function io(isTTY = false): CliIO & { out: string; err: string } {
  const sink = {
    out: "",
    err: "",
    isTTY,
    stdout: (t: string) => {
      sink.out += t;
    },
    stderr: (t: string) => {
      sink.err += t;
    },
  };
  return sink;
}

const ssh = () => [
  "--host",
  `root@127.0.0.1:${sshd.port}`,
  "--root",
  root,
  "--key",
  sshd.privateKeyPath,
  "--known-hosts",
  sshd.knownHostsPath,
  "--website",
  "cli-site",
];

describe("CLI", () => {
  it("deploy --dry-run --json shows the plan and changes nothing", async () => {
    const v1 = await local.addVersion("cli-site", sampleSite());
    const out = io();
    expect(
      await deployCommand.run(
        [...ssh(), "--store", local.root, "--version", v1.version, "--dry-run", "--json"],
        out,
      ),
    ).toBe(0);
    const json = JSON.parse(out.out);
    expect(json.state).toBe("planned");
    expect(json.targets[0].summary.uploadFiles).toBe(Object.keys(sampleSite()).length);
    expect(json.targets[0].uploads[0].reason).toBe("new");
    await expect(readlink(join(root, "cli-site", "current"))).rejects.toMatchObject({
      code: "ENOENT",
    });
  });

  it("deploy draws a progress bar on a terminal and deploys; a second version and a rollback", async () => {
    const v1 = (await local.store.list("cli-site"))[0];
    const tty = io(true);
    expect(
      await deployCommand.run(
        [...ssh(), "--store", local.root, "--version", v1?.id as string],
        tty,
      ),
    ).toBe(0);
    expect(tty.out).toContain("Deployed cli-site");
    expect(await readlink(join(root, "cli-site", "current"))).toBe(`versions/${v1?.id}`);

    const v2 = await local.addVersion("cli-site", sampleSite({ "index.html": "<h1>two</h1>" }));
    const out = io();
    await deployCommand.run([...ssh(), "--store", local.root, "--version", v2.id, "--json"], out);
    expect(JSON.parse(out.out).targets[0].summary.uploadFiles).toBe(1);

    const list = io();
    await remoteListCommand.run([...ssh(), "--json"], list);
    expect(JSON.parse(list.out).map((v: { live: boolean }) => v.live)).toEqual([true, false]);
    const back = io();
    await remoteRollbackCommand.run([...ssh(), "--actor", "ops"], back);
    expect(back.out).toContain(`to ${v1?.id}`);
    expect(await readlink(join(root, "cli-site", "current"))).toBe(`versions/${v1?.id}`);
  });

  it("refuses to run without a host key source", async () => {
    const args = ssh().filter(
      (a, i, all) => a !== "--known-hosts" && all[i - 1] !== "--known-hosts",
    );
    await expect(deployCommand.run([...args, "--store", local.root], io())).rejects.toMatchObject({
      code: "E_USAGE",
    });
  });

  it("deployments list and show read the records", async () => {
    const out = io();
    await deploymentsListCommand.run(["--store", local.root, "--website", "cli-site"], out);
    expect(out.out).toMatch(/dpl-\S+ +live/);
    const [latest] = await listDeployments(local.root, "cli-site");
    const show = io();
    await deploymentsShowCommand.run(
      ["--store", local.root, "--website", "cli-site", "--id", latest?.id as string],
      show,
    );
    expect(show.out).toContain("Deployment live");
  });
});

describe("deployment records", () => {
  it("record moves through the states with timestamps and progress; getPublishData shows it", async () => {
    const [latest] = await listDeployments(local.root, "cli-site");
    expect(latest?.state).toBe("live");
    expect(Object.keys(latest?.stateTimes ?? {})).toEqual([
      "queued",
      "uploading",
      "verifying",
      "activating",
      "live",
    ]);
    expect(latest?.targets[0]).toMatchObject({ state: "live", files: { done: 1, total: 1 } });
    const log = await readDeploymentLog(local.root, "cli-site", latest?.id as string);
    expect(log).toMatch(/info Deployment live/);
    const publish = await getPublishData(local.store, "cli-site");
    expect(publish.deployment?.id).toBe(latest?.id);
    expect(publish.deployment?.status).toBe("live");
  });

  it("a cancel requested from another process stops the deploy", async () => {
    const files = sampleSite();
    for (let i = 0; i < 120; i++) files[`media/${i}.bin`] = randomBytes(256 * 1024);
    const v = await local.addVersion("cli-site", files);
    let asked = false;
    const err = await deploy({
      store: local.root,
      websiteId: "cli-site",
      version: v.id,
      targets: [sshTarget(sshd, root)],
      onProgress: (e) => {
        if (!asked && e.state === "uploading") {
          asked = true;
          void requestCancel(local.root, "cli-site", e.deploymentId);
        }
      },
    }).catch((e: unknown) => e);
    expect(isSitewrightError(err, "E_CANCELLED")).toBe(true);
    const [latest] = await listDeployments(local.root, "cli-site");
    expect(latest?.state).toBe("cancelled");
    expect(latest?.targets[0]?.state).toBe("cancelled");
  });
});
