/** The `sha256sum -c` input that proves a version on a target is byte-identical to its manifest. */
import { MANIFEST_FILE } from "../contracts/manifest.js";
import { sha256Hex } from "../util/sha256.js";
import { VERSION_FILE } from "../versions/version-meta.js";
import type { VersionSource } from "./target.js";

/** Lowercase hex sha256 of bytes (from src/util/sha256.ts, where the generator takes it too). */
export { sha256Hex };

/** Every file of the version with its expected hash, including manifest.json and version.json. */
export function expectedHashes(source: VersionSource): Array<[string, string]> {
  const list: Array<[string, string]> = Object.entries(source.manifest.files).map(([p, e]) => [
    p,
    e.sha256,
  ]);
  list.push([MANIFEST_FILE, sha256Hex(source.manifestJson)]);
  list.push([VERSION_FILE, sha256Hex(source.versionJson)]);
  return list;
}

/**
 * sha256sum's check format. Names with a backslash or newline use its escaped form (a leading
 * `\` on the line), which GNU coreutils reads back exactly.
 */
export function checksumList(source: VersionSource): string {
  let out = "";
  for (const [path, hash] of expectedHashes(source)) {
    if (/[\\\n]/.test(path)) {
      out += `\\${hash}  ${path.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}\n`;
    } else {
      out += `${hash}  ${path}\n`;
    }
  }
  return out;
}
