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
import { mkdir, readdir, realpath, rename, rm, stat, symlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { SitewrightError } from "../errors.js";
import { recordPath } from "../generator/incremental/record.js";
import { removeTree } from "../util/remove-tree.js";
import { assertWebsiteId } from "../versions/version-meta.js";

/** One build job's folder among its website's kept builds. */
export interface RunFolder {
  /** Where this run builds. */
  outDir: string;
  /** The newest stored build to carry from; undefined for a website's first. */
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
  const site = join(resolve(buildsDir), websiteId);
  const runs = join(site, "runs");
  await mkdir(runs, { recursive: true }).catch((cause) => {
    throw new SitewrightError("E_OUTPUT", `Cannot create the builds folder ${runs}.`, {
      cause,
      hint: "Give the worker a writable folder on its own disk (WorkerOptions.buildsDir, --builds-dir).",
    });
  });
  const last = join(site, "last");
  const previousDir = await realpath(last).catch(() => undefined);
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
      // Promoted; what follows only frees space, and a later promote sweeps what it leaves.
      try {
        if (before && before !== outDir && dirname(before) === runs) await removeRun(before);
        await removeLeftovers(runs, name);
      } catch {
        // Removed later as a leftover.
      }
    },
    discard: () => removeRun(outDir),
  };
}

async function removeRun(dir: string): Promise<void> {
  await removeTree(dir);
  await rm(recordPath(dir), { force: true });
}

/** Entries of `runs` older than LEFTOVER_MS that are not `keep`'s (its folder, record, temp folders). */
async function removeLeftovers(runs: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(runs).catch(() => [])) {
    if (entry.startsWith(keep) || entry.startsWith(`.${keep}`)) continue;
    const path = join(runs, entry);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > LEFTOVER_MS) await removeTree(path);
  }
}
