/** The preview server's request handler: method, host and path checks, then the routes. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Log } from "../versions/logger.js";
import type { PreviewServerOptions } from "./options.js";
import { parseRequestPath } from "./request-path.js";
import { sendText } from "./responses.js";
import { serveDirectory } from "./serve-directory.js";
import { createStoreRoutes } from "./store-routes.js";

/** A node:http request handler. */
export type PreviewHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Creates the handler for checked `options`; `port()` is known only once the server listens. */
export function createPreviewHandler(
  options: PreviewServerOptions,
  port: () => number,
  log: Log,
): PreviewHandler {
  const origin = () => `http://127.0.0.1:${port()}`;
  const storeRoutes =
    options.store && options.websiteId
      ? createStoreRoutes({
          store: options.store,
          websiteId: options.websiteId,
          thumbnail: options.thumbnail,
          origin,
          log,
        })
      : null;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return sendText(req, res, 405, "Only GET and HEAD are allowed.", { Allow: "GET, HEAD" });
    }
    // A web page whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own name as
    // Host; answering it would let that page read the previews.
    const host = req.headers.host;
    if (host !== undefined && host !== `127.0.0.1:${port()}` && host !== `localhost:${port()}`) {
      return sendText(req, res, 421, `This server answers only for 127.0.0.1:${port()}.`);
    }
    const path = parseRequestPath(req.url ?? "");
    if (!path) return sendText(req, res, 400, "Bad request: the path is malformed or unsafe.");
    if (storeRoutes) return storeRoutes(req, res, path);
    return serveDirectory(req, res, options.root ?? "", path, path.segments);
  }

  return (req, res) => {
    route(req, res).catch((err: unknown) => {
      log.warn("Preview request failed", { url: req.url, error: String(err) });
      if (!res.headersSent) sendText(req, res, 500, "The preview server failed on this request.");
      else res.destroy();
    });
  };
}
