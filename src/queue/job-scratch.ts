/**
 * The temporary folder a build job without a builds folder builds in. A run removes it when it
 * ends, but a worker that dies mid-build (a kill, a crash, the machine) never gets there, and a
 * partial site stayed in the temp folder for good. The folder is named after the job, so the
 * run that takes the job over removes what the dead one left before it starts.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { removeTree } from "../util/remove-tree.js";

/** The name every scratch folder of job `jobId` starts with (job ids may hold any character, so a hash of it). */
export function jobScratchPrefix(jobId: string): string {
  return `sitewright-job-${createHash("sha256").update(jobId).digest("hex").slice(0, 16)}-`;
}

/** A new scratch folder for a run of `jobId` under `root`, after removing any an earlier run of the same job left. */
export async function openJobScratch(jobId: string, root = tmpdir()): Promise<string> {
  const prefix = jobScratchPrefix(jobId);
  for (const name of await readdir(root))
    if (name.startsWith(prefix)) await removeTree(join(root, name));
  return mkdtemp(join(root, prefix));
}
