/** `sitewright release`: turns a build directory into a new version, optionally making it live. */
import { parseBump } from "../versions/numbering.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";
import {
  openStore,
  printJson,
  STORE_OPTIONS,
  STORE_USAGE,
  versionLine,
} from "./versions-cli-util.js";

const USAGE = `Usage: sitewright release <buildDir> --store DIR --website ID [--activate] [--bump patch|minor|major]
                          [--version X.Y.Z] [--actor NAME] [--note TEXT] [--json]

Stores the build in <buildDir> (a directory with manifest.json, as written by
\`sitewright build\`) as a new immutable version with its zip.

  --activate       make the new version live at once
  --bump PART      which part of the version number to raise (default patch)
  --version X.Y.Z  use this exact number instead
  --note TEXT      free text kept with the version
${STORE_USAGE}`;

/** `sitewright release <buildDir>`. */
export const releaseCommand: Command = {
  name: ["release"],
  summary: "Store a build as a new version (and activate it)",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...STORE_OPTIONS,
      activate: { type: "boolean" },
      bump: { type: "string" },
      version: { type: "string" },
      note: { type: "string" },
    });
    const buildDir = requireOption(positionals[0], "<buildDir>");
    const bump = parseBump(values.bump);
    const { store, websiteId } = openStore(values, io);
    const meta = await store.create(websiteId, buildDir, {
      bump,
      version: values.version,
      note: values.note,
    });
    const activated = values.activate ? await store.activate(websiteId, meta.id) : null;
    if (values.json) {
      printJson(io, {
        version: meta,
        activated: activated !== null,
        from: activated?.from ?? null,
      });
      return 0;
    }
    io.stdout(`Created ${versionLine(meta)}\n`);
    if (activated) io.stdout(`Live: ${meta.version} (was ${activated.from ?? "nothing"})\n`);
    return 0;
  },
};
