/**
 * Builds link their own files from the site root (`/assets/site.css`, `/about/`), which under
 * `/v/<id>/` would load the live version's files, or nothing when none is live. A request for
 * such a path made from a `/v/<id>/` page of this server (its Referer says so) is sent to the
 * same path of that version instead, so a version looks and navigates like itself.
 */
import type { IncomingMessage } from "node:http";
import { isVersionId } from "../versions/version-meta.js";

/** The version whose page made this request, or null when it did not come from one. */
export function refererVersion(req: IncomingMessage): string | null {
  const { referer, host } = req.headers;
  if (!referer || !host) return null;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return null;
  }
  // Only this server's own pages: another origin's Referer says nothing about our versions.
  if (url.host !== host) return null;
  const id = /^\/v\/([^/]+)\//.exec(url.pathname)?.[1];
  return id !== undefined && isVersionId(id) ? id : null;
}
