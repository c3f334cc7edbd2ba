/**
 * Writing an edited entity back over the raw row it was loaded from. A normalized value is valid
 * input, but writing it whole would turn every `"1"` into `true` and `12` into `"12"` and drop
 * the backend's own fields; merging keeps each raw value whose normalized form did not change.
 */
import { isDeepStrictEqual } from "node:util";

type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === "object" && v !== null && !Array.isArray(v);

/** The id of a raw or normalized row (`12`, `" 12 "` and `"12"` are one id), or null. */
function rowId(v: unknown): string | null {
  if (!isRow(v)) return null;
  const id = v.id;
  return typeof id === "string" || typeof id === "number" ? String(id).trim() : null;
}

/**
 * `after` in the raw spelling of `raw`: where the normalized value is unchanged (`before` deep
 * equals `after`), the raw value is kept as it was; fields normalization drops (a backend's own
 * columns) are kept too. The result may still load differently (an alias such as
 * `meta.partial_partial` kept beside a changed `template_id`), so callers check it.
 */
export function mergeRaw(raw: unknown, before: unknown, after: unknown): unknown {
  if (isDeepStrictEqual(before, after)) return raw;
  if (isRow(raw) && isRow(before) && isRow(after)) return mergeRow(raw, before, after);
  if (Array.isArray(raw) && Array.isArray(before) && Array.isArray(after))
    return mergeList(raw, before, after);
  return after;
}

function mergeRow(raw: Row, before: Row, after: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key in after) out[key] = mergeRaw(value, before[key], after[key]);
    else if (!(key in before)) out[key] = value;
  }
  for (const [key, value] of Object.entries(after)) {
    if (!(key in raw) && !isDeepStrictEqual(before[key], value)) out[key] = value;
  }
  return out;
}

/** Rows with ids (components, posts) pair up by id; other lists by index when none was added. */
function mergeList(raw: unknown[], before: unknown[], after: unknown[]): unknown[] {
  if (after.every((v) => rowId(v) !== null)) {
    const rawById = new Map(raw.map((v) => [rowId(v), v]));
    const beforeById = new Map(before.map((v) => [rowId(v), v]));
    return after.map((v) => {
      const id = rowId(v);
      return rawById.has(id) && beforeById.has(id)
        ? mergeRaw(rawById.get(id), beforeById.get(id), v)
        : v;
    });
  }
  if (raw.length !== before.length || before.length !== after.length) return after;
  return after.map((v, i) => mergeRaw(raw[i], before[i], v));
}
