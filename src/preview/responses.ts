/** Small responses of the preview server: text, HTML pages and redirects, all uncached. */
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Headers on every answer. `no-store`: the same URL shows another version after a switch, so
 * nothing may be reused from a cache.
 */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
  // The version a page belongs to is read from the Referer (see version-referer.ts).
  "Referrer-Policy": "same-origin",
};

/** Sends `body` with `status` and `type`; HEAD gets the headers only. */
export function sendBody(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  const data = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, {
    ...BASE_HEADERS,
    ...headers,
    "Content-Type": type,
    "Content-Length": data.length,
  });
  res.end(req.method === "HEAD" ? undefined : data);
}

/** A plain-text answer (errors that have no page of the site to show). */
export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  sendBody(req, res, status, "text/plain; charset=utf-8", `${text}\n`, headers);
}

/** An HTML page of the server itself (versions list, nothing live). */
export function sendHtml(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  sendBody(req, res, status, "text/html; charset=utf-8", html, headers);
}

/** Redirects to a same-origin `location` (always a path starting with a single `/`). */
export function redirect(
  req: IncomingMessage,
  res: ServerResponse,
  status: 301 | 302,
  location: string,
  headers: Record<string, string> = {},
): void {
  sendText(req, res, status, `Moved to ${location}`, { ...headers, Location: location });
}
