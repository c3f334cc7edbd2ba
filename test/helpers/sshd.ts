/**
 * Starts a real OpenSSH sshd on 127.0.0.1 for integration tests: a random free port, a fresh
 * ed25519 host key and client key, key-only root login. Each instance is isolated in its own
 * temp directory so several engineers' test runs never touch each other's daemons.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const SSHD = "/usr/sbin/sshd";

/** A running test sshd and everything a client needs to reach it. */
export interface TestSshd {
  host: "127.0.0.1";
  port: number;
  user: "root";
  /** PEM of the client's private key. */
  privateKey: string;
  privateKeyPath: string;
  /** A known_hosts file that trusts this daemon's host key (`[127.0.0.1]:port` form). */
  knownHostsPath: string;
  /** `SHA256:...` fingerprint of the host key, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** The host public key line (`ssh-ed25519 AAAA...`). */
  hostPublicKey: string;
  /** Temp directory of this instance; tests may put remote roots under it. */
  dir: string;
  /** Pid of the listening daemon. */
  pid: number;
  /** Kills the per-connection sshd children of THIS daemon (drops live sessions). */
  killSessions(): Promise<number>;
  stop(): Promise<void>;
}

/** Options for startSshd. */
export interface StartSshdOptions {
  /** Extra sshd_config lines. */
  extraConfig?: string[];
}

/** Starts sshd; fails (never skips) when OpenSSH server is not installed. */
export async function startSshd(options: StartSshdOptions = {}): Promise<TestSshd> {
  if (!existsSync(SSHD)) {
    throw new Error(
      `${SSHD} is missing: the deploy tests need a real OpenSSH server. Install it with \`apt-get install -y openssh-server\`.`,
    );
  }
  // sshd refuses to start without its privilege-separation directory.
  await mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const dir = await mkdtemp(join(tmpdir(), "sitewright-sshd-"));
  const hostKey = join(dir, "host_ed25519");
  const clientKey = join(dir, "client_ed25519");
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test-host", "-f", hostKey]);
  await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test-client", "-f", clientKey]);
  const authorized = join(dir, "authorized_keys");
  await writeFile(authorized, await readFile(`${clientKey}.pub`), { mode: 0o600 });
  const port = await freePort();
  const config = join(dir, "sshd_config");
  await writeFile(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${authorized}`,
      "StrictModes no",
      "UsePAM no",
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "MaxStartups 100:30:200",
      "MaxSessions 50",
      "Subsystem sftp internal-sftp",
      "LogLevel ERROR",
      // bash sources ~/.bashrc for ssh commands only at shell level 1; this machine's root
      // .bashrc runs `pyenv rehash`, whose lock a test that kills sessions can leave stale
      // (then every command waits 60 s). Test commands need no login environment.
      "SetEnv SHLVL=1",
      ...(options.extraConfig ?? []),
      "",
    ].join("\n"),
  );
  const hostPublicKey = (await readFile(`${hostKey}.pub`, "utf8"))
    .trim()
    .split(" ")
    .slice(0, 2)
    .join(" ");
  const knownHostsPath = join(dir, "known_hosts");
  await writeFile(knownHostsPath, `[127.0.0.1]:${port} ${hostPublicKey}\n`);
  const { stdout } = await run("ssh-keygen", ["-l", "-E", "sha256", "-f", `${hostKey}.pub`]);
  const fingerprint = stdout.split(" ")[1] ?? "";

  const child = spawn(SSHD, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await waitForListen(port, child, () => stderr);
  const pid = child.pid ?? 0;

  return {
    host: "127.0.0.1",
    port,
    user: "root",
    privateKey: await readFile(clientKey, "utf8"),
    privateKeyPath: clientKey,
    knownHostsPath,
    fingerprint,
    hostPublicKey,
    dir,
    pid,
    killSessions: () => killChildren(pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await killChildren(pid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForListen(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited: ${log()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`sshd did not listen on 127.0.0.1:${port} within 10s: ${log()}`);
}

async function canConnect(port: number): Promise<boolean> {
  const { connect } = await import("node:net");
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Kills every descendant of `pid` (the per-session sshd processes), never `pid` itself. */
async function killChildren(pid: number): Promise<number> {
  const victims = await descendants(pid);
  for (const victim of victims) {
    try {
      process.kill(victim, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return victims.length;
}

async function descendants(pid: number): Promise<number[]> {
  let out = "";
  try {
    out = (await run("ps", ["-e", "-o", "pid=,ppid="])).stdout;
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const line of out.trim().split("\n")) {
    const [p, pp] = line.trim().split(/\s+/).map(Number);
    if (p === undefined || pp === undefined) continue;
    children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const result: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift() as number;
    result.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return result;
}
