/**
 * The `current` symlink. It is switched by creating a temp link and renaming it over
 * `current`: rename(2) replaces the name atomically, so readers see the old or the new
 * version, never none. O(1) whatever the size of the site.
 */
import { link, rename, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { type BrokenCurrent, brokenCurrentError, inspectCurrent } from "./current-state.js";
import { fsyncPath, isErrno, tempName } from "./fs-util.js";
import { currentTarget, type WebsitePaths } from "./paths.js";

/** Id of the live version, null when nothing was ever activated; E_STORE when `current` is broken. */
export async function readCurrentId(paths: WebsitePaths): Promise<string | null> {
  const state = await inspectCurrent(paths);
  if (state.kind === "broken") throw brokenCurrentError(paths, state);
  return state.kind === "live" ? state.id : null;
}

/**
 * Points `current` at a version atomically and makes the switch durable. When `broken` says
 * `current` is a hand-made file or directory, it is kept as `current.broken-<time>` (returned)
 * rather than destroyed; a broken symlink is simply replaced (its target goes to history).
 */
export async function switchCurrent(
  paths: WebsitePaths,
  versionId: string,
  broken?: BrokenCurrent,
): Promise<string | null> {
  const tmp = join(paths.dir, tempName("current"));
  await symlink(currentTarget(versionId), tmp);
  let keptAs: string | null = null;
  try {
    if (broken && broken.entry !== "symlink") keptAs = await keepAside(paths, broken);
    await rename(tmp, paths.current);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncPath(paths.dir);
  return keptAs;
}

/**
 * Saves a broken non-link `current` under a name recovery never sweeps. A file is hard-linked,
 * so the rename that follows still replaces `current` atomically; a directory cannot be
 * renamed over, so it moves first (nothing was live during that moment anyway).
 */
async function keepAside(paths: WebsitePaths, broken: BrokenCurrent): Promise<string> {
  const name = `current.broken-${new Date().toISOString().replace(/[-:.]/g, "")}`;
  const aside = join(paths.dir, name);
  if (broken.entry === "file") {
    try {
      await link(paths.current, aside);
      return name;
    } catch (err) {
      // Hard links can be refused (some filesystems); moving it keeps it just as well.
      if (!isErrno(err, "EPERM") && !isErrno(err, "EXDEV") && !isErrno(err, "ENOTSUP")) throw err;
    }
  }
  await rename(paths.current, aside);
  return name;
}
