/**
 * Writes a set of file changes below a root as one step as far as a file system allows: every
 * new file is written to a staging folder first, then each is renamed into place (the replaced
 * one moved aside); if any step fails, what was done is undone in reverse, so a failure leaves
 * the root as it was.
 */
import { lstat, mkdir, rename, rmdir, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { SitewrightError } from "../errors.js";

/** One change below the root: new content, a file already staged to move in, or a removal. */
export type FileChange =
  | { rel: string; content: string | Buffer }
  | { rel: string; staged: string }
  | { rel: string; remove: true };

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  );

/** The missing folders above `file`, outermost first. */
async function missingParents(file: string): Promise<string[]> {
  const out: string[] = [];
  for (let dir = dirname(file); !(await exists(dir)); dir = dirname(dir)) out.unshift(dir);
  return out;
}

/**
 * Applies `changes` to files below `root`, using `stage` (a folder on the same file system, left
 * for the caller to remove) for new and replaced files. Throws E_OUTPUT after undoing everything.
 */
export async function commitFiles(
  root: string,
  stage: string,
  changes: readonly FileChange[],
): Promise<void> {
  const undo: (() => Promise<void>)[] = [];
  try {
    const incoming = await Promise.all(
      changes.map(async (change, i) => {
        if ("staged" in change) return change.staged;
        if ("remove" in change) return null;
        const path = join(stage, `new-${i}`);
        await writeFile(path, change.content);
        return path;
      }),
    );
    for (const [i, change] of changes.entries()) {
      const target = join(root, change.rel);
      for (const dir of await missingParents(target)) {
        await mkdir(dir);
        undo.push(() => rmdir(dir));
      }
      if (await exists(target)) {
        const aside = join(stage, `old-${i}`);
        await rename(target, aside);
        undo.push(() => rename(aside, target));
      }
      const source = incoming[i];
      if (source) {
        await rename(source, target);
        undo.push(() => unlink(target));
      }
    }
  } catch (cause) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    throw new SitewrightError("E_OUTPUT", `Writing the changed files into ${root} failed.`, {
      cause,
      hint: "Nothing was changed. Check that the directory is writable and has free space.",
    });
  }
}
