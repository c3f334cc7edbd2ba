/** `sitewright release`: turns a build directory into a new version, optionally making it live. */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MANIFEST_FILE } from "../contracts/manifest.js";
import { buildSite } from "../generator/build.js";
import { parseBump } from "../versions/numbering.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";
import {
  openStore,
  printJson,
  STORE_OPTIONS,
  STORE_USAGE,
  versionLine,
} from "./versions-cli-util.js";

const USAGE = `Usage: sitewright release <buildDir|site> --store DIR --website ID [--activate] [--bump patch|minor|major]
                          [--version X.Y.Z] [--actor NAME] [--note TEXT] [--base-url URL] [--json]

Stores a build as a new immutable version with its zip. <buildDir> is a directory with
manifest.json, as written by \`sitewright build\`; anything else is taken as site data
(a directory or bundle) and built first.

  --base-url URL   when building: the site's absolute URL
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
      "base-url": { type: "string" },
    });
    const input = requireOption(positionals[0], "<buildDir|site>");
    const bump = parseBump(values.bump);
    const { store, websiteId } = openStore(values, io);
    const isBuild = existsSync(join(input, MANIFEST_FILE));
    const scratch = isBuild ? null : await mkdtemp(join(tmpdir(), "sitewright-release-"));
    let meta: Awaited<ReturnType<typeof store.create>>;
    try {
      const build = scratch
        ? await buildSite(input, { outDir: join(scratch, "site"), baseUrl: values["base-url"] })
        : input;
      meta = await store.create(websiteId, build, {
        bump,
        version: values.version,
        note: values.note,
      });
    } finally {
      if (scratch) await rm(scratch, { recursive: true, force: true });
    }
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
