/** Lock-free reads of version metadata; safe while a writer works because versions are immutable. */
import { readdir, readFile } from "node:fs/promises";
import { SitewrightError } from "../errors.js";
import { mapLimit } from "../util/map-limit.js";
import { isErrno } from "./fs-util.js";
import { isVersionRange, matchVersion } from "./numbering.js";
import { versionMetaFile, type WebsitePaths } from "./paths.js";
import { readCurrentId } from "./symlink.js";
import { assertVersionId, isVersionId, type VersionMeta } from "./version-meta.js";

/** Reads one version's metadata; E_VERSION_NOT_FOUND when it does not exist. */
export async function readVersionMeta(
  paths: WebsitePaths,
  versionId: string,
): Promise<VersionMeta> {
  assertVersionId(versionId);
  let text: string;
  try {
    text = await readFile(versionMetaFile(paths, versionId), "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT") || isErrno(err, "ENOTDIR")) throw notFound(paths, versionId);
    throw new SitewrightError("E_STORE", `Cannot read version ${versionId}.`, { cause: err });
  }
  try {
    return JSON.parse(text) as VersionMeta;
  } catch (cause) {
    throw new SitewrightError("E_STORE", `version.json of ${versionId} is not valid JSON.`, {
      cause,
      hint: "The store was edited by hand; restore the file or delete the version.",
    });
  }
}

/** Every complete version of a website, oldest first (ids sort by creation time). */
export async function readAllVersions(paths: WebsitePaths): Promise<VersionMeta[]> {
  let names: string[];
  try {
    names = await readdir(paths.versions);
  } catch (err) {
    if (isErrno(err, "ENOENT")) return [];
    throw err;
  }
  const ids = names.filter(isVersionId).sort();
  const metas: (VersionMeta | null)[] = new Array(ids.length).fill(null);
  await mapLimit(ids, 16, async (id, i) => {
    metas[i] = await readVersionMeta(paths, id).catch((err: unknown) => {
      // A `<id>.zip` orphan or a hand-made directory is not a version; skip it.
      if (err instanceof SitewrightError && err.code === "E_VERSION_NOT_FOUND") return null;
      throw err;
    });
  });
  return metas.filter((m): m is VersionMeta => m !== null);
}

/**
 * Finds a version by reference: an id, `current`/`live`, an exact semver number or a range
 * (`^1.3` → the newest match).
 */
export async function resolveVersion(paths: WebsitePaths, ref: string): Promise<VersionMeta> {
  if (ref === "current" || ref === "live") {
    const live = await readCurrentId(paths);
    if (live === null) {
      throw new SitewrightError(
        "E_VERSION_NOT_FOUND",
        `Website ${paths.websiteId} has no live version.`,
        {
          hint: "Activate a version first.",
        },
      );
    }
    return readVersionMeta(paths, live);
  }
  if (isVersionId(ref)) return readVersionMeta(paths, ref);
  if (!isVersionRange(ref)) throw notFound(paths, ref);
  const all = await readAllVersions(paths);
  const match = matchVersion(
    all.map((v) => v.version),
    ref,
  );
  const found = all.find((v) => v.version === match);
  if (!found) throw notFound(paths, ref);
  return found;
}

function notFound(paths: WebsitePaths, ref: string): SitewrightError {
  return new SitewrightError(
    "E_VERSION_NOT_FOUND",
    `Website ${paths.websiteId} has no version matching ${JSON.stringify(ref)}.`,
    { hint: "Run `sitewright versions list` to see the versions." },
  );
}
