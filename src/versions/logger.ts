/** Progress and diagnostics of the version store go through this injected logger, never the console. */

/** Structured fields attached to a log line; `step` names a stable point in an operation. */
export type LogFields = Record<string, unknown> & { step?: string };

/** A logger the caller injects; every method is optional. */
export interface VersionLogger {
  debug?(message: string, fields?: LogFields): void;
  info?(message: string, fields?: LogFields): void;
  warn?(message: string, fields?: LogFields): void;
}

/** A logger whose methods always exist, so store code can call them unconditionally. */
export interface Log {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
}

/** Wraps an optional injected logger into one with every method present. */
export function toLog(logger: VersionLogger | undefined): Log {
  return {
    debug: (m, f) => logger?.debug?.(m, f),
    info: (m, f) => logger?.info?.(m, f),
    warn: (m, f) => logger?.warn?.(m, f),
  };
}
