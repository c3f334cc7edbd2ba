/**
 * The `current` symlink. It is switched by creating a temp link and renaming it over
 * `current`: rename(2) replaces the name atomically, so readers see the old or the new
 * version, never none. O(1) whatever the size of the site.
 */
import { readlink, rename, rm, symlink } from "node:fs/promises";
import { basename, join } from "node:path";
import { SitewrightError } from "../errors.js";
import { fsyncPath, isErrno, tempName } from "./fs-util.js";
import { currentTarget, type WebsitePaths } from "./paths.js";
import { isVersionId, VERSIONS_DIR } from "./version-meta.js";

/** Id of the live version, or null when nothing was ever activated. */
export async function readCurrentId(paths: WebsitePaths): Promise<string | null> {
  let target: string;
  try {
    target = await readlink(paths.current);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return null;
    throw new SitewrightError("E_STORE", `${paths.current} is not a symlink.`, {
      cause: err,
      hint: "Remove it and activate a version again.",
    });
  }
  const id = basename(target);
  if (!isVersionId(id) || !target.replace(/\\/g, "/").includes(`${VERSIONS_DIR}/`)) {
    throw new SitewrightError("E_STORE", `${paths.current} points to ${target}, not a version.`, {
      hint: "Activate a version to repair the link.",
    });
  }
  return id;
}

/** Points `current` at a version atomically and makes the switch durable. */
export async function switchCurrent(paths: WebsitePaths, versionId: string): Promise<void> {
  const tmp = join(paths.dir, tempName("current"));
  await symlink(currentTarget(versionId), tmp);
  try {
    await rename(tmp, paths.current);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncPath(paths.dir);
}
