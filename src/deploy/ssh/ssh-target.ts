/**
 * The SSH deploy target: a version store under `root` on a server, driven with one remote
 * command per step (see remote-scripts.ts). A session reconnects on demand, so the clean-up
 * after a dropped connection (discard the temp dir, release the lock) still reaches the server.
 */
import { posix } from "node:path";
import { gzipSync } from "node:zlib";
import { SitewrightError } from "../../errors.js";
import { parseHistory } from "../../versions/history.js";
import type { LockReset } from "../../versions/lock.js";
import {
  assertWebsiteId,
  type HistoryEntry,
  type LockOwner,
  type VersionMeta,
} from "../../versions/version-meta.js";
import { checksumList } from "../checksums.js";
import type {
  DeployTarget,
  PreparedTarget,
  TargetLock,
  TargetLockOptions,
  TargetSession,
  TargetState,
  TransferProgress,
  VersionSource,
} from "../target.js";
import { stagingName } from "../target-names.js";
import * as scripts from "./remote-scripts.js";
import { shScript } from "./shell-quote.js";
import { remoteError, SshConnection, type SshConnectOptions } from "./ssh-connection.js";
import { resetSshLock, type SshScriptRunner, takeSshLock, tempName } from "./ssh-lock.js";
import { parseState, sshPrepare, sshSweep } from "./ssh-prepare.js";
import { sshUpload } from "./ssh-upload.js";

/** Options of an SSH target: how to connect, where the store lives, how to send files. */
export interface SshTargetOptions extends SshConnectOptions {
  /** Absolute path of the version store root on the server. */
  root: string;
  /** `tar` (one stream over an exec channel, the default: measured faster) or `sftp`. */
  transfer?: "tar" | "sftp";
  /** Parallel SFTP writes when `transfer` is `sftp` (default 16). */
  sftpConcurrency?: number;
}

/** Creates an SSH target; nothing connects until `open`. */
export function createSshTarget(options: SshTargetOptions): DeployTarget {
  if (!posix.isAbsolute(options.root)) {
    throw new SitewrightError(
      "E_USAGE",
      `The remote root must be an absolute path, not ${options.root}.`,
    );
  }
  const name = `ssh://${options.user}@${options.host}:${options.port ?? 22}${options.root}`;
  return {
    name,
    kind: "ssh",
    async open(signal) {
      return new SshSession(name, options, await SshConnection.open(options, signal));
    },
  };
}

class SshSession implements TargetSession, SshScriptRunner {
  bytesSent = 0;
  /** What `stage` left for the tar upload to do (it stages in the same round trip). */
  private staged: { versionId: string; list: Buffer; from: string } | undefined;

  constructor(
    readonly name: string,
    private readonly options: SshTargetOptions,
    private conn: SshConnection,
  ) {}

  /** The connection as it is now (the lock refresh never reconnects). */
  get current(): SshConnection {
    return this.conn;
  }

  async connection(signal?: AbortSignal): Promise<SshConnection> {
    if (this.conn.closed) this.conn = await SshConnection.open(this.options, signal);
    return this.conn;
  }

  private dir(websiteId: string): string {
    assertWebsiteId(websiteId);
    return posix.join(this.options.root, websiteId);
  }

  async run(
    what: string,
    script: string,
    args: string[],
    options: { stdin?: string | Buffer; signal?: AbortSignal } = {},
  ): Promise<string> {
    const conn = await this.connection(options.signal);
    const out = await conn.run(shScript(script, args), { ...options, what });
    return out.toString("utf8");
  }

  async inspect(websiteId: string, versionId: string): Promise<TargetState> {
    const out = await this.run("Reading the live version", scripts.INSPECT, [
      this.dir(websiteId),
      versionId,
    ]);
    const newline = out.indexOf("\n");
    const link = out.slice(0, newline).trim();
    return parseState(link === "" ? null : posix.basename(link), out.slice(newline + 1));
  }

  prepare(
    websiteId: string,
    owner: LockOwner,
    options: TargetLockOptions & { versionId?: string } = {},
  ): Promise<PreparedTarget> {
    return sshPrepare(this, websiteId, this.dir(websiteId), owner, options);
  }

  async lock(
    websiteId: string,
    owner: LockOwner,
    options: TargetLockOptions = {},
  ): Promise<TargetLock> {
    return (await takeSshLock(this, websiteId, this.dir(websiteId), owner, options)).lock;
  }

  /** Forcibly removes the lock; says who held it, or that it was unreadable. */
  resetLock(websiteId: string): Promise<LockReset> {
    return resetSshLock(this, this.dir(websiteId));
  }

  async sweep(websiteId: string): Promise<string[]> {
    return (await sshSweep(this, this.dir(websiteId))).removed;
  }

  async stage(
    websiteId: string,
    versionId: string,
    fromVersion: string | null,
    links: readonly string[],
    signal?: AbortSignal,
  ): Promise<void> {
    // 10,000 paths are ~400 KB; gzip makes the list a few percent of that on the wire.
    const list =
      links.length > 0 ? gzipSync(`${links.join("\0")}\0`, { level: 6 }) : Buffer.alloc(0);
    const from = links.length > 0 ? (fromVersion ?? "") : "";
    if (this.options.transfer !== "sftp") {
      // The tar upload creates the temp dir and hard-links in its own round trip.
      this.staged = { versionId, list, from };
      return;
    }
    this.bytesSent += list.length;
    await this.run(
      "Hard-linking unchanged files",
      scripts.STAGE,
      [this.dir(websiteId), stagingName(versionId), from],
      { stdin: list, ...(signal ? { signal } : {}) },
    );
  }

  async upload(
    source: VersionSource,
    paths: readonly string[],
    options: { signal?: AbortSignal; onProgress?: TransferProgress },
  ): Promise<{ bytesSent: number }> {
    const staged = this.staged?.versionId === source.versionId ? this.staged : undefined;
    return sshUpload(this, source, paths, {
      ...options,
      dir: this.dir(source.websiteId),
      staging: stagingName(source.versionId),
      links: staged ?? { list: Buffer.alloc(0), from: "" },
      ...(this.options.transfer ? { transfer: this.options.transfer } : {}),
      ...(this.options.sftpConcurrency ? { sftpConcurrency: this.options.sftpConcurrency } : {}),
      onBytes: (count) => {
        this.bytesSent += count;
      },
    });
  }

  async verifyAndCommit(source: VersionSource, signal?: AbortSignal): Promise<void> {
    const conn = await this.connection(signal);
    const dir = this.dir(source.websiteId);
    const result = await conn.exec(
      shScript(scripts.VERIFY_COMMIT, [dir, stagingName(source.versionId), source.versionId]),
      {
        stdin: this.count(gzipSync(checksumList(source), { level: 6 })),
        ...(signal ? { signal } : {}),
      },
    );
    if (result.code === 0) return;
    if (result.code === 4) {
      const failed = result.stdout.toString("utf8").trim().split("\n").slice(0, 10);
      throw new SitewrightError(
        "E_VERIFY",
        `Files on ${this.name} do not match the manifest of ${source.versionId}: ${failed.join("; ")}.`,
        {
          hint: "The upload was corrupted or the local version changed; deploy again (the live version is untouched).",
          details: { target: this.name, failed },
        },
      );
    }
    if (result.code === 5) {
      throw new SitewrightError(
        "E_VERSION_EXISTS",
        `${source.versionId} already exists on ${this.name}.`,
      );
    }
    throw remoteError(conn.label, "Verifying the upload", result);
  }

  private count(data: Buffer): Buffer {
    this.bytesSent += data.length;
    return data;
  }

  async discard(websiteId: string, versionId: string): Promise<void> {
    await this.run("Removing the temp dir", scripts.DISCARD, [
      this.dir(websiteId),
      stagingName(versionId),
    ]);
  }

  async switchTo(websiteId: string, entry: HistoryEntry): Promise<void> {
    await this.run("Switching current", scripts.SWITCH, [
      this.dir(websiteId),
      entry.to,
      JSON.stringify(entry),
      tempName("current"),
    ]);
  }

  async unsetCurrent(websiteId: string, entry: HistoryEntry): Promise<void> {
    await this.run("Removing current", scripts.UNSET_CURRENT, [
      this.dir(websiteId),
      entry.to,
      JSON.stringify(entry),
    ]);
  }

  async list(websiteId: string): Promise<{ current: string | null; versions: VersionMeta[] }> {
    const out = await this.run("Listing versions", scripts.LIST, [this.dir(websiteId)]);
    const newline = out.indexOf("\n");
    const link = out.slice(0, newline).trim();
    const versions: VersionMeta[] = [];
    for (const record of out.slice(newline + 1).split("\n\u001e\n")) {
      if (record.trim() === "") continue;
      try {
        versions.push(JSON.parse(record) as VersionMeta);
      } catch {
        // a damaged version.json is not a usable version; leave it out of the list
      }
    }
    versions.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { current: link === "" ? null : posix.basename(link), versions };
  }

  async history(websiteId: string): Promise<HistoryEntry[]> {
    const out = await this.run("Reading history", scripts.HISTORY, [this.dir(websiteId)]);
    return parseHistory(out);
  }

  async remove(websiteId: string, versionIds: readonly string[]): Promise<void> {
    if (versionIds.length === 0) return;
    await this.run("Removing versions", scripts.REMOVE, [this.dir(websiteId), ...versionIds]);
  }

  async close(): Promise<void> {
    this.conn.close();
  }
}
