/**
 * JSON written in slices: the text JSON.stringify gives for plain data (objects, arrays,
 * strings, numbers, booleans, null), but never held whole. A 100,000-page build record is
 * ~86 MB of JSON; as one string plus the buffer written from it, that was ~170 MB of the
 * build's peak memory.
 */
import { open } from "node:fs/promises";

// Containers this deep are walked; anything deeper is stringified as one piece.
const WALK_DEPTH = 3;
const SLICE = 1 << 20;

/** Writes `value` to `file` as JSON.stringify(value) would, in slices of about 1 MiB. */
export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  const handle = await open(file, "w");
  let text = "";
  const flush = async (always: boolean) => {
    if (text.length >= SLICE || (always && text.length > 0)) {
      await handle.write(text);
      text = "";
    }
  };
  const skipped = (v: unknown) =>
    v === undefined || typeof v === "function" || typeof v === "symbol";
  const emit = async (v: unknown, depth: number): Promise<void> => {
    const walk =
      depth < WALK_DEPTH &&
      typeof v === "object" &&
      v !== null &&
      typeof (v as { toJSON?: unknown }).toJSON !== "function";
    if (!walk) {
      // Only a top-level undefined (members and items are screened above) has no text.
      text += JSON.stringify(v) ?? "";
      return;
    }
    if (Array.isArray(v)) {
      text += "[";
      for (let i = 0; i < v.length; i++) {
        if (i > 0) text += ",";
        if (skipped(v[i])) text += "null";
        else await emit(v[i], depth + 1);
        await flush(false);
      }
      text += "]";
      return;
    }
    text += "{";
    let first = true;
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      const item = (v as Record<string, unknown>)[key];
      if (skipped(item)) continue;
      text += `${first ? "" : ","}${JSON.stringify(key)}:`;
      first = false;
      await emit(item, depth + 1);
      await flush(false);
    }
    text += "}";
  };
  try {
    await emit(value, 0);
    await flush(true);
  } finally {
    await handle.close();
  }
}
