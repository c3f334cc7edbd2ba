/**
 * Names every target writes into a store, shared by the local and the SSH target (and the plan
 * that keeps builds from using them), so that neither target has to import the other.
 */
import { TEMP_PREFIX } from "../versions/version-meta.js";

/** Temp dir of a version being uploaded; the store's recovery sweeps anything with TEMP_PREFIX. */
export function stagingName(versionId: string): string {
  return `${TEMP_PREFIX}upload-${versionId}`;
}

/** Name under which manifest.json travels gzipped; the SSH target's VERIFY_COMMIT unpacks it. */
export const PACKED_MANIFEST = ".manifest.json.gz";

/** Name under which the paths to hard-link travel in the SSH tar stream; UNTAR consumes it. */
export const LINKS_LIST = ".links.gz";

/** Names the upload uses in the temp dir; a build may not contain them (plan.ts refuses). */
export const CONTROL_NAMES: readonly string[] = [PACKED_MANIFEST, LINKS_LIST];
