/**
 * An exclusive claim on a folder for one process, as `<folder>.lock`: created whole (written
 * under a temporary name, then linked into place) or not at all, and removed by its holder
 * only while it is still the holder's. There is no takeover: a lock left by a process that
 * died is reported with what it says, for an operator to remove. The record is the version
 * store's lock record (lock-record.ts).
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SitewrightError } from "../errors.js";
import { createLockOwner, describeOwner, lockText, parseLockOwner } from "./lock-record.js";

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
  const owner = createLockOwner("sitewright", purpose);
  const temp = `${path}.tmp-${owner.token}`;
  const unwritable = (cause: unknown) =>
    new SitewrightError("E_OUTPUT", `Cannot create the lock ${path}.`, {
      cause,
      hint: "Check that the folder's parent can be created and written.",
    });
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temp, lockText(owner));
  } catch (cause) {
    throw unwritable(cause);
  }
  try {
    linkSync(temp, path);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw unwritable(cause);
    throw new SitewrightError("E_LOCKED", `${folder} is in use by ${describe(path)}.`, {
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
      let text = "";
      try {
        text = readFileSync(path, "utf8");
      } catch {
        return;
      }
      if (parseLockOwner(text)?.token === owner.token) rmSync(path, { force: true });
    },
  };
}

function describe(path: string): string {
  try {
    return describeOwner(parseLockOwner(readFileSync(path, "utf8")));
  } catch {
    return "an unknown writer";
  }
}
