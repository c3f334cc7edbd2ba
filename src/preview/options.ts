/**
 * Options of the preview server, checked before anything listens: a server started from a
 * wrong store or a missing build would otherwise answer 500 or 404 to every request instead
 * of failing once, at startup, with what to do.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { MANIFEST_FILE } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import type { VersionLogger } from "../versions/logger.js";
import type { VersionStore } from "../versions/store-types.js";
import { assertWebsiteId } from "../versions/version-meta.js";

/** Options of `startPreviewServer`: a build directory, or a version store and a website. */
export interface PreviewServerOptions {
  /** A build directory (has manifest.json) to serve at `/`. */
  root?: string;
  /** Or: a version store: the live version at `/`, each version at `/v/<id>/`, and `/_versions`. */
  store?: VersionStore;
  /** The website of `store` to serve. */
  websiteId?: string;
  /** Port on 127.0.0.1 (default 0: a free port). */
  port?: number;
  /** A WebP thumbnail of a version's home page for `/_versions`; null = none. */
  thumbnail?: (versionId: string, homeUrl: string) => Promise<Buffer | null>;
  /** Receives requests that failed on the server (500) and failed thumbnails. */
  logger?: VersionLogger;
}

const HINT =
  "Pass root: <build directory>, or store: createVersionStore({ root }) with websiteId (CLI: `sitewright serve <dir>` or `sitewright serve --store DIR --website ID`).";

/** Throws E_USAGE (E_UNSAFE_PATH for a bad website id) unless `options` can make a server. */
export async function checkPreviewOptions(options: unknown): Promise<PreviewServerOptions> {
  if (typeof options !== "object" || options === null) {
    throw usage("startPreviewServer needs an options object.");
  }
  const { root, store, websiteId, port, thumbnail, logger } = options as Record<string, unknown>;
  const storeMode = store !== undefined || websiteId !== undefined;
  if (root !== undefined && storeMode) {
    throw usage("startPreviewServer was given both a build directory (root) and a store.");
  }
  if (root === undefined && !storeMode) {
    throw usage("startPreviewServer needs a build directory (root) or a store and websiteId.");
  }
  if (storeMode) {
    if (typeof store === "string") {
      throw usage(`startPreviewServer was given the path ${JSON.stringify(store)} as its store.`);
    }
    if (typeof (store as VersionStore | null)?.list !== "function") {
      throw usage("startPreviewServer's store is not a version store.");
    }
    if (websiteId === undefined) throw usage("startPreviewServer's store needs a websiteId.");
    assertWebsiteId(websiteId);
  } else {
    if (typeof root !== "string" || root === "") {
      throw usage("startPreviewServer's root is not a path.");
    }
    await checkBuildDir(root);
  }
  if (port !== undefined && !isPort(port)) {
    throw new SitewrightError("E_USAGE", `Port ${JSON.stringify(port)} is not a port number.`, {
      hint: "Pass a whole number from 1 to 65535, or 0 (the default) for a free port.",
    });
  }
  if (thumbnail !== undefined && typeof thumbnail !== "function") {
    throw usage("startPreviewServer's thumbnail is not a function.");
  }
  return { root, store, websiteId, port, thumbnail, logger } as PreviewServerOptions;
}

async function checkBuildDir(root: string): Promise<void> {
  const hint = "Build the site first: sitewright build <site> --out <dir>, then serve <dir>.";
  const info = await stat(root).catch(() => null);
  if (!info?.isDirectory()) {
    throw new SitewrightError("E_USAGE", `${root} is not a directory.`, { hint });
  }
  const manifest = await stat(join(root, MANIFEST_FILE)).catch(() => null);
  if (!manifest?.isFile()) {
    throw new SitewrightError("E_USAGE", `${root} is not a build: it has no ${MANIFEST_FILE}.`, {
      hint,
    });
  }
}

function isPort(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 65535;
}

function usage(message: string): SitewrightError {
  return new SitewrightError("E_USAGE", message, { hint: HINT });
}
