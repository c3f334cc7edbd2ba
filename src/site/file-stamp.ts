/**
 * What identifies a source file without reading it: its size, times and inode. A later build
 * that finds the same stamp trusts what it recorded about the file instead of reading it again.
 */
import { type Stats, statSync } from "node:fs";

/** A file's identity without its bytes: a change to any of these is a change. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  /** Changes on every write, even one that sets mtime back (`cp -p`, `touch -d`). */
  ctimeMs: number;
  ino: number;
}

/** The stamp of a file that could not be stat'ed or was not read: it matches no file (see sameStamp). */
export const NO_STAMP: Readonly<FileStamp> = Object.freeze({
  size: -1,
  mtimeMs: -1,
  ctimeMs: -1,
  ino: -1,
});

/** The stamp of `stats` (a stat of the file, or an fstat of a descriptor on it). */
export function stampOfStats(stats: Stats): FileStamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** The stamp of a file; a file that cannot be stat'ed gets one that matches nothing. */
export function stampOf(file: string): FileStamp {
  try {
    return stampOfStats(statSync(file));
  } catch {
    return NO_STAMP;
  }
}

/** True when both stamps name the same, unmoved file. */
export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return (
    a.size >= 0 &&
    a.size === b.size &&
    a.mtimeMs === b.mtimeMs &&
    a.ctimeMs === b.ctimeMs &&
    a.ino === b.ino
  );
}
