/**
 * A worker's kept builds (`WorkerOptions.buildsDir`): per website, `runs/` and `last`, a link to
 * the run folder of the newest stored build. A build job builds into a run folder of its own
 * from the build `last` points to (BuildOptions.previousDir), so it renders only what changed;
 * once its version is stored it points `last` at its folder (one rename) and removes the folder
 * `last` pointed to before. Runs never share a folder, so two runs of one website (a stalled one
 * and the one that took over its job) can never store each other's build; a run carrying from
 * a folder that the other has just removed fails, and its job is tried again.
 */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, realpath, rename, rm, symlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { SitewrightError } from "../errors.js";
import { removeRecord } from "../generator/incremental/record-io.js";
import { removeTree } from "../util/remove-tree.js";
import { assertWebsiteId } from "../versions/version-meta.js";

/** One build job's folder among its website's kept builds. */
export interface RunFolder {
  /** Where this run builds. */
  outDir: string;
  /** The build the last promoted run stored, to carry from; undefined for a website's first. */
  previousDir: string | undefined;
  /**
   * Makes this run's build the one the next run carries from (throws only if it could not),
   * and removes the one before.
   */
  promote(): Promise<void>;
  /** Removes this run's folder and record (its build failed or was not stored). */
  discard(): Promise<void>;
}

// Run folders of runs that died before promote or discard are removed after this long.
const LEFTOVER_MS = 24 * 60 * 60 * 1000;

/** Opens a new run folder for `websiteId` under `buildsDir`. */
export async function openRunFolder(buildsDir: string, websiteId: string): Promise<RunFolder> {
  assertWebsiteId(websiteId);
  const wanted = join(resolve(buildsDir), websiteId, "runs");
  // Real paths: `last` is compared with them once resolved, whatever links lead to DIR.
  const runs = await mkdir(wanted, { recursive: true })
    .then(() => realpath(wanted))
    .catch((cause) => {
      throw new SitewrightError("E_OUTPUT", `Cannot create the builds folder ${wanted}.`, {
        cause,
        hint: "Give the worker a writable folder on its own disk (WorkerOptions.buildsDir, --builds-dir).",
      });
    });
  const site = dirname(runs);
  const last = join(site, "last");
  const previousDir = await realpath(last).catch(() => undefined);
  await removeLeftovers(site, runs, previousDir);
  const name = `${new Date().toISOString().replace(/[-:.]/g, "")}-${randomBytes(4).toString("hex")}`;
  const outDir = join(runs, name);
  return {
    outDir,
    previousDir,
    async promote() {
      const before = await realpath(last).catch(() => undefined);
      const temp = `${last}.tmp-${randomBytes(4).toString("hex")}`;
      await symlink(join("runs", name), temp);
      await rename(temp, last).catch(async (err) => {
        await rm(temp, { force: true });
        throw err;
      });
      // Promoted; what follows only frees space, and a later run sweeps what it leaves.
      try {
        if (before && before !== outDir && dirname(before) === runs) await removeRun(before);
      } catch {
        // Removed later as a leftover.
      }
    },
    discard: () => removeRun(outDir),
  };
}

async function removeRun(dir: string): Promise<void> {
  await removeTree(dir);
  await removeRecord(dir);
}

/**
 * Removes what runs that died left behind, once older than LEFTOVER_MS: entries of `runs` that
 * are not the folder `last` points to (nor its record), and `last.tmp-*` links in `site`.
 */
async function removeLeftovers(
  site: string,
  runs: string,
  current: string | undefined,
): Promise<void> {
  const now = Date.now();
  const keep = current ? basename(current) : null;
  const old = async (path: string) => {
    const info = await lstat(path).catch(() => null);
    return info !== null && now - info.mtimeMs > LEFTOVER_MS;
  };
  try {
    for (const entry of await readdir(runs)) {
      if (keep && (entry.startsWith(keep) || entry.startsWith(`.${keep}`))) continue;
      if (await old(join(runs, entry))) await removeTree(join(runs, entry));
    }
    for (const entry of await readdir(site)) {
      if (entry.startsWith("last.tmp-") && (await old(join(site, entry))))
        await rm(join(site, entry), { force: true });
    }
  } catch {
    // Only space: the next run tries again.
  }
}
