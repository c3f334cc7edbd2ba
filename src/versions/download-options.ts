/**
 * Options of the download handler, checked once when it is created: a handler built from a
 * wrong store or a weak secret would otherwise fail (500) or, worse, serve forged links on
 * every request instead of failing at startup.
 */
import { SitewrightError } from "../errors.js";
import type { VersionLogger } from "./logger.js";
import { checkSecrets } from "./signing.js";
import type { VersionStore } from "./store.js";

/** Options of `createDownloadHandler`. */
export interface DownloadHandlerOptions {
  store: VersionStore;
  /**
   * Accepted secrets, each at least MIN_SECRET_BYTES (all verify; rotate by adding the new one
   * first). A function is read and checked per request; a weak result answers 500.
   */
  secrets: readonly string[] | (() => readonly string[]);
  /** Path the handler is mounted under, e.g. `/services/websites/v1/generator`; default "". */
  basePath?: string;
  logger?: VersionLogger;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** Throws E_USAGE, naming the option, unless `options` can make a working handler. */
export function checkDownloadOptions(options: unknown): asserts options is DownloadHandlerOptions {
  if (typeof options !== "object" || options === null) {
    throw usage("createDownloadHandler needs an options object.");
  }
  const { store, secrets, basePath, now } = options as Record<string, unknown>;
  if (typeof store === "string") {
    throw usage(`createDownloadHandler was given the path ${JSON.stringify(store)} as its store.`);
  }
  if (typeof (store as VersionStore | null)?.zip !== "function") {
    throw usage("createDownloadHandler's store is not a version store.");
  }
  if (typeof secrets !== "function") checkSecrets(secrets);
  if (basePath !== undefined && (typeof basePath !== "string" || !/^(\/.*)?$/.test(basePath))) {
    throw new SitewrightError(
      "E_USAGE",
      `createDownloadHandler's basePath ${JSON.stringify(basePath)} does not start with "/".`,
      { hint: 'Pass the mount path, e.g. basePath: "/generator", or leave it out.' },
    );
  }
  if (now !== undefined && typeof now !== "function") {
    throw new SitewrightError("E_USAGE", "createDownloadHandler's now is not a function.", {
      hint: "Pass now: () => Date.now(), or leave it out.",
    });
  }
}

function usage(message: string): SitewrightError {
  return new SitewrightError("E_USAGE", message, {
    hint: "Pass store: createVersionStore({ root }) (not the root path itself).",
  });
}
