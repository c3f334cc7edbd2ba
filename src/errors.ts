/**
 * One error hierarchy for the whole library. Every failure is a SitewrightError with a stable
 * `code` that scripts can switch on; the message says what happened and `hint` what to do.
 */

/** Stable error codes; never rename one, only add. */
export const ERROR_CODES = {
  E_USAGE: "The command line was used wrongly",
  E_SITE_NOT_FOUND: "The site input path does not exist or cannot be read",
  E_SITE_JSON: "A site input file is not valid JSON",
  E_SITE_INVALID: "The site data does not match the format",
  E_SITE_CHANGED: "A site input file changed while the site was building",
  E_UNSAFE_PATH: "An output or archive path would escape its directory",
  E_ROUTE_CONFLICT: "Two entities would write the same output file",
  E_TEMPLATE: "A template does not compile",
  E_RENDER: "A template failed while rendering",
  E_RENDER_TIMEOUT: "Rendering a page took longer than its time budget",
  E_RENDER_LIMIT: "Rendering a page exceeded a memory or work limit, or its render process crashed",
  E_CONTENT: "Content could not be rendered",
  E_IMAGE: "An image is missing or cannot be processed",
  E_OUTPUT: "The output directory could not be written",
  E_STORE: "The version store is damaged or cannot be written",
  E_VERSION_NOT_FOUND: "No version matches",
  E_VERSION_EXISTS: "A version with this id already exists",
  E_VERSION_PROTECTED: "The version is live or is the rollback target",
  E_NO_ROLLBACK: "There is no earlier version to roll back to",
  E_LOCKED: "Another writer holds the lock",
  E_ZIP_UNSAFE: "A zip archive holds an unsafe entry",
  E_ZIP_LIMIT: "A zip archive exceeds the configured limits",
  E_ZIP_INVALID: "A zip archive is corrupt or inconsistent",
  E_SIGNATURE: "A download signature is missing, wrong or expired",
  E_HOST_KEY: "The SSH host key is unknown or does not match",
  E_SSH: "The SSH connection failed",
  E_REMOTE: "A command on the remote server failed",
  E_VERIFY: "Uploaded files do not match the manifest",
  E_DEPLOY: "The deploy failed",
  E_CANCELLED: "The operation was cancelled",
  E_TIMEOUT: "The operation timed out",
  E_ENTITY_NOT_FOUND: "No page, template or layout of the site has this id",
  E_BROWSER: "Chromium could not be started, crashed or failed to take a screenshot",
  E_RATE_LIMITED: "Too many requests in the rate-limit window",
  E_QUEUE: "The job queue (Redis) failed or a job could not be run",
  E_JOB_PAYLOAD: "A queued job's payload is missing fields or has wrong values",
  E_JOB_NOT_FOUND: "No queued job has this id",
} as const;

/** A stable machine-readable error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Options every SitewrightError accepts besides its message. */
export interface SitewrightErrorOptions {
  /** What the user can do about it. */
  hint?: string;
  /** The underlying error, if any. */
  cause?: unknown;
  /** Structured details for programs (paths, ids, counts). */
  details?: Record<string, unknown>;
}

/** Base class of every error the library throws. */
export class SitewrightError extends Error {
  /** Stable code; see ERROR_CODES. */
  readonly code: ErrorCode;
  /** What to do about it. */
  readonly hint: string | undefined;
  /** Structured details for programs. */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: SitewrightErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** A plain object for `--json` output and API error bodies. */
  toJSON(): Record<string, unknown> {
    return {
      error: true,
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** Problems keyed by path (`pages[3].components[1].meta.padding_top`), like the API's 422 body. */
export type ValidationErrors = Record<string, string[]>;

/** The codes a SiteValidationError carries. */
export type SiteValidationCode = "E_SITE_INVALID" | "E_SITE_JSON" | "E_TEMPLATE";

/** Site input that cannot be built: every problem found, keyed by path. */
export class SiteValidationError extends SitewrightError {
  /** Path → messages, as the API's 422 `errors` object. */
  readonly errors: ValidationErrors;

  constructor(
    errors: ValidationErrors,
    options: SitewrightErrorOptions & { code?: SiteValidationCode } = {},
  ) {
    const count = Object.values(errors).reduce((n, list) => n + list.length, 0);
    super(
      options.code ?? "E_SITE_INVALID",
      `The site data has ${count} problem${count === 1 ? "" : "s"}: ${summarize(errors)}`,
      { hint: options.hint ?? "Fix the listed fields and build again.", ...options },
    );
    this.errors = errors;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors };
  }
}

function summarize(errors: ValidationErrors): string {
  const [first] = Object.entries(errors);
  if (!first) return "no details";
  const more = Object.keys(errors).length - 1;
  return `${first[0]}: ${first[1][0]}${more > 0 ? ` (and ${more} more)` : ""}`;
}

/** True when `err` is a SitewrightError, optionally with the given code. */
export function isSitewrightError(err: unknown, code?: ErrorCode): err is SitewrightError {
  return err instanceof SitewrightError && (code === undefined || err.code === code);
}
