/** Small filesystem helpers the version store needs for crash-safe writes. */

import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { lstat, open, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { mapLimit } from "../util/map-limit.js";
import { TEMP_PREFIX } from "./version-meta.js";

/** Flushes a file or directory to disk; directories need it so renames inside them survive a crash. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } catch (err) {
    // Some filesystems refuse fsync on directories; the rename is still atomic there.
    if (!isErrno(err, "EINVAL") && !isErrno(err, "EBADF")) throw err;
  } finally {
    await handle.close();
  }
}

/** Writes a file so that readers see either the old or the whole new content, never a part. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), tempName("write"));
  const handle = await open(tmp, "w", 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncPath(dirname(path));
}

/** A unique name with the store's temp prefix, so recovery can find it after a crash. */
export function tempName(kind: string): string {
  return `${TEMP_PREFIX}${kind}-${process.pid}-${randomBytes(4).toString("hex")}`;
}

/** True when `err` is a Node system error with the given code. */
export function isErrno(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as NodeJS.ErrnoException).code === code;
}

/** True when something (file, dir or dangling link) exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if (isErrno(err, "ENOENT")) return false;
    throw err;
  }
}

/** Removes a file or tree, ignoring absence. */
export { removeTree } from "../util/remove-tree.js";

/** Writes `data` unless the file exists; used for one-shot files like the lock. */
export async function writeNew(path: string, data: string): Promise<void> {
  await writeFile(path, data, { flag: "wx", mode: 0o644 });
}

/**
 * Makes many new files and directories durable. One syncfs(2) (via coreutils `sync -f`)
 * flushes them all at once; fsync per path is the fallback where that is unavailable. With
 * libuv's four threads, 10,000 fsyncs take seconds while one syncfs takes milliseconds.
 */
export async function syncMany(
  root: string,
  paths: readonly string[],
): Promise<"syncfs" | "fsync"> {
  const synced = await new Promise<boolean>((resolve) => {
    execFile("sync", ["-f", root], { timeout: 120_000 }, (err) => resolve(err === null));
  });
  if (synced) return "syncfs";
  await mapLimit(paths, 16, (path) => fsyncPath(path));
  await fsyncPath(root);
  return "fsync";
}
