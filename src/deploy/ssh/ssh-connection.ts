/**
 * One authenticated SSH connection (node-ssh over ssh2) with a host key check in the handshake,
 * retried connects, and `exec` that streams stdin, honours an AbortSignal and reports a dropped
 * connection as E_SSH. Credentials are handed to ssh2 and never copied into messages or logs.
 */
import type { Readable } from "node:stream";
import { NodeSSH } from "node-ssh";
import { SitewrightError } from "../../errors.js";
import { abortError, type RetryOptions, withRetry } from "../retry.js";
import { createHostKeyCheck, type HostKeyPolicy, hostKeyError } from "./host-key.js";
import { loadKey } from "./ssh-key.js";

/** How to reach and authenticate to one SSH server. */
export interface SshConnectOptions extends RetryOptions {
  host: string;
  /** Default 22. */
  port?: number;
  user: string;
  /** Private key text or buffer (PEM/OpenSSH). */
  privateKey?: string | Buffer;
  /** Path of a private key file (used when `privateKey` is absent). */
  privateKeyPath?: string;
  passphrase?: string;
  /** ssh-agent socket; `true` uses SSH_AUTH_SOCK. */
  agent?: string | true;
  /** Host key trust: known_hosts or a pinned SHA256 fingerprint. Mandatory. */
  hostKey: HostKeyPolicy;
  /** Handshake timeout (default 20 s). */
  readyTimeoutMs?: number;
  /** Keepalive interval; a dead peer is noticed after 3 missed replies (default 5 s). */
  keepaliveIntervalMs?: number;
  /**
   * SSH-level zlib compression (default off). It costs more CPU than it saves on a fast link
   * (bench: slower on loopback); it may pay on a slow WAN link with HTML-heavy sites.
   */
  compression?: boolean;
}

/** Output of one remote command. */
export interface ExecResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
}

/** Options of one remote command. */
export interface ExecOptions {
  /** Bytes or a stream fed to the command's stdin (then closed). */
  stdin?: string | Buffer | Readable;
  signal?: AbortSignal;
  /** Called with each chunk of stdout, when streaming matters. */
  onStdout?: (chunk: Buffer) => void;
}

interface Channel {
  write(chunk: Buffer | string): boolean;
  end(chunk?: Buffer | string): void;
  close(): void;
  on(event: string, listener: (...args: never[]) => void): Channel;
  once(event: string, listener: (...args: never[]) => void): Channel;
  stderr: { on(event: "data", listener: (chunk: Buffer) => void): void };
}

/** The part of ssh2's SFTPWrapper the SFTP upload uses (ssh2 ships no types here). */
export interface SftpWrapper {
  fastPut(local: string, remote: string, callback: (err: Error | undefined) => void): void;
  writeFile(remote: string, data: Buffer, callback: (err: Error | undefined) => void): void;
  end(): void;
}

interface Ssh2Client {
  exec(command: string, callback: (err: Error | undefined, channel: Channel) => void): boolean;
  on(event: string, listener: (...args: unknown[]) => void): Ssh2Client;
  removeListener(event: string, listener: (...args: unknown[]) => void): Ssh2Client;
  end(): void;
}

/** An open SSH connection; `label` (user@host:port) is safe to show. */
export class SshConnection {
  private lost: Error | undefined;

  private constructor(
    private readonly ssh: NodeSSH,
    private readonly client: Ssh2Client,
    readonly label: string,
  ) {
    client.on("close", () => {
      this.lost ??= new Error("Connection lost");
    });
    client.on("error", (err) => {
      this.lost ??= err as Error;
    });
  }

  /** Connects (retrying transient failures); E_HOST_KEY before anything is sent if the key is wrong. */
  static async open(options: SshConnectOptions, signal?: AbortSignal): Promise<SshConnection> {
    const port = options.port ?? 22;
    const label = `${options.user}@${options.host}:${port}`;
    const privateKey = await loadKey(options);
    return withRetry(
      async () => {
        if (signal?.aborted) throw abortError(signal, `Connecting to ${label}`);
        const check = await createHostKeyCheck(options.hostKey, options.host, port);
        const ssh = new NodeSSH();
        try {
          await ssh.connect({
            host: options.host,
            port,
            username: options.user,
            ...(privateKey === undefined ? {} : { privateKey }),
            ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
            ...(options.agent === undefined
              ? {}
              : { agent: options.agent === true ? process.env.SSH_AUTH_SOCK : options.agent }),
            hostVerifier: (key: Buffer) => check.verify(key),
            ...(check.algorithms || options.compression
              ? { algorithms: algorithmsFor(check.algorithms, options.compression) }
              : {}),
            readyTimeout: options.readyTimeoutMs ?? 20_000,
            keepaliveInterval: options.keepaliveIntervalMs ?? 5_000,
            keepaliveCountMax: 3,
          });
        } catch (cause) {
          ssh.dispose();
          if (check.rejection) throw hostKeyError(check);
          throw connectError(label, cause);
        }
        return new SshConnection(ssh, ssh.connection as unknown as Ssh2Client, label);
      },
      { ...options, ...(signal ? { signal } : {}) },
    );
  }

  /** True once the transport has failed or closed. */
  get closed(): boolean {
    return this.lost !== undefined;
  }

  /** Runs one command; resolves with its exit code whatever it is. */
  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { signal } = options;
    return new Promise<ExecResult>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      if (this.lost) return reject(lostError(this.label, this.lost));
      let settled = false;
      let channel: Channel | undefined;
      const stdout: Buffer[] = [];
      let stderr = "";
      let code: number | null = null;
      let aborted: unknown;
      const stopInput = () => {
        const input = options.stdin;
        if (input !== undefined && typeof input !== "string" && !Buffer.isBuffer(input)) {
          input.unpipe();
          input.destroy();
        }
      };
      const finish = (err?: unknown) => {
        if (settled) return;
        settled = true;
        if (err) stopInput();
        signal?.removeEventListener("abort", onAbort);
        this.client.removeListener("close", onClose);
        if (err) reject(err);
        else resolve({ stdout: Buffer.concat(stdout), stderr, code });
      };
      // sshd reports a channel we close as closed once its process has exited: waiting (5 s at
      // most) keeps the clean-up after an abort from racing a command still writing remotely.
      const closeAndWait = (ch: Channel) => {
        const timer = setTimeout(() => finish(aborted), 5_000);
        timer.unref();
        ch.once("close", () => {
          clearTimeout(timer);
          finish(aborted);
        });
        ch.close();
      };
      const onAbort = () => {
        aborted = abortError(signal as AbortSignal);
        stopInput();
        if (channel) closeAndWait(channel);
      };
      const onClose = () => finish(lostError(this.label, this.lost));
      signal?.addEventListener("abort", onAbort, { once: true });
      this.client.on("close", onClose);
      this.client.exec(command, (err, ch) => {
        if (err) return finish(lostError(this.label, err));
        channel = ch;
        if (settled) return ch.close();
        if (aborted) return closeAndWait(ch);
        ch.on("data", (chunk: Buffer) => {
          if (options.onStdout) options.onStdout(chunk);
          else stdout.push(chunk);
        });
        ch.stderr.on("data", (chunk: Buffer) => {
          if (stderr.length < 64_000) stderr += chunk.toString("utf8");
        });
        ch.on("exit", (exitCode: number | null) => {
          code = exitCode;
        });
        ch.on("close", () => finish(aborted));
        ch.on("error", (e: Error) => finish(lostError(this.label, e)));
        const input = options.stdin;
        if (input === undefined) ch.end();
        else if (typeof input === "string" || Buffer.isBuffer(input)) ch.end(input);
        else {
          input.on("error", (e) => {
            ch.close();
            finish(e);
          });
          input.pipe(ch as unknown as NodeJS.WritableStream);
        }
      });
    });
  }

  /** Runs one command and returns stdout; a non-zero exit is E_REMOTE with the command's stderr. */
  async run(command: string, options: ExecOptions & { what?: string } = {}): Promise<Buffer> {
    const result = await this.exec(command, options);
    if (result.code !== 0)
      throw remoteError(this.label, options.what ?? "A remote command", result);
    return result.stdout;
  }

  /** Opens an SFTP session on this connection (ssh2's SFTPWrapper). */
  sftp(): Promise<SftpWrapper> {
    return this.ssh.requestSFTP() as unknown as Promise<SftpWrapper>;
  }

  /** Closes the connection. */
  close(): void {
    this.lost ??= new Error("Closed");
    this.ssh.dispose();
  }
}

/** The E_REMOTE error for a failed command; stderr is the remote's own explanation. */
export function remoteError(label: string, what: string, result: ExecResult): SitewrightError {
  const stderr = result.stderr.trim().split("\n").slice(-5).join(" | ");
  const full = /No space left|Disk quota/i.test(stderr);
  return new SitewrightError(
    "E_REMOTE",
    `${what} failed on ${label} (exit ${result.code ?? "signal"})${stderr ? `: ${stderr}` : "."}`,
    {
      hint: full
        ? "The remote disk is full: free space or prune old versions (`sitewright remote prune`)."
        : "Check the remote root's permissions and that sh, tar and sha256sum exist there.",
      details: { target: label, exitCode: result.code, stderr: result.stderr.slice(0, 4000) },
    },
  );
}

function algorithmsFor(serverHostKey: string[] | undefined, compression?: boolean) {
  const compress = ["zlib@openssh.com", "zlib", "none"] as never;
  return { ...(serverHostKey ? { serverHostKey } : {}), ...(compression ? { compress } : {}) };
}

function lostError(label: string, cause: unknown): SitewrightError {
  return new SitewrightError("E_SSH", `The SSH connection to ${label} was lost.`, {
    cause,
    hint: "Check the network and the server; the previous version is still live.",
    details: { target: label, transient: true },
  });
}

function connectError(label: string, cause: unknown): SitewrightError {
  const e = cause as { message?: string; code?: string; level?: string };
  const auth = e?.level === "client-authentication";
  const transient =
    !auth &&
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|No response|Timed out/i.test(
      `${e?.code} ${e?.message}`,
    );
  return new SitewrightError(
    "E_SSH",
    `Cannot connect to ${label}: ${auth ? "authentication failed" : (e?.message ?? String(cause))}.`,
    {
      cause,
      hint: auth
        ? "Check the user, the private key (and its passphrase) and the server's authorized_keys."
        : "Check the host, the port and that sshd is running.",
      details: { target: label, transient },
    },
  );
}
