/**
 * Backoff retries for transient network failures, and the mapping of an aborted signal to
 * E_CANCELLED or E_TIMEOUT, shared by every SSH step.
 */
import { SitewrightError } from "../errors.js";

/** Retry settings: attempts after the first, and the first delay (doubled each time). */
export interface RetryOptions {
  retries?: number;
  retryDelayMs?: number;
}

const TRANSIENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EPIPE",
  "EAI_AGAIN",
]);

/** True for network failures worth another attempt (never host key, auth or remote errors). */
export function isTransient(err: unknown): boolean {
  if (err instanceof SitewrightError) return err.details?.transient === true;
  const e = err as { code?: unknown; level?: unknown; message?: unknown };
  if (typeof e?.code === "string" && TRANSIENT_CODES.has(e.code)) return true;
  if (e?.level === "client-timeout" || e?.level === "client-socket") return true;
  return (
    typeof e?.message === "string" && /No response from server|Connection lost/i.test(e.message)
  );
}

/** The error an aborted signal stands for: E_TIMEOUT for a timeout, E_CANCELLED otherwise. */
export function abortError(signal: AbortSignal, what = "The deploy"): SitewrightError {
  const reason = signal.reason as { name?: string } | undefined;
  if (reason instanceof SitewrightError) return reason;
  if (reason?.name === "TimeoutError") {
    return new SitewrightError("E_TIMEOUT", `${what} timed out.`, {
      hint: "Raise the timeout or check the network and the server's load.",
    });
  }
  return new SitewrightError("E_CANCELLED", `${what} was cancelled.`, {
    hint: "The previous version is still live; deploy again when ready.",
  });
}

/** Throws the abort error when `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw abortError(signal, what);
}

/** Sleeps `ms`, waking early (with the abort error) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `fn`, retrying transient failures with exponential backoff. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions & {
    signal?: AbortSignal;
    onRetry?: (err: unknown, delayMs: number) => void;
  },
): Promise<T> {
  const retries = options.retries ?? 2;
  let delay = options.retryDelayMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= retries || !isTransient(err) || options.signal?.aborted) throw err;
      options.onRetry?.(err, delay);
      await sleep(delay, options.signal);
      delay *= 2;
    }
  }
}
