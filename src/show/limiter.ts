import { SitewrightError } from "../errors.js";

/** At most `concurrency` tasks at once (E_USAGE unless a whole number ≥ 1); the rest wait in order. */
export function createLimiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new SitewrightError(
      "E_USAGE",
      `A concurrency must be a whole number ≥ 1, not ${concurrency}.`,
      { hint: "Pass concurrency: 1 or more, or leave it out for the default." },
    );
  let active = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    // A finished task hands its slot straight to the next waiter, so a newcomer cannot slip in
    // between and run one task too many.
    if (active >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
