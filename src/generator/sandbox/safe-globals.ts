/**
 * Work limits on the built-ins whose cost grows with an argument rather than with the data:
 * `range(0, 1e9)` would build a billion-item array in one call, far from any budget tick, and
 * `center(1e9)`, `indent(1e9)`, `batch(n, fill)` and `slice(n)` loop as often as they are told.
 */
import type nunjucks from "nunjucks";
import { SitewrightError } from "../../errors.js";

/** The most items `range()` may produce, and the largest width or count the capped filters take. */
export const MAX_RANGE = 100_000;

function limitError(what: string): SitewrightError {
  return new SitewrightError("E_RENDER_LIMIT", `${what} exceeds the limit of ${MAX_RANGE}.`, {
    details: { limit: MAX_RANGE },
    hint: "Loop over the data you have instead of a large range or width.",
  });
}

/** nunjucks' `range(stop)` / `range(start, stop, step)`, refusing more than MAX_RANGE items. */
export function safeRange(start: unknown, stop?: unknown, step?: unknown): number[] {
  let from = Number(start);
  let to = Number(stop);
  let by = Number(step);
  if (stop === undefined) {
    to = from;
    from = 0;
    by = 1;
  } else if (!by) by = 1;
  if (![from, to, by].every(Number.isFinite)) return [];
  const count = Math.max(0, Math.ceil((to - from) / by));
  if (count > MAX_RANGE) throw limitError(`range() with ${count} items`);
  const items = new Array<number>(count);
  for (let i = 0; i < count; i++) items[i] = from + i * by;
  return items;
}

type Filter = (...args: unknown[]) => unknown;

/** Filters and the index of the argument that sets how much work they do. */
const CAPPED_FILTERS: Record<string, number> = { center: 1, indent: 1, batch: 1, slice: 1 };

/** Installs the capped `range` and filters into one Environment. */
export function installSafeGlobals(env: nunjucks.Environment): void {
  env.addGlobal("range", safeRange);
  for (const [name, index] of Object.entries(CAPPED_FILTERS)) {
    const original = env.getFilter(name) as Filter;
    env.addFilter(name, function (this: unknown, ...args: unknown[]) {
      const n = Number(args[index]);
      if (Math.abs(n) > MAX_RANGE) throw limitError(`${name}(${Math.trunc(n)})`);
      return original.apply(this, args);
    });
  }
}
