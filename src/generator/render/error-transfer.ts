/** Coded errors across the process boundary: flattened in the child, rebuilt in the build. */
import {
  ERROR_CODES,
  type ErrorCode,
  type SiteValidationCode,
  SiteValidationError,
  SitewrightError,
} from "../../errors.js";
import type { SerializedError } from "./render-protocol.js";

/**
 * The coded fields of an error. Anything that is not a SitewrightError is a defect of ours, not
 * the owner's: only its class name crosses, never a message that could hold a server value.
 */
export function flattenError(err: unknown): SerializedError {
  if (err instanceof SiteValidationError)
    return { code: err.code, message: err.message, hint: err.hint, errors: err.errors };
  if (err instanceof SitewrightError)
    return { code: err.code, message: err.message, hint: err.hint, details: err.details };
  const kind = err instanceof Error ? err.name : typeof err;
  return {
    code: "E_RENDER",
    message: `Rendering stopped on an internal error (${kind}).`,
    hint: "This is a defect in sitewright; report it with the site data that causes it.",
  };
}

/** The SitewrightError (or SiteValidationError) a flattened error stands for. */
export function rebuildError(flat: SerializedError): SitewrightError {
  const code = (flat.code in ERROR_CODES ? flat.code : "E_RENDER") as ErrorCode;
  if (flat.errors)
    return new SiteValidationError(flat.errors, {
      code: code as SiteValidationCode,
      hint: flat.hint,
    });
  return new SitewrightError(code, flat.message, { hint: flat.hint, details: flat.details });
}
