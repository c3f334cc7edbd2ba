/** Checks for relative paths that come from manifests and zip archives before they touch disk. */

/** Names a version directory reserves at its root; builds and archives may not supply them. */
export const RESERVED_ROOT_NAMES = new Set(["version.json"]);

/**
 * Why `name` is not a safe relative posix path, or null when it is. Rejects `..`, absolute
 * paths, drive letters, backslashes, empty or `.` segments and control characters.
 */
export function unsafePathReason(name: string): string | null {
  if (name.length === 0) return "empty name";
  if (name.length > 1024) return "name longer than 1024 characters";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
  if (/[\u0000-\u001f\u007f]/.test(name)) return "control character in name";
  if (name.includes("\\")) return "backslash in name";
  if (name.startsWith("/")) return "absolute path";
  if (/^[A-Za-z]:/.test(name)) return "drive letter";
  const segments = name.split("/");
  for (const segment of segments) {
    if (segment === "..") return "parent directory (..) segment";
    if (segment === "." || segment === "") return "empty or '.' segment";
  }
  return null;
}

/** Parent directories of a relative path, outermost first (`a/b/c.txt` → `a`, `a/b`). */
export function parentDirs(name: string): string[] {
  const parts = name.split("/");
  const dirs: string[] = [];
  for (let i = 1; i < parts.length; i++) dirs.push(parts.slice(0, i).join("/"));
  return dirs;
}

/** Byte-wise comparison of names, so ordering never depends on locale. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
