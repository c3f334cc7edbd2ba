/**
 * The routes of a version store: the live version at `/`, each version at `/v/<id>/`, the
 * `/_versions` page and its thumbnails.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isSitewrightError } from "../errors.js";
import type { Log } from "../versions/logger.js";
import type { VersionStore } from "../versions/store-types.js";
import { isVersionId } from "../versions/version-meta.js";
import type { PreviewServerOptions } from "./options.js";
import type { RequestPath } from "./request-path.js";
import { redirect, sendBody, sendHtml, sendText } from "./responses.js";
import { serveDirectory } from "./serve-directory.js";
import { refererVersion } from "./version-referer.js";
import { noSuchVersionPage, nothingLivePage, versionsPage } from "./versions-page.js";

/** What the store routes need from the server. */
export interface StoreContext {
  store: VersionStore;
  websiteId: string;
  thumbnail: PreviewServerOptions["thumbnail"];
  /** The server's own origin, `http://127.0.0.1:<port>`. */
  origin: () => string;
  log: Log;
}

/** Answers a request in store mode. */
export function createStoreRoutes(
  ctx: StoreContext,
): (req: IncomingMessage, res: ServerResponse, path: RequestPath) => Promise<void> {
  const { store, websiteId } = ctx;
  // Versions never change, so neither do their thumbnails: each is made once per server.
  const thumbs = new Map<string, Promise<Buffer | null>>();

  async function versionExists(id: string): Promise<boolean> {
    if (!isVersionId(id)) return false;
    try {
      await store.get(websiteId, id);
      return true;
    } catch (err) {
      if (isSitewrightError(err, "E_VERSION_NOT_FOUND")) return false;
      throw err;
    }
  }

  async function listing(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [items, state] = await Promise.all([
      store.list(websiteId),
      store.currentState(websiteId),
    ]);
    const html = versionsPage({ websiteId, items, state, thumbnails: Boolean(ctx.thumbnail) });
    sendHtml(req, res, 200, html);
  }

  async function thumbnail(req: IncomingMessage, res: ServerResponse, file: string) {
    const id = file.endsWith(".webp") ? file.slice(0, -".webp".length) : "";
    const make = ctx.thumbnail;
    if (!make || !(await versionExists(id))) return sendText(req, res, 404, "No thumbnail.");
    let shot = thumbs.get(id);
    if (!shot) {
      shot = make(id, `${ctx.origin()}/v/${id}/`);
      thumbs.set(id, shot);
      // Only a finished thumbnail is kept; a failure or "none yet" is asked for again.
      shot.then(
        (webp) => webp || thumbs.delete(id),
        () => thumbs.delete(id),
      );
    }
    let webp: Buffer | null;
    try {
      webp = await shot;
    } catch (err) {
      ctx.log.warn("Thumbnail failed", { versionId: id, error: String(err) });
      return sendText(req, res, 500, `The thumbnail of ${id} could not be made.`);
    }
    if (!webp) return sendText(req, res, 404, "No thumbnail.");
    sendBody(req, res, 200, "image/webp", webp);
  }

  return async (req, res, path) => {
    const [first, second, third] = path.segments;
    if (first === "_versions") {
      if (path.segments.length === 1 && !path.directory) return listing(req, res);
      // The page is a file, not a folder: the slash a user or a link adds goes, as /v/ does.
      if (path.segments.length === 1) return redirect(req, res, 301, `/_versions${path.search}`);
      if (second === "thumb" && third !== undefined && path.segments.length === 3) {
        return thumbnail(req, res, third);
      }
      return sendText(req, res, 404, "Not found.");
    }
    if (first === "v") {
      if (second === undefined) return redirect(req, res, 302, "/_versions");
      if (!(await versionExists(second))) {
        return sendHtml(req, res, 404, noSuchVersionPage(second));
      }
      if (path.segments.length === 2 && !path.directory) {
        return redirect(req, res, 301, `${path.raw}/${path.search}`);
      }
      const dir = store.versionDir(websiteId, second);
      return serveDirectory(req, res, dir, path, path.segments.slice(2));
    }
    const from = refererVersion(req);
    if (from !== null) {
      // Temporary and varying: the same path from another page means another version.
      return redirect(req, res, 302, `/v/${from}${path.raw}${path.search}`, { Vary: "Referer" });
    }
    const state = await store.currentState(websiteId);
    if (state.kind !== "live") return sendHtml(req, res, 503, nothingLivePage(websiteId, state));
    return serveDirectory(req, res, store.versionDir(websiteId, state.id), path, path.segments);
  };
}
