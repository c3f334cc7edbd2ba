/**
 * The SSH lock when a deploy is cancelled or times out while the lock script runs remotely: the
 * script may have taken `.lock` before the cancel reached the client, which then has no handle
 * to release it. Against a real sshd; the cancel is placed right after the script ran, the one
 * moment a timer in a full deploy hits only by chance.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shScript } from "../../src/deploy/ssh/shell-quote.js";
import { SshConnection } from "../../src/deploy/ssh/ssh-connection.js";
import { type SshScriptRunner, takeSshLock } from "../../src/deploy/ssh/ssh-lock.js";
import { SitewrightError } from "../../src/errors.js";
import { lockText } from "../../src/versions/lock-record.js";
import type { LockOwner } from "../../src/versions/version-meta.js";
import { rejection } from "../helpers/rejection.js";
import { startSshd, type TestSshd } from "../helpers/sshd.js";

let sshd: TestSshd;
let conn: SshConnection;

beforeAll(async () => {
  sshd = await startSshd();
  conn = await SshConnection.open({
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    privateKeyPath: sshd.privateKeyPath,
    hostKey: { knownHostsPath: sshd.knownHostsPath },
  });
});
afterAll(async () => {
  conn?.close();
  await sshd?.stop();
});

const owner = (token: string): LockOwner => ({
  pid: process.pid,
  host: "test",
  actor: "test",
  since: new Date().toISOString(),
  operation: "deploy",
  token,
});

/** A runner on the real connection whose lock-taking exec runs, then reports a cancel. */
function cancelledAfterScript(): SshScriptRunner {
  const cancelling = Object.create(conn) as SshConnection;
  cancelling.exec = async (command, options) => {
    await conn.exec(command, options);
    throw new SitewrightError("E_CANCELLED", "The deploy was cancelled.");
  };
  return {
    name: "test",
    connection: async () => cancelling,
    current: conn,
    run: async (_what, script, args) => (await conn.run(shScript(script, args))).toString("utf8"),
  };
}

describe("the SSH lock, cancelled while being taken", () => {
  it("releases a lock the cancelled script took, and rethrows the cancel", async () => {
    const dir = join(sshd.dir, "cancel-lock");
    const err = await rejection(takeSshLock(cancelledAfterScript(), "w", dir, owner("a")));
    expect(err.code).toBe("E_CANCELLED");
    expect(existsSync(join(dir, ".lock"))).toBe(false);
  });

  it("leaves another holder's lock alone", async () => {
    const dir = join(sshd.dir, "held-lock");
    await mkdir(dir, { recursive: true });
    const holder = lockText(owner("other"));
    await writeFile(join(dir, ".lock"), holder);
    // The holder is live (fresh mtime): the script reports it held, then the cancel comes.
    const err = await rejection(
      takeSshLock(cancelledAfterScript(), "w", dir, owner("b"), { waitMs: 0 }),
    );
    expect(err.code).toBe("E_CANCELLED");
    expect(await readFile(join(dir, ".lock"), "utf8")).toBe(holder);
  });
});
