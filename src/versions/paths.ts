/** Paths inside a version store; every id is validated before it becomes a path segment. */
import { join, resolve } from "node:path";
import {
  assertVersionId,
  assertWebsiteId,
  CURRENT_LINK,
  DEPLOYMENTS_DIR,
  HISTORY_FILE,
  LOCK_FILE,
  VERSION_FILE,
  VERSIONS_DIR,
} from "./version-meta.js";

/** Resolved locations of one website's store entries. */
export interface WebsitePaths {
  websiteId: string;
  dir: string;
  versions: string;
  current: string;
  history: string;
  lock: string;
  deployments: string;
  /** Thumbnails of the website's pages, templates and layouts (src/show/thumbnail-service.ts). */
  thumbnails: string;
}

/** Paths of one website in the store rooted at `root`; throws E_UNSAFE_PATH on a bad id. */
export function websitePaths(root: string, websiteId: string): WebsitePaths {
  assertWebsiteId(websiteId);
  const dir = join(resolve(root), websiteId);
  return {
    websiteId,
    dir,
    versions: join(dir, VERSIONS_DIR),
    current: join(dir, CURRENT_LINK),
    history: join(dir, HISTORY_FILE),
    lock: join(dir, LOCK_FILE),
    deployments: join(dir, DEPLOYMENTS_DIR),
    thumbnails: join(dir, "thumbnails"),
  };
}

/** Directory of a version; throws E_VERSION_NOT_FOUND on a malformed id. */
export function versionDir(paths: WebsitePaths, versionId: string): string {
  assertVersionId(versionId);
  return join(paths.versions, versionId);
}

/** The zip of a version. */
export function versionZip(paths: WebsitePaths, versionId: string): string {
  assertVersionId(versionId);
  return join(paths.versions, `${versionId}.zip`);
}

/** The version.json of a version. */
export function versionMetaFile(paths: WebsitePaths, versionId: string): string {
  return join(versionDir(paths, versionId), VERSION_FILE);
}

/** Target written into the `current` symlink: relative, so a store can be moved or mounted. */
export function currentTarget(versionId: string): string {
  assertVersionId(versionId);
  return `${VERSIONS_DIR}/${versionId}`;
}
