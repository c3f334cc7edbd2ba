/**
 * Authentication through ssh-agent: a real `ssh-agent` started by the test holds the client key;
 * the target gets only the agent socket (by path, or `agent: true` for SSH_AUTH_SOCK).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readlink } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deploy } from "../../src/deploy/deploy.js";
import { remoteList } from "../../src/deploy/remote-ops.js";
import { createTestStore, sampleSite, type TestStore } from "../helpers/deploy-site.js";
import { sshTarget } from "../helpers/ssh-targets.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";

const run = promisify(execFile);

let sshd: TestSshd;
let local: TestStore;
let agent: ChildProcess;
let socket: string;
let emptyAgent: ChildProcess;
let emptySocket: string;

/** Starts `ssh-agent -D` (foreground, so it is this test's child) on `sock`. */
async function startAgent(sock: string): Promise<ChildProcess> {
  const child = spawn("ssh-agent", ["-D", "-a", sock], { stdio: "ignore" });
  const deadline = Date.now() + 5_000;
  while (!existsSync(sock)) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error("ssh-agent did not start");
    await new Promise((r) => setTimeout(r, 20));
  }
  return child;
}

async function stopAgent(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

beforeAll(async () => {
  sshd = await startSshd();
  local = await createTestStore();
  socket = join(sshd.dir, "agent.sock");
  agent = await startAgent(socket);
  await run("ssh-add", ["-q", sshd.privateKeyPath], {
    env: { ...process.env, SSH_AUTH_SOCK: socket },
  });
  emptySocket = join(sshd.dir, "empty-agent.sock");
  emptyAgent = await startAgent(emptySocket);
});
afterAll(async () => {
  await stopAgent(agent);
  await stopAgent(emptyAgent);
  await local?.cleanup();
  await sshd?.stop();
});

describe("ssh-agent authentication", () => {
  it("deploys with the key held by the agent, given its socket path", async () => {
    const root = join(sshd.dir, "agent-root");
    const v1 = await local.addVersion("agent-site", sampleSite());
    const target = sshTarget(sshd, root, { privateKeyPath: undefined, agent: socket });
    const result = await deploy({
      store: local.root,
      websiteId: "agent-site",
      version: v1.id,
      targets: [target],
    });
    expect(result.state).toBe("live");
    expect(await readlink(join(root, "agent-site", "current"))).toBe(`versions/${v1.id}`);
  });

  it("agent: true uses SSH_AUTH_SOCK", async () => {
    const saved = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = socket;
    try {
      const target = sshTarget(sshd, join(sshd.dir, "agent-root"), {
        privateKeyPath: undefined,
        agent: true,
      });
      const list = await remoteList({ target, websiteId: "agent-site" });
      expect(list.map((v) => v.live)).toEqual([true]);
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it("an agent without the key is E_SSH authentication failed", async () => {
    const target = sshTarget(sshd, join(sshd.dir, "agent-root"), {
      privateKeyPath: undefined,
      agent: emptySocket,
    });
    await expect(remoteList({ target, websiteId: "agent-site" })).rejects.toMatchObject({
      code: "E_SSH",
      message: expect.stringContaining("authentication failed"),
    });
  });
});
