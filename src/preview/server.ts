/**
 * `startPreviewServer`: serves a build directory, or a version store's live version and every
 * stored version, over HTTP on 127.0.0.1 for looking at a site before and after it goes live.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SitewrightError } from "../errors.js";
import { toLog } from "../versions/logger.js";
import { createPreviewHandler } from "./handler.js";
import { checkPreviewOptions, type PreviewServerOptions } from "./options.js";

export type { PreviewServerOptions } from "./options.js";

/** A running preview server. */
export interface PreviewServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  port: number;
  /** Stops listening and ends open connections (keep-alive ones too). */
  close(): Promise<void>;
}

/** The only address the server listens on: previews are for this machine, never the network. */
export const PREVIEW_HOST = "127.0.0.1";

/** Starts a preview server; E_USAGE for wrong options or a port in use. */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const checked = await checkPreviewOptions(options);
  if (checked.store && checked.websiteId) {
    // Fails now (E_STORE, E_UNSAFE_PATH) rather than on every request of a damaged store.
    await checked.store.list(checked.websiteId);
  }
  let port = 0;
  const server = createServer(createPreviewHandler(checked, () => port, toLog(checked.logger)));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ port: checked.port ?? 0, host: PREVIEW_HOST }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    throw listenError(err, checked.port ?? 0);
  }
  port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${PREVIEW_HOST}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // close() alone waits for idle keep-alive connections, which a browser holds open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listenError(err: unknown, port: number): SitewrightError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE" || code === "EACCES") {
    return new SitewrightError(
      "E_USAGE",
      `Cannot listen on ${PREVIEW_HOST}:${port}: ${code === "EADDRINUSE" ? "the port is in use" : "permission denied"}.`,
      { hint: "Pass another --port, or leave it out for a free one.", cause: err },
    );
  }
  return new SitewrightError("E_USAGE", `Cannot listen on ${PREVIEW_HOST}:${port}.`, {
    hint: "Pass another --port, or leave it out for a free one.",
    cause: err,
  });
}
