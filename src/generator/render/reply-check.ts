/**
 * A render process runs owner code, so what it sends back is checked like input: if escaped
 * code ever sent something else, the build stops instead of trusting it. Paths and URLs of
 * the output never come from a reply (the build uses its own plan); these checks keep the
 * rest to the shapes the build expects.
 */
import { SitewrightError } from "../../errors.js";
import type { PageResult } from "./render-protocol.js";

const isString = (v: unknown): v is string => typeof v === "string";
const isStrings = (v: unknown) => Array.isArray(v) && v.every(isString);
const hasStrings = (v: unknown, keys: string[]) =>
  typeof v === "object" && v !== null && keys.every((k) => isString((v as never)[k]));

/** True when `value` has the shape of a PageResult. */
function isPageResult(value: unknown): value is PageResult {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.id === "number" &&
    r.html instanceof Uint8Array &&
    Array.isArray(r.warnings) &&
    r.warnings.every((w) => hasStrings(w, ["message", "path"])) &&
    isStrings(r.utilities) &&
    isStrings(r.images) &&
    Array.isArray(r.imageProblems) &&
    r.imageProblems.every((p) => hasStrings(p, ["path", "url", "reason"])) &&
    (r.index === null || hasStrings(r.index, ["url", "title", "excerpt"]))
  );
}

/** Throws E_RENDER_LIMIT unless every result is well formed and answers the expected task ids. */
export function checkResults(results: unknown, expectedIds: readonly number[]): PageResult[] {
  if (
    !Array.isArray(results) ||
    results.length > expectedIds.length ||
    !results.every((r, i) => isPageResult(r) && r.id === expectedIds[i])
  ) {
    throw new SitewrightError(
      "E_RENDER_LIMIT",
      "A render process sent an answer the build does not expect; the build was stopped.",
      { hint: "Report this with the site data: owner code may have escaped the template engine." },
    );
  }
  return results as PageResult[];
}
