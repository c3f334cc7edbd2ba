/** Semver numbering of versions: the next number on create and range lookups on resolve. */
import semver from "semver";
import { SitewrightError } from "../errors.js";

/** Which part of the version number a new version bumps. */
export type Bump = "patch" | "minor" | "major";

/** Number of the very first version of a website. */
export const FIRST_VERSION = "1.0.0";

/** The number after the highest existing one; `FIRST_VERSION` when there is none. */
export function nextVersion(existing: readonly string[], bump: Bump = "patch"): string {
  const valid = existing.filter((v) => semver.valid(v) !== null);
  if (valid.length === 0) return FIRST_VERSION;
  const highest = semver.rsort([...valid])[0] as string;
  const next = semver.inc(highest, bump);
  if (next === null) {
    throw new SitewrightError("E_STORE", `Cannot bump version ${highest} by ${bump}.`);
  }
  return next;
}

/** Throws E_USAGE unless `bump` is patch, minor or major. */
export function parseBump(bump: unknown): Bump {
  if (bump === undefined) return "patch";
  if (bump === "patch" || bump === "minor" || bump === "major") return bump;
  throw new SitewrightError("E_USAGE", `Unknown bump ${JSON.stringify(bump)}.`, {
    hint: "Use patch, minor or major.",
  });
}

/** The highest of `versions` matching `ref` (an exact number or a range like ^1.3), or null. */
export function matchVersion(versions: readonly string[], ref: string): string | null {
  const range = semver.validRange(ref);
  if (range === null) return null;
  return semver.maxSatisfying([...versions], range);
}

/** True when `ref` could be a semver number or range (so it is not a version id). */
export function isVersionRange(ref: string): boolean {
  return semver.validRange(ref) !== null;
}
