/** Short content hashes for the build record: change detection, not security. */
import { sha256Hex } from "../../util/sha256.js";

/**
 * Hex characters kept of each sha256. 64 bits: a build record compares a few hundred
 * thousand hashes at most, so an accidental collision is out of reach (about 1 in 10^8 for
 * a million values), and the record stays small enough to read in a few milliseconds.
 */
const KEEP = 16;

/** The short hash of a JSON-serializable value (key order as built: the data is normalized). */
export function hashValue(value: unknown): string {
  return sha256Hex(JSON.stringify(value) ?? "undefined").slice(0, KEEP);
}
