/**
 * What `current` is: absent, a link to a version of this store, or broken. A link is only
 * trusted when it resolves to a complete version directory of this very website; anything
 * else (a link to /etc or ../other-site, a dangling link, a plain file or directory made by
 * hand) is broken, so nothing is ever served or rolled back from it.
 */
import { lstat, readlink } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { SitewrightError } from "../errors.js";
import { isErrno } from "./fs-util.js";
import { versionMetaFile, type WebsitePaths } from "./paths.js";
import { isVersionId } from "./version-meta.js";

/** A `current` that cannot be trusted, and why. */
export interface BrokenCurrent {
  kind: "broken";
  /** Human reason, completing "current …", e.g. "points to /etc, outside versions/". */
  reason: string;
  /** The link's target, or null when `current` is not a symlink. */
  target: string | null;
  /** What `current` is on disk; a directory cannot be replaced by one rename. */
  entry: "symlink" | "file" | "directory";
}

/** The state of `current`: nothing activated yet, a live version, or broken. */
export type CurrentState = { kind: "none" } | { kind: "live"; id: string } | BrokenCurrent;

/** Inspects `current` without following it anywhere outside the website's versions. */
export async function inspectCurrent(paths: WebsitePaths): Promise<CurrentState> {
  const info = await lstatOrNull(paths.current);
  if (info === null) return { kind: "none" };
  if (!info.isSymbolicLink()) {
    const entry = info.isDirectory() ? "directory" : "file";
    return { kind: "broken", reason: `is a ${entry}, not a symlink`, target: null, entry };
  }
  const target = await readlink(paths.current);
  const id = basename(target);
  const broken = (reason: string): BrokenCurrent => ({
    kind: "broken",
    reason,
    target,
    entry: "symlink",
  });
  // Resolved lexically against the website directory: the target must be versions/<id> here.
  if (!isVersionId(id) || resolve(paths.dir, target) !== join(paths.versions, id)) {
    return broken(`points to ${target}, which is not a version of this website`);
  }
  const dir = await lstatOrNull(join(paths.versions, id));
  if (dir === null) return broken(`points to ${target}, which does not exist (dangling)`);
  if (!dir.isDirectory()) return broken(`points to ${target}, which is not a directory`);
  if ((await lstatOrNull(versionMetaFile(paths, id))) === null) {
    return broken(`points to ${target}, which is incomplete (no version.json)`);
  }
  return { kind: "live", id };
}

/** The E_STORE error for reads and rollbacks that refuse to trust a broken `current`. */
export function brokenCurrentError(paths: WebsitePaths, state: BrokenCurrent): SitewrightError {
  return new SitewrightError(
    "E_STORE",
    `Website ${paths.websiteId} has no live version: ${paths.current} ${state.reason}.`,
    {
      hint: "Run `sitewright versions activate <version>` (or `rollback --to <version>`) to replace it; the broken link is recorded in history.",
      details: { current: paths.current, target: state.target, entry: state.entry },
    },
  );
}

async function lstatOrNull(path: string) {
  try {
    return await lstat(path);
  } catch (err) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) return null;
    throw new SitewrightError("E_STORE", `Cannot inspect ${path}.`, {
      cause: err,
      hint: "Check the store's permissions.",
    });
  }
}
