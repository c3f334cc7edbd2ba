/**
 * Reads the version to deploy from the local version store, through the `VersionStore`
 * interface: its references (id, number, range, `current`) and its broken-`current` checks are
 * the store's own, so a deploy never trusts a `current` the store would refuse.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { MANIFEST_FILE, type Manifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import type { VersionStore } from "../versions/store-types.js";
import { assertWebsiteId, VERSION_FILE, type VersionMeta } from "../versions/version-meta.js";
import type { VersionSource } from "./target.js";

/** Loads a stored version by reference; without one, the version live in the store. */
export async function readVersionSource(
  store: VersionStore,
  websiteId: string,
  ref?: string,
): Promise<VersionSource> {
  assertWebsiteId(websiteId);
  const meta = await resolveSource(store, websiteId, ref);
  const id = meta.id;
  const dir = store.versionDir(websiteId, id);
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
      `Version ${id} of ${websiteId} is not in the store ${store.root}.`,
      {
        cause,
        hint: "Run `sitewright versions list` to see the stored versions.",
      },
    );
  }
  let manifest: Manifest;
  let parsed: VersionMeta;
  try {
    manifest = JSON.parse(manifestJson.toString("utf8")) as Manifest;
    parsed = JSON.parse(versionJson.toString("utf8")) as VersionMeta;
  } catch (cause) {
    throw new SitewrightError(
      "E_STORE",
      `Version ${id} has an unreadable manifest.json or version.json.`,
      { cause },
    );
  }
  if (manifest?.version !== 1 || typeof manifest.files !== "object" || parsed?.id !== id) {
    throw new SitewrightError(
      "E_STORE",
      `Version ${id} has an unknown manifest or metadata format.`,
    );
  }
  return { websiteId, versionId: id, dir, manifest, manifestJson, versionJson, meta: parsed };
}

async function resolveSource(
  store: VersionStore,
  websiteId: string,
  ref: string | undefined,
): Promise<VersionMeta> {
  if (ref !== undefined) return store.resolve(websiteId, ref);
  // `current()` throws E_STORE for a broken link (one outside the store is never taken as live).
  const live = await store.current(websiteId);
  if (live === null) {
    throw new SitewrightError(
      "E_VERSION_NOT_FOUND",
      `Website ${websiteId} has no live version to deploy.`,
      { hint: "Pass --version, or activate a version locally first." },
    );
  }
  return live;
}
