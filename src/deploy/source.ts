/** Reads the version to deploy from the local version store (its files are sent as they are). */
import { readFile, readlink } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { MANIFEST_FILE, type Manifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import {
  assertVersionId,
  assertWebsiteId,
  CURRENT_LINK,
  VERSION_FILE,
  VERSIONS_DIR,
  type VersionMeta,
} from "../versions/version-meta.js";
import type { VersionSource } from "./target.js";

/** Loads `<store>/<websiteId>/versions/<versionId>`; without a version id, the locally live one. */
export async function readVersionSource(
  store: string,
  websiteId: string,
  versionId?: string,
): Promise<VersionSource> {
  assertWebsiteId(websiteId);
  const site = join(resolve(store), websiteId);
  const id = versionId ?? (await liveVersion(site, websiteId));
  assertVersionId(id);
  const dir = join(site, VERSIONS_DIR, id);
  let manifestJson: Buffer;
  let versionJson: Buffer;
  try {
    [manifestJson, versionJson] = await Promise.all([
      readFile(join(dir, MANIFEST_FILE)),
      readFile(join(dir, VERSION_FILE)),
    ]);
  } catch (cause) {
    throw new SitewrightError(
      "E_VERSION_NOT_FOUND",
      `Version ${id} of ${websiteId} is not in the store ${store}.`,
      {
        cause,
        hint: "Run `sitewright versions list` to see the stored versions.",
      },
    );
  }
  let manifest: Manifest;
  let meta: VersionMeta;
  try {
    manifest = JSON.parse(manifestJson.toString("utf8")) as Manifest;
    meta = JSON.parse(versionJson.toString("utf8")) as VersionMeta;
  } catch (cause) {
    throw new SitewrightError(
      "E_STORE",
      `Version ${id} has an unreadable manifest.json or version.json.`,
      { cause },
    );
  }
  if (manifest?.version !== 1 || typeof manifest.files !== "object" || meta?.id !== id) {
    throw new SitewrightError(
      "E_STORE",
      `Version ${id} has an unknown manifest or metadata format.`,
    );
  }
  return { websiteId, versionId: id, dir, manifest, manifestJson, versionJson, meta };
}

async function liveVersion(site: string, websiteId: string): Promise<string> {
  try {
    return basename(await readlink(join(site, CURRENT_LINK)));
  } catch (cause) {
    throw new SitewrightError(
      "E_VERSION_NOT_FOUND",
      `Website ${websiteId} has no live version to deploy.`,
      {
        cause,
        hint: "Pass --version, or activate a version locally first.",
      },
    );
  }
}
