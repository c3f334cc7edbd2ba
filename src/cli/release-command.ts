/** `sitewright release`: turns a build directory into a new version, optionally making it live. */
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MANIFEST_FILE } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { buildSite } from "../generator/build.js";
import { removeTree } from "../util/remove-tree.js";
import { lockFolder } from "../versions/folder-lock.js";
import { parseBump } from "../versions/numbering.js";
import type { VersionStore } from "../versions/store.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";
import {
  openStore,
  parseKeep,
  printJson,
  STORE_OPTIONS,
  STORE_USAGE,
  versionLine,
} from "./versions-cli-util.js";

const USAGE = `Usage: sitewright release <buildDir|site> --store DIR --website ID [--activate] [--keep N]
                          [--bump patch|minor|major] [--version X.Y.Z] [--actor NAME] [--note TEXT]
                          [--base-url URL] [--build-dir DIR] [--json]

Stores a build as a new immutable version with its zip. <buildDir> is a directory with
manifest.json, as written by \`sitewright build\`; anything else is taken as site data
(a directory or bundle) and built first.

  --base-url URL   when building: the site's absolute URL
  --build-dir DIR  when building: build into DIR and keep it there, so that the next
                   release with the same DIR renders only what changed since (an
                   incremental build); one release at a time per DIR (DIR.lock).
                   Without it the build goes to a temporary folder
  --activate       make the new version live at once
  --keep N         then prune: keep the N newest versions plus the live one and the
                   rollback target (N >= 1; checked before anything is written)
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
      "build-dir": { type: "string" },
      keep: { type: "string" },
    });
    const keep = values.keep === undefined ? undefined : parseKeep(values.keep);
    const input = requireOption(positionals[0], "<buildDir|site>");
    const bump = parseBump(values.bump);
    const { store, websiteId } = openStore(values, io);
    // With --activate the prune waits for the switch, so the old live one becomes the rollback target.
    const keepOnCreate = values.activate ? undefined : keep;
    const before = keepOnCreate === undefined ? [] : await listIds(store, websiteId);
    const isBuild = existsSync(join(input, MANIFEST_FILE));
    const kept = values["build-dir"];
    if (kept === "") throw new SitewrightError("E_USAGE", "--build-dir needs a folder.");
    if (isBuild && kept !== undefined)
      throw new SitewrightError(
        "E_USAGE",
        `${input} is a build already: --build-dir is where site data is built, and there is nothing to build.`,
        { hint: "Drop --build-dir, or give the site's data instead of its build." },
      );
    const scratch =
      isBuild || kept !== undefined ? null : await mkdtemp(join(tmpdir(), "sitewright-release-"));
    const outDir = kept ?? (scratch ? join(scratch, "site") : null);
    // Two releases building into one kept folder could store each other's build.
    const lock = kept === undefined ? null : lockFolder(kept, "sitewright release --build-dir");
    let meta: Awaited<ReturnType<typeof store.create>>;
    let built: { routes: number; rendered: number; carried: number } | null = null;
    try {
      const result = outDir
        ? await buildSite(input, { outDir, baseUrl: values["base-url"] })
        : null;
      if (result) {
        // Routes: the pages, structure listings and posts, and the 404 page.
        const rendered = result.incremental.rebuilt.length;
        const carried = result.incremental.carried;
        built = { routes: rendered + carried, rendered, carried };
      }
      meta = await store.create(websiteId, result ?? input, {
        bump,
        version: values.version,
        note: values.note,
        ...(keepOnCreate === undefined ? {} : { keep: keepOnCreate }),
      });
    } finally {
      lock?.release();
      if (scratch) await removeTree(scratch);
    }
    const activated = values.activate
      ? await store.activate(websiteId, meta.id, keep === undefined ? {} : { keep })
      : null;
    let pruned: string[] | null = activated?.pruned?.removed ?? null;
    if (keepOnCreate !== undefined) {
      const after = new Set(await listIds(store, websiteId));
      pruned = before.filter((id) => !after.has(id));
    }
    if (values.json) {
      printJson(io, {
        version: meta,
        built,
        activated: activated !== null,
        from: activated?.from ?? null,
        ...(pruned === null ? {} : { pruned }),
      });
      return 0;
    }
    if (built)
      io.stdout(
        `Built ${built.routes} routes: ${built.rendered} rendered, ${built.carried} carried from the previous build\n`,
      );
    io.stdout(`Created ${versionLine(meta)}\n`);
    if (activated) io.stdout(`Live: ${meta.version} (was ${activated.from ?? "nothing"})\n`);
    if (pruned !== null) io.stdout(`Pruned ${pruned.length}: ${pruned.join(", ") || "none"}\n`);
    return 0;
  },
};

/** Ids before a create; the store only logs what its create-time prune removed. */
async function listIds(store: VersionStore, websiteId: string): Promise<string[]> {
  return (await store.list(websiteId).catch(() => [])).map((v) => v.id);
}
