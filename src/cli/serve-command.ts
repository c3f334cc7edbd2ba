/** `sitewright serve`: previews a build directory, or a store's live and stored versions. */
import { SitewrightError } from "../errors.js";
import { startPreviewServer } from "../preview/server.js";
import { createThumbnailer } from "../show/thumbnailer.js";
import { versionThumbnails } from "../show/version-thumbnails.js";
import { createVersionStore } from "../versions/store.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";

const USAGE = `Usage: sitewright serve <buildDir> [--port N]
       sitewright serve --store DIR --website ID [--port N]

Serves a build, or a version store's website, on http://127.0.0.1 until Ctrl-C.
With a store: the live version at /, every version at /v/<id>/, and the list at /_versions.

  --store DIR      the version store
  --website ID     the website in the store
  --port N         port on 127.0.0.1 (default: a free one)
  --chromium PATH  Chromium for the thumbnails on /_versions (default $SITEWRIGHT_CHROMIUM,
                   else /usr/bin/chromium; without one the list shows no thumbnails)`;

/** `sitewright serve`. */
export const serveCommand: Command = {
  name: ["serve"],
  summary: "Preview a build or a store's versions on 127.0.0.1",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      store: { type: "string" },
      website: { type: "string" },
      port: { type: "string" },
      chromium: { type: "string" },
    });
    const port = values.port === undefined ? undefined : parsePort(values.port);
    const fromStore = values.store !== undefined || values.website !== undefined;
    if (fromStore === positionals.length > 0 || positionals.length > 1) {
      throw new SitewrightError("E_USAGE", "Give either one <buildDir> or --store and --website.");
    }
    // Thumbnails on /_versions, shot on first view; without Chromium the list has none.
    const thumbnailer = fromStore ? createThumbnailer({ executablePath: values.chromium }) : null;
    const root = fromStore ? requireOption(values.store, "--store") : "";
    const websiteId = fromStore ? requireOption(values.website, "--website") : "";
    const server = await startPreviewServer(
      fromStore && thumbnailer
        ? {
            store: createVersionStore({
              root,
              logger: { warn: (message) => io.stderr(`warning: ${message}\n`) },
            }),
            websiteId,
            thumbnail: versionThumbnails(root, websiteId, thumbnailer),
            port,
            logger: {
              warn: (message, fields) =>
                io.stderr(`warning: ${message} ${JSON.stringify(fields)}\n`),
            },
          }
        : { root: positionals[0], port },
    );
    io.stdout(`Serving at ${server.url}/\n`);
    if (fromStore) io.stdout(`Versions: ${server.url}/_versions\n`);
    io.stdout("Press Ctrl-C to stop.\n");
    const signal = await untilSignal();
    await server.close();
    await thumbnailer?.close();
    io.stdout(`Stopped (${signal}).\n`);
    return 0;
  },
};

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new SitewrightError("E_USAGE", `--port must be a number from 0 to 65535, not ${text}.`);
  }
  return Number(text);
}

/** Resolves with the first SIGINT or SIGTERM; both listeners are removed then. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
