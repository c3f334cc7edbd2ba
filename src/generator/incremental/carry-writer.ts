/**
 * A writer for the files a build copies (site assets, cached image variants) that takes
 * unchanged ones from the previous build instead: a site asset whose source has the stamp
 * recorded for it, or an image variant the previous build holds under the same name (variant
 * names carry a hash of the source and the encoder settings, so the name decides the bytes).
 */
import { sep } from "node:path";
import { sameStamp, stampOf } from "../../site/file-stamp.js";
import type { OutputWriter } from "../write.js";
import type { RecordBuilder } from "./record-builder.js";
import { carryFile, type PreviousBuild } from "./record-io.js";

/** Wraps `writer` so copies carry unchanged files from `previous` and record their stamps. */
export function carryingWriter(
  writer: OutputWriter,
  previous: PreviousBuild | null,
  cacheDir: string,
  record: RecordBuilder,
  counts: { carried: number },
): OutputWriter {
  const cache = cacheDir.endsWith(sep) ? cacheDir : cacheDir + sep;
  const carry = (path: string) => {
    const carried = previous && carryFile(writer, previous, path);
    if (carried) counts.carried++;
    return carried || null;
  };
  return {
    ...writer,
    copy(path, sourceFile) {
      if (sourceFile.startsWith(cache)) return carry(path) ?? writer.copy(path, sourceFile);
      const stamp = stampOf(sourceFile);
      record.asset(path, stamp);
      const before = previous?.record.assets[path];
      const same = before !== undefined && sameStamp(before, stamp);
      return (same && carry(path)) || writer.copy(path, sourceFile);
    },
  };
}
