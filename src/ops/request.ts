/**
 * Request parsing for site operations: the API's own field names and rules, and a bad request
 * reported as the API's 422 body would be (a SiteValidationError keyed by request field).
 */
import type { z } from "zod";
import { SiteValidationError, type ValidationErrors } from "../errors.js";
import { errorMap, formatPath } from "../site/error-bag.js";

/** Hint of every request error: the caller fixes the request, not the site. */
const REQUEST_HINT = "Fix the listed request fields and send the request again.";

/** A SiteValidationError for a bad request, keyed by request field paths. */
export function requestError(errors: ValidationErrors): SiteValidationError {
  return new SiteValidationError(errors, { hint: REQUEST_HINT });
}

/** Throws a request error with one problem at `path`. */
export function fail(path: string, message: string): never {
  throw requestError({ [path]: [message] });
}

/** Where checks report problems: a RequestProblems, or a view of one below a prefix. */
export interface ProblemSink {
  /** Records one problem at a request path. */
  add(path: string, message: string): void;
}

/** Collects request problems so one response lists them all, like the API's 422 body. */
export class RequestProblems implements ProblemSink {
  readonly errors: ValidationErrors = {};

  /** Records one problem at a request path. */
  add(path: string, message: string): void {
    const list = this.errors[path];
    if (list) list.push(message);
    else this.errors[path] = [message];
  }

  /** A view that records below `prefix` (`pages[2]` + `url` → `pages[2].url`). */
  under(prefix: string): ProblemSink {
    return { add: (path, message) => this.add(`${prefix}.${path}`, message) };
  }

  /** True when nothing was recorded. */
  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** Throws the collected problems, if any. */
  throwIfAny(): void {
    if (!this.empty) throw requestError(this.errors);
  }
}

/** Parses `input` with `schema`, or throws a request error naming every bad field. */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    fail("request", "The request must be a JSON object.");
  }
  const result = schema.safeParse(input, { error: errorMap });
  if (result.success) return result.data;
  const problems = new RequestProblems();
  for (const issue of result.error.issues) {
    problems.add(formatPath(issue.path) || "request", issue.message);
  }
  problems.throwIfAny();
  throw new Error("unreachable: a failed parse without issues");
}
