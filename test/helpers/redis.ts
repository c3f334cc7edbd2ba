/**
 * Starts a real Debian redis-server on 127.0.0.1 for integration tests: a free port, its own
 * temp directory, no persistence. Each instance is isolated so parallel test files and other
 * engineers' runs never share a Redis.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running test redis-server. */
export interface TestRedis {
  host: "127.0.0.1";
  port: number;
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  dir: string;
  /** Pid of the current server process (changes after restart). */
  pid(): number;
  /** Kills the server (SIGKILL) and starts a new one on the same port; data is lost. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The redis-server binary, or a failure that says how to install it (never a skip). */
function redisBinary(): string {
  try {
    return execFileSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(
      "redis-server is missing: the queue tests need a real Redis. Install it with `apt-get install -y redis-server`.",
    );
  }
}

/** Starts redis-server and waits until it answers PING. */
export async function startRedis(): Promise<TestRedis> {
  const bin = redisBinary();
  const dir = await mkdtemp(join(tmpdir(), "sitewright-redis-"));
  const port = await freePort();
  let child = await launch(bin, port, dir);
  return {
    host: "127.0.0.1",
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    pid: () => child.pid ?? 0,
    async restart() {
      await kill(child, "SIGKILL");
      child = await launch(bin, port, dir);
    },
    async stop() {
      await kill(child, "SIGTERM");
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function launch(bin: string, port: number, dir: string): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child = spawn(bin, [...args, "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const collect = (chunk: Buffer) => {
    log += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited: ${log}`);
    if (await ping(port)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within 10s: ${log}`);
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(signal);
  await exited;
}

/** True when something on the port answers a RESP PING with +PONG. */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
    socket.once("error", () => done(false));
  });
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
