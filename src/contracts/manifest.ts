import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SitewrightError } from "../errors.js";

/** File name of the manifest at the root of every build and version. */
export const MANIFEST_FILE = "manifest.json";

/** Size and content hash of one output file. */
export interface ManifestEntry {
  size: number;
  /** Lowercase hex sha256 of the file's bytes. */
  sha256: string;
}

/**
 * Every file of a build (posix paths relative to the build root, sorted, the manifest itself
 * excluded). Versions and deploys diff and verify with it instead of re-reading the files.
 */
export interface Manifest {
  version: 1;
  files: Record<string, ManifestEntry>;
}

/** Builds a manifest with its keys in sorted order, so equal builds serialize identically. */
export function createManifest(entries: Iterable<[string, ManifestEntry]>): Manifest {
  const sorted = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { version: 1, files: Object.fromEntries(sorted) };
}

/** Total bytes of the files a manifest lists. */
export function manifestBytes(manifest: Manifest): number {
  let total = 0;
  for (const entry of Object.values(manifest.files)) total += entry.size;
  return total;
}

/** Reads and checks `manifest.json` in a build or version directory. */
export async function readManifest(dir: string): Promise<Manifest> {
  const file = join(dir, MANIFEST_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new SitewrightError("E_STORE", `Cannot read the build manifest ${file}.`, {
      cause,
      hint: "Point at a directory produced by `sitewright build`.",
    });
  }
  const m = parsed as Partial<Manifest>;
  if (m?.version !== 1 || typeof m.files !== "object" || m.files === null) {
    throw new SitewrightError("E_STORE", `The build manifest ${file} has an unknown format.`, {
      hint: "Rebuild the site with this version of sitewright.",
    });
  }
  return m as Manifest;
}
