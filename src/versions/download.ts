/**
 * node:http handler serving version zips at `GET|HEAD {basePath}/download/{websiteId}/{versionId}
 * ?signature=&expires=`, resumable (Range, If-Range, strong ETag). Works as an Express or
 * Fastify (raw) handler too, since it only uses IncomingMessage and ServerResponse.
 */
import { createReadStream } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { isSitewrightError } from "../errors.js";
import { checkDownloadOptions, type DownloadHandlerOptions } from "./download-options.js";
import { toLog } from "./logger.js";
import { parseRange } from "./range.js";
import { checkSecrets, downloadPath, verifyDownloadSignature } from "./signing.js";
import type { VersionZip } from "./store.js";

export type { DownloadHandlerOptions } from "./download-options.js";

/** Longest time a client or shared cache may keep a download (the seeds' one hour). */
export const CACHE_MAX_AGE = 3600;
/** Below this many seconds of validity left, a response is not cached at all. */
export const CACHE_MIN_AGE = 60;

/** A `(req, res)` handler for node:http, Express or Fastify. */
export type DownloadHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Creates the signed, resumable download handler; E_USAGE for a wrong store, secret or basePath. */
export function createDownloadHandler(options: DownloadHandlerOptions): DownloadHandler {
  checkDownloadOptions(options);
  const log = toLog(options.logger);
  const base = (options.basePath ?? "").replace(/\/+$/, "");
  return (req, res) => {
    serve(req, res).catch((err: unknown) => {
      log.warn("Download failed", { error: String(err) });
      if (!res.headersSent) sendError(res, 500, "The download failed on the server.");
      else res.destroy();
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://localhost");
    const ids = matchRoute(url.pathname, base);
    if (!ids) return sendError(res, 404, "Not found.");
    if (method !== "GET" && method !== "HEAD") {
      return sendError(res, 405, "Only GET and HEAD are allowed.", { Allow: "GET, HEAD" });
    }
    // Signature first, so an unsigned caller learns nothing about which versions exist.
    const secrets = typeof options.secrets === "function" ? options.secrets() : options.secrets;
    // A weak secret from the function is a server fault (500, logged), never a pass.
    checkSecrets(secrets);
    const now = options.now?.() ?? Date.now();
    let expires: number;
    try {
      expires = verifyDownloadSignature({
        method,
        path: downloadPath(ids.websiteId, ids.versionId),
        signature: url.searchParams.get("signature"),
        expires: url.searchParams.get("expires"),
        secrets,
        now,
      });
    } catch (err) {
      if (isSitewrightError(err, "E_SIGNATURE")) return sendError(res, 403, err.message);
      // Malformed ids cannot have been signed by us.
      return sendError(res, 403, "The download link's signature is not valid.");
    }
    let zip: VersionZip;
    try {
      zip = await options.store.zip(ids.websiteId, ids.versionId);
    } catch (err) {
      if (
        isSitewrightError(err, "E_VERSION_NOT_FOUND") ||
        isSitewrightError(err, "E_UNSAFE_PATH")
      ) {
        return sendError(res, 404, "This version does not exist (any more).");
      }
      throw err;
    }
    sendZip(req, res, zip, ids.websiteId, cacheControl(expires, now));
  }
}

function matchRoute(
  pathname: string,
  base: string,
): { websiteId: string; versionId: string } | null {
  if (!pathname.startsWith(`${base}/download/`)) return null;
  const parts = pathname.slice(base.length + "/download/".length).split("/");
  if (parts.length !== 2) return null;
  try {
    const [websiteId, versionId] = parts.map((p) => decodeURIComponent(p)) as [string, string];
    return { websiteId, versionId };
  } catch {
    return null;
  }
}

/**
 * Caches may keep a download for an hour, but never past the link's own expiry (a cached copy
 * would outlive the permission); with under a minute left, clock skew between cache and
 * server could stretch that, so such responses are not stored at all.
 */
export function cacheControl(expires: number, nowMs: number): string {
  const left = expires - Math.floor(nowMs / 1000);
  if (left < CACHE_MIN_AGE) return "no-store";
  return `public, max-age=${Math.min(CACHE_MAX_AGE, left)}`;
}

function sendZip(
  req: IncomingMessage,
  res: ServerResponse,
  zip: VersionZip,
  websiteId: string,
  cache: string,
) {
  const etag = `"${zip.meta.manifestSha256.slice(0, 16)}-${zip.size.toString(16)}-${Math.floor(zip.mtime.getTime()).toString(16)}"`;
  const lastModified = zip.mtime.toUTCString();
  const headers: Record<string, string | number> = {
    "Accept-Ranges": "bytes",
    "Content-Type": "application/zip",
    "Cache-Control": cache,
    "Content-Disposition": `attachment; filename="${websiteId}-${zip.meta.version}.zip"`,
    ETag: etag,
    "Last-Modified": lastModified,
    "X-Content-Type-Options": "nosniff",
  };
  if (matchesEtag(req.headers["if-none-match"], etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  const ifRange = firstHeader(req.headers["if-range"]);
  const rangeAllowed = ifRange === undefined || ifRange === etag || sameSecond(ifRange, zip.mtime);
  const range = rangeAllowed ? parseRange(req.headers.range, zip.size) : { kind: "none" as const };
  if (range.kind === "unsatisfiable") {
    return sendError(res, 416, "The requested range is outside the file.", {
      ...headers,
      "Content-Range": `bytes */${zip.size}`,
    });
  }
  let start = 0;
  let end = zip.size - 1;
  if (range.kind === "single") {
    ({ start, end } = range);
    headers["Content-Range"] = `bytes ${start}-${end}/${zip.size}`;
  }
  headers["Content-Length"] = end - start + 1;
  res.writeHead(range.kind === "single" ? 206 : 200, headers);
  if (req.method === "HEAD" || zip.size === 0) {
    res.end();
    return;
  }
  // pipeline destroys the file stream when the client goes away mid-download.
  pipeline(createReadStream(zip.path, { start, end }), res).catch(() => res.destroy());
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/** If-Range with a date validates only when it equals Last-Modified (to the second). */
function sameSecond(value: string, mtime: Date): boolean {
  if (value.startsWith('"') || value.startsWith("W/")) return false;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(date / 1000) === Math.floor(mtime.getTime() / 1000);
}

/** Sends the API's JSON error body `{ "error": true, "message": ... }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string | number> = {},
): void {
  const body = JSON.stringify({ error: true, message });
  const {
    "Content-Length": _len,
    "Cache-Control": _cache,
    "Content-Type": _type,
    ...rest
  } = headers;
  res.writeHead(status, {
    ...rest,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
  });
  res.end(res.req?.method === "HEAD" ? undefined : body);
}
