/**
 * Which image URLs point into the site's own `assets/` folder. Only `/assets/...` and
 * `assets/...` (optionally `./assets/...`) are local; everything else (https://, //cdn,
 * other root paths, data: URLs) is left to the browser as it is today.
 */

/** The public URL prefix of the site's assets folder in the output. */
export const ASSETS_URL = "/assets/";

/** A local asset reference: its path inside the assets folder, or why it is refused. */
export type LocalAsset = { ok: true; rel: string } | { ok: false; reason: string };

const LOCAL = /^(?:\.\/|\/)?assets\//;
// Anchored and tolerant of surrounding blanks, so most strings fail on their first character.
const LOCAL_PROBE = /^\s*(?:\.\/|\/)?assets\//;
const RASTER = /\.(?:jpe?g|png|webp|avif|tiff?|gif|svg)$/i;

/** True when `url` names a file in the site's assets folder (decided by its prefix alone). */
export function isLocalAssetUrl(url: string): boolean {
  return LOCAL_PROBE.test(url);
}

/** True when a local asset path has an image file extension. */
export function hasImageExtension(rel: string): boolean {
  return RASTER.test(rel);
}

/**
 * The path inside the assets folder that a local URL names, with the query and fragment
 * dropped and percent-escapes decoded; `null` for URLs that are not local. `..`, empty and
 * `.` segments, backslashes and control characters are refused, decoded or not, so a URL can
 * never reach a file outside the folder.
 */
export function localAssetPath(url: string): LocalAsset | null {
  const trimmed = url.trim();
  const match = LOCAL.exec(trimmed);
  if (!match) return null;
  const raw = trimmed.slice(match[0].length).replace(/[?#].*$/s, "");
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, reason: "it has malformed percent-encoding" };
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(decoded)) {
    return { ok: false, reason: "it contains a backslash or a control character" };
  }
  const segments = decoded.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    return { ok: false, reason: "it leaves the assets folder (empty, '.' or '..' segment)" };
  }
  return { ok: true, rel: segments.join("/") };
}

/** The root-relative public URL of a file in the assets folder, percent-encoded per segment. */
export function assetUrl(rel: string): string {
  return ASSETS_URL + rel.split("/").map(encodeURIComponent).join("/");
}
