/**
 * The website lock on an SSH target: `.lock` holds the owner's JSON, taken by hard-linking a
 * fully written temp file (the local store's protocol, so a deploy and a local `versions`
 * command on the server exclude each other), refreshed while held, broken only when stale.
 */
import { randomBytes } from "node:crypto";
import { SitewrightError } from "../../errors.js";
import { startLockHeartbeat } from "../../versions/heartbeat.js";
import type { LockReset } from "../../versions/lock.js";
import {
  DEFAULT_LOCK_OPTIONS,
  describeOwner,
  lockText,
  parseLockOwner,
  staleReason,
} from "../../versions/lock-record.js";
import { type LockOwner, TEMP_PREFIX } from "../../versions/version-meta.js";
import { sleep } from "../retry.js";
import type { TargetLock, TargetLockOptions } from "../target.js";
import * as scripts from "./remote-scripts.js";
import { shScript } from "./shell-quote.js";
import { remoteError, type SshConnection } from "./ssh-connection.js";

/** What the lock needs from a session: its connection and a way to run one script. */
export interface SshScriptRunner {
  /** Safe label of the target for messages. */
  readonly name: string;
  /** The open connection, reconnecting when the last one dropped. */
  connection(signal?: AbortSignal): Promise<SshConnection>;
  /** The connection as it is now, without reconnecting. */
  readonly current: SshConnection;
  /** Runs `script` with `args`; a non-zero exit is E_REMOTE. Returns stdout. */
  run(
    what: string,
    script: string,
    args: string[],
    options?: { stdin?: string | Buffer; signal?: AbortSignal },
  ): Promise<string>;
}

/** A `.tmp-<kind>-<pid>-<random>` name: swept by the next writer if this one dies. */
export function tempName(kind: string): string {
  return `${TEMP_PREFIX}${kind}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/**
 * Takes the lock of the website stored in `dir`, breaking a stale one, waiting up to `waitMs`
 * for a live holder; E_LOCKED names the holder. `script` may be LOCK or a script that goes on
 * working once it holds the lock (PREPARE, with `extra` arguments); its output is returned.
 */
export async function takeSshLock(
  runner: SshScriptRunner,
  websiteId: string,
  dir: string,
  owner: LockOwner,
  options: TargetLockOptions = {},
  script: string = scripts.LOCK,
  extra: readonly string[] = [],
): Promise<{ lock: TargetLock; out: string }> {
  const text = lockText(owner);
  const waitMs = options.waitMs ?? DEFAULT_LOCK_OPTIONS.waitMs;
  const staleMs = options.staleMs ?? DEFAULT_LOCK_OPTIONS.staleMs;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const conn = await runner.connection(options.signal);
    const result = await conn
      .exec(shScript(script, [dir, text, tempName("lock"), ...extra]), {
        ...(options.signal ? { signal: options.signal } : {}),
      })
      .catch(async (err: unknown) => {
        // Cancelled (or timed out) while the remote script ran: it may have taken the lock
        // before it stopped, and nobody would hold the handle that releases it. Our owner text
        // is unique, so this removes only a lock of ours.
        await runner.run("Releasing the deploy lock", scripts.UNLOCK, [dir, text]).catch(() => {});
        throw err;
      });
    if (result.code === 0) {
      return {
        lock: heldSshLock(runner, dir, owner, staleMs),
        out: result.stdout.toString("utf8"),
      };
    }
    if (result.code !== 3) throw remoteError(conn.label, "Taking the deploy lock", result);
    const out = result.stdout.toString("utf8");
    const newline = out.indexOf("\n");
    const ageMs = Number(out.slice(0, newline)) * 1000;
    const heldText = out.slice(newline + 1);
    const holder = parseLockOwner(heldText);
    if (staleReason(holder, ageMs, staleMs) !== null) {
      await runner.run("Breaking a stale lock", scripts.BREAK_LOCK, [
        dir,
        heldText,
        tempName("stale-lock"),
      ]);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(`Website ${websiteId} on ${runner.name}`, holder);
    await sleep(200, options.signal);
  }
}

/** The handle of a lock just taken: refreshes it until released. */
export function heldSshLock(
  runner: SshScriptRunner,
  dir: string,
  owner: LockOwner,
  staleMs: number,
): TargetLock {
  const text = lockText(owner);
  // Refresh the lock's mtime so a long upload is never judged stale by another deployer.
  const stopHeartbeat = startLockHeartbeat(async () => {
    const conn = runner.current;
    if (!conn.closed) await conn.exec(shScript(scripts.TOUCH_LOCK, [dir, text]));
  }, staleMs);
  let released = false;
  return {
    owner,
    release: async () => {
      if (released) return;
      released = true;
      stopHeartbeat();
      await runner.run("Releasing the deploy lock", scripts.UNLOCK, [dir, text]);
    },
  };
}

/** Forcibly removes the lock of the website stored in `dir`; returns who held it. */
export async function resetSshLock(runner: SshScriptRunner, dir: string): Promise<LockReset> {
  const out = await runner.run("Resetting the lock", scripts.RESET_LOCK, [dir]);
  // The script marks an existing lock, so an empty or corrupt one is told apart from none.
  if (!out.startsWith("LOCK\n")) return { found: "none", owner: null };
  const text = out.slice("LOCK\n".length);
  const owner = parseLockOwner(text);
  if (owner) return { found: "owner", owner };
  const problem =
    text === "UNREADABLE\n"
      ? "cannot be read"
      : text.trim() === ""
        ? "is empty"
        : "is not a lock record (corrupt)";
  return { found: "unreadable", owner: null, problem };
}

/** The E_LOCKED error naming the holder. */
function lockedError(where: string, owner: LockOwner | null): SitewrightError {
  return new SitewrightError("E_LOCKED", `${where} is locked by ${describeOwner(owner)}.`, {
    hint: "Wait for that deploy to finish, or run `sitewright remote reset` if it is gone.",
    details: { owner },
  });
}
