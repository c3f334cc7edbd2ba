/**
 * An exclusive claim on a folder for one process, as `<folder>.lock`: created whole (written
 * under a temporary name, then linked into place) or not at all, and removed by its holder
 * only while it is still the holder's. There is no takeover: a lock left by a process that
 * died is reported with what it says, for an operator to remove.
 */
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import { SitewrightError } from "../errors.js";

/** A held folder lock. */
export interface FolderLock {
  /** The lock file, `<folder>.lock`. */
  path: string;
  /** Removes the lock if it is still this holder's. */
  release(): void;
}

/** Claims `folder` for `purpose` (named in the error another claimant gets); throws E_LOCKED when it is claimed. */
export function lockFolder(folder: string, purpose: string): FolderLock {
  // Resolved: "dir/" must lock as "dir.lock", beside the folder, never inside it.
  const path = `${resolve(folder)}.lock`;
  const token = randomBytes(8).toString("hex");
  const body = JSON.stringify({
    purpose,
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    token,
  });
  const temp = `${path}.tmp-${token}`;
  const unwritable = (cause: unknown) =>
    new SitewrightError("E_OUTPUT", `Cannot create the lock ${path}.`, {
      cause,
      hint: "Check that the folder's parent can be created and written.",
    });
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, body);
  } catch (cause) {
    throw unwritable(cause);
  }
  try {
    linkSync(temp, path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw unwritable(cause);
    throw new SitewrightError("E_LOCKED", `${folder} is in use: ${describe(path)}.`, {
      hint: `Wait for that run to end. If it is not running any more, remove ${path}.`,
      details: { lock: path },
    });
  } finally {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Never written (its folder could not be made): nothing to remove.
    }
  }
  return {
    path,
    release() {
      let now = "";
      try {
        now = readFileSync(path, "utf8");
      } catch {
        return;
      }
      if (now === body) rmSync(path, { force: true });
    },
  };
}

function describe(path: string): string {
  try {
    const held = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    return `${String(held.purpose)} by process ${String(held.pid)} on ${String(held.host)} since ${String(held.since)}`;
  } catch {
    return `its lock ${path} cannot be read`;
  }
}
