/**
 * Finds what a request path names inside a served directory. Symlinks are resolved with
 * realpath and the result must still lie inside the directory's own realpath: a link in a
 * build pointing at /etc (or a sibling version) is treated as missing, never followed out.
 */
import { realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";

/** What a path names inside the served directory. */
export type Resolved =
  | { kind: "file"; path: string }
  | { kind: "directory"; path: string }
  | { kind: "missing" };

/** Resolves `segments` (already checked by parseRequestPath) inside `base`. */
export async function resolveInside(base: string, segments: readonly string[]): Promise<Resolved> {
  try {
    // The base is resolved per request: a rebuilt output directory or a switched version
    // may be a different directory from one request to the next.
    const realBase = await realpath(base);
    const real = await realpath(join(realBase, ...segments));
    if (real !== realBase && !real.startsWith(realBase + sep)) return { kind: "missing" };
    const info = await stat(real);
    if (info.isDirectory()) return { kind: "directory", path: real };
    // FIFOs, sockets and devices would hang or leak a read; only regular files are served.
    if (info.isFile()) return { kind: "file", path: real };
    return { kind: "missing" };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP" || code === "ENAMETOOLONG") {
      return { kind: "missing" };
    }
    throw err;
  }
}
