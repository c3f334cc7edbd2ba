/**
 * Streams one file of a build: Content-Type by extension, byte ranges through the download
 * handler's parser (src/versions/range.ts), and never the whole file in memory.
 */
import { open } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { parseRange } from "../versions/range.js";
import { contentTypeOf } from "./content-type.js";
import { BASE_HEADERS, sendText } from "./responses.js";

/** Sends `path` (a regular file found by resolveInside); ranges only with status 200. */
export async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  status: 200 | 404 = 200,
): Promise<void> {
  // Size comes from the open descriptor, so it describes the very file that is streamed.
  const handle = await open(path, "r");
  let streaming = false;
  try {
    const { size } = await handle.stat();
    const headers: Record<string, string | number> = {
      ...BASE_HEADERS,
      "Accept-Ranges": "bytes",
      "Content-Type": contentTypeOf(path),
    };
    // We send no validators, so no If-Range can match: RFC 9110 says send the whole file then.
    const rangeAllowed = status === 200 && req.headers["if-range"] === undefined;
    const range = rangeAllowed ? parseRange(req.headers.range, size) : { kind: "none" as const };
    if (range.kind === "unsatisfiable") {
      return sendText(req, res, 416, "The requested range is outside the file.", {
        "Accept-Ranges": "bytes",
        "Content-Range": `bytes */${size}`,
      });
    }
    let start = 0;
    let end = size - 1;
    if (range.kind === "single") {
      ({ start, end } = range);
      headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
    }
    headers["Content-Length"] = end - start + 1;
    res.writeHead(range.kind === "single" ? 206 : status, headers);
    if (req.method === "HEAD" || size === 0) {
      res.end();
      return;
    }
    streaming = true;
    // The stream owns the handle from here and closes it; pipeline destroys it when the
    // client goes away mid-file.
    await pipeline(handle.createReadStream({ start, end }), res).catch(() => res.destroy());
  } finally {
    if (!streaming) await handle.close();
  }
}
