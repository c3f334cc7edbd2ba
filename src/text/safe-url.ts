// biome-ignore-all lint/suspicious/noControlCharactersInRegex: finding control characters is the point
// biome-ignore-all lint/suspicious/noMisleadingCharacterClass: a set of single code points, not graphemes
/**
 * URL allow-listing for every href/src the renderer emits. A URL passes when it has no
 * scheme (relative, fragment, query, protocol-relative) or an allowed one; the check runs on
 * a normalized copy that undoes every trick browsers tolerate, while the caller gets the
 * original (trimmed) string back to escape into its attribute.
 */

import { decodeLoosely } from "./char-refs.js";

/** Options of safeUrl. */
export interface SafeUrlOptions {
  /** Also accept `data:image/(png|jpeg|gif|webp)` URLs (for `img src` only). */
  allowDataImages?: boolean;
}

const ALLOWED_SCHEMES = new Set(["http", "https", "mailto", "tel"]);

/** Browsers strip leading/trailing C0 controls and spaces (WHATWG URL "strip"). */
const EDGE_JUNK = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/g;
/**
 * Removed everywhere before finding the scheme: controls (browsers drop tab/CR/LF inside
 * URLs, old engines NUL), whitespace and invisible format characters.
 */
const INVISIBLE =
  /[\u0000-\u0020\u007f-\u00a0\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]/g;
const SCHEME = /^([a-z][a-z0-9+.-]*):/;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|jpg|gif|webp)[;,]/;
/**
 * Fast path: a literal http(s) URL or root-relative path without controls or backslashes.
 * Its scheme is settled by its first characters, so references later in it cannot change it.
 */
const PLAIN =
  /^(?:https?:\/\/[a-z0-9.-]+(?:[:/?#]|$)|\/(?![/\\]))[^\u0000-\u0020\u007f-\u00a0\\]*$/i;

/**
 * Returns the URL (trimmed) when it is safe to put in an href/src: http, https, mailto, tel,
 * or no scheme at all; `null` for anything else (`javascript:`, `vbscript:`, `data:`, unknown
 * schemes, obfuscated variants of them) and for empty input.
 */
export function safeUrl(url: unknown, options?: SafeUrlOptions): string | null {
  if (typeof url !== "string") return null;
  const trimmed = url.replace(EDGE_JUNK, "");
  if (trimmed === "") return null;
  if (PLAIN.test(trimmed)) return trimmed;
  return isSafe(trimmed, options?.allowDataImages === true) ? trimmed : null;
}

function isSafe(url: string, allowDataImages: boolean): boolean {
  // Decode twice: a value may have been entity-encoded once more than it will be decoded.
  const probe = decodeLoosely(decodeLoosely(url)).replace(INVISIBLE, "").toLowerCase();
  // A colon before any of / ? # means the first segment is a scheme to browsers; colons later
  // (paths, queries, ports) do not matter.
  const colon = probe.indexOf(":");
  if (colon === -1) return true;
  const head = probe.slice(0, colon);
  if (/[/?#\\]/.test(head)) return true;
  const match = SCHEME.exec(probe);
  if (!match) return false;
  const scheme = match[1] as string;
  if (ALLOWED_SCHEMES.has(scheme)) return true;
  return allowDataImages && scheme === "data" && DATA_IMAGE.test(probe);
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// Quotes, angle brackets, backticks and blanks have no business in a logo or favicon URL.
const ASSET_JUNK = /[\u0000-\u0020\u007f<>"'`\\]/;

/**
 * The URL (trimmed) when it can name a file the site shows (a logo, a favicon): an absolute
 * http(s) URL with a host, or a path on the site (`/assets/logo.svg`, `assets/logo.svg`);
 * `null` for other schemes, protocol-relative `//host` (its scheme is left to the page) and
 * anything safeUrl refuses.
 */
export function safeAssetUrl(url: unknown): string | null {
  const safe = safeUrl(url);
  if (safe === null || ASSET_JUNK.test(safe) || safe.startsWith("//")) return null;
  if (!HAS_SCHEME.test(safe)) return safe;
  if (!/^https?:/i.test(safe)) return null;
  try {
    return new URL(safe).hostname === "" ? null : safe;
  } catch {
    return null;
  }
}
