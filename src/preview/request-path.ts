/**
 * The path of a request, decoded segment by segment and refused when any segment could
 * name something outside the served directory. Decoding per segment (not the whole path)
 * is what keeps `%2f` from becoming a separator after the checks.
 */
import { unsafePathReason } from "../versions/safe-path.js";

/** A request path that is safe to join onto a served directory. */
export interface RequestPath {
  /** Decoded segments, without the empty one a trailing slash leaves. */
  segments: string[];
  /** True when the path ends with `/` (a directory URL). */
  directory: boolean;
  /** The path as sent (still percent-encoded), for redirects. */
  raw: string;
  /** `?…` as sent, or "". */
  search: string;
}

/** Parses a raw request target; null when it is not an origin-form path or is unsafe. */
export function parseRequestPath(target: string): RequestPath | null {
  if (!target.startsWith("/")) return null;
  const cut = target.search(/[?#]/);
  const raw = cut === -1 ? target : target.slice(0, cut);
  const search = cut !== -1 && target[cut] === "?" ? target.slice(cut).replace(/#.*$/, "") : "";
  const parts = raw.slice(1).split("/");
  const directory = parts[parts.length - 1] === "";
  if (directory) parts.pop();
  const segments: string[] = [];
  for (const part of parts) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return null; // malformed percent-encoding
    }
    if (segment.includes("/")) return null;
    segments.push(segment);
  }
  // Same rules as manifest and zip paths: no `..`, `.`, empty segments (`//etc`), backslashes,
  // control characters (NUL) or drive letters.
  if (segments.length > 0 && unsafePathReason(segments.join("/")) !== null) return null;
  return { segments, directory, raw, search };
}
