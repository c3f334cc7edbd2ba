/** Serves one build directory: files, `index.html` for directory URLs, the site's 404 page. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestPath } from "./request-path.js";
import { resolveInside } from "./resolve-file.js";
import { redirect, sendText } from "./responses.js";
import { sendFile } from "./send-file.js";

/** The site's own not-found page at the root of every build. */
const NOT_FOUND_PAGE = "404.html";

/**
 * Answers `path` from `base`; `segments` is the part of the path below `base` (the whole
 * path at `/`, the rest after `/v/<id>/` for a version). Redirects keep the path as sent.
 */
export async function serveDirectory(
  req: IncomingMessage,
  res: ServerResponse,
  base: string,
  path: RequestPath,
  segments: readonly string[],
): Promise<void> {
  const found = await resolveInside(base, segments);
  if (found.kind === "directory") {
    // Without the slash, the page's relative links would resolve against the parent.
    if (!path.directory) return redirect(req, res, 301, `${path.raw}/${path.search}`);
    const index = await resolveInside(base, [...segments, "index.html"]);
    if (index.kind === "file") return sendFile(req, res, index.path);
  } else if (found.kind === "file" && !path.directory) {
    return sendFile(req, res, found.path);
  }
  return sendNotFound(req, res, base);
}

/** The build's own 404.html with status 404, or a plain 404 when it has none. */
export async function sendNotFound(
  req: IncomingMessage,
  res: ServerResponse,
  base: string,
): Promise<void> {
  const page = await resolveInside(base, [NOT_FOUND_PAGE]);
  if (page.kind === "file") return sendFile(req, res, page.path, 404);
  sendText(req, res, 404, "Not found.");
}
