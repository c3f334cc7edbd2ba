/**
 * Render budgets inside a render process: the hardened runtime hooks call `tick()` on every
 * lookup, loop step, call and output, and every CHECK_EVERY ticks the clock is compared with the
 * deadline. This gives a precise, coded error naming page, component and template; the hard kill
 * of a process that stops ticking (a regular expression, a huge string) belongs to the pool.
 */
import { SitewrightError } from "../../errors.js";

/** How long a piece of rendering may take, and how to name it in the timeout message. */
export interface RenderBudget {
  timeoutMs: number;
  /** E.g. `page /x, component pages[3].components[1], template "Hero"`. */
  describe: () => string;
}

// Ticks between clock reads: small enough for a precise stop, large enough to cost nothing.
const CHECK_EVERY = 1000;
const IDLE = Number.MAX_SAFE_INTEGER;

interface Active {
  deadline: number;
  budget: RenderBudget;
  /** Set once the deadline passed; every later tick throws it again so nothing can swallow it. */
  error: SitewrightError | null;
}

let left = IDLE;
let active: Active | null = null;

/** Counts one unit of render work; the hot path is a decrement and a compare. */
export function tick(): void {
  if (--left <= 0) checkpoint();
}

function checkpoint(): void {
  if (!active) {
    left = IDLE;
    return;
  }
  if (!active.error && performance.now() > active.deadline) active.error = timeoutError(active);
  if (active.error) {
    left = 0;
    throw active.error;
  }
  left = CHECK_EVERY;
}

function timeoutError({ budget }: Active): SitewrightError {
  return new SitewrightError(
    "E_RENDER_TIMEOUT",
    `Rendering ${budget.describe()} took longer than its ${budget.timeoutMs} ms budget.`,
    {
      details: { timeoutMs: budget.timeoutMs },
      hint: "Loop over less (nested loops and range() multiply), or avoid deep macro recursion.",
    },
  );
}

/**
 * Runs `fn` under a time budget; nested budgets keep the earlier deadline. A timeout surfaces as
 * E_RENDER_TIMEOUT even if template code swallowed or wrapped the error on the way out.
 */
export function runWithBudget<T>(budget: RenderBudget, fn: () => T): T {
  const outer = active;
  const deadline = performance.now() + budget.timeoutMs;
  const own: Active = {
    deadline: outer ? Math.min(outer.deadline, deadline) : deadline,
    budget: outer && outer.deadline <= deadline ? outer.budget : budget,
    error: outer?.error ?? null,
  };
  const outerLeft = left;
  active = own;
  left = CHECK_EVERY;
  try {
    const result = fn();
    if (own.error) throw own.error;
    return result;
  } catch (err) {
    throw own.error ?? err;
  } finally {
    active = outer;
    if (outer && own.error) outer.error ??= own.error;
    left = !outer ? IDLE : outer.error ? 0 : Math.min(outerLeft, CHECK_EVERY);
  }
}

/** The timeout error of the budget running now, if its deadline has passed. */
export function budgetError(): SitewrightError | null {
  return active?.error ?? null;
}
