/**
 * Keeps the build process's heap close to what it holds while a large site builds. A build
 * allocates fast and much of it lives just long enough to reach the old generation (results
 * waiting for a writer thread, messages from the render processes); V8 then lets that
 * generation grow to about four times its live size before the next full collection. On a
 * 100,000-page build that was a 700 MB heap of which 450 MB was garbage, and it took the
 * build with its render processes over 1 GB. Growth capped at 1.5x the live size brought the
 * build process from 957 MB to 814 MB at the same speed. Small sites keep V8's own schedule:
 * the extra full collections made a 10,000-page build 5-30% slower.
 */
import { setFlagsFromString } from "node:v8";

// V8 reads this at every full collection, so it takes effect at once and can be undone.
const FLAG = "--heap-growing-percent";
const PERCENT = 50;

let holders = 0;

/**
 * Caps the heap's growth between full collections for as long as a build holds it; returns
 * the release. V8's flags are the whole process's: overlapping builds share one cap, and the
 * last release sets V8's default (0) back. A process started with its own setting keeps it;
 * one set at run time with v8.setFlagsFromString cannot be seen, and is reset to 0.
 */
export function capHeapGrowth(): () => void {
  // V8 takes `--heap_growing_percent` as well.
  if (process.execArgv.some((arg) => arg.replaceAll("_", "-").startsWith(FLAG))) return () => {};
  if (holders++ === 0) setFlagsFromString(`${FLAG}=${PERCENT}`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // 0 is V8's default: its own growing factor.
    if (--holders === 0) setFlagsFromString(`${FLAG}=0`);
  };
}
