/**
 * HTTP Range parsing for downloads (RFC 9110 §14). One range is served as 206. Several ranges
 * are merged when they overlap or touch; if they still form more than one span the header is
 * ignored and the whole file is sent (200), which RFC 9110 allows and every client handles.
 */

/** The outcome of parsing a Range header against a file size. */
export type RangeResult =
  | { kind: "none" }
  | { kind: "single"; start: number; end: number }
  | { kind: "unsatisfiable" };

/** Most ranges looked at in one header; more is treated as no Range (abuse guard). */
export const MAX_RANGES = 16;

/** Parses `header` for a representation of `size` bytes. */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: "none" };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match?.[1]) return { kind: "none" };
  const specs = match[1]
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (specs.length === 0 || specs.length > MAX_RANGES) return { kind: "none" };

  const spans: [number, number][] = [];
  for (const spec of specs) {
    const m = /^(\d*)-(\d*)$/.exec(spec);
    if (!m || (m[1] === "" && m[2] === "")) return { kind: "none" };
    if (m[1] === "") {
      const suffix = Number(m[2]);
      if (suffix > 0 && size > 0) spans.push([Math.max(0, size - suffix), size - 1]);
      continue;
    }
    const start = Number(m[1]);
    const last = m[2] === "" ? Number.POSITIVE_INFINITY : Number(m[2]);
    if (last < start) return { kind: "none" }; // invalid syntax: ignore the header
    if (start < size) spans.push([start, Math.min(last, size - 1)]);
  }
  if (spans.length === 0) return { kind: "unsatisfiable" };

  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const prev = merged[merged.length - 1];
    if (prev && span[0] <= prev[1] + 1) prev[1] = Math.max(prev[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  const [only] = merged;
  if (merged.length !== 1 || !only) return { kind: "none" };
  return { kind: "single", start: only[0], end: only[1] };
}
