/**
 * Field schemas that accept what the builder's API accepts and resolve it once: ids as
 * integers or strings, flags as 0/1/"0"/"1"/booleans, numbers as numeric strings, PHP's
 * `[]` for an empty object and JSON columns handed over as strings.
 */
import { z } from "zod";

/** Message for a missing required field, shared with the parse error map. */
export const REQUIRED = "This field is required.";

/** A conversion failure carrying the message for the issue. */
export class Invalid {
  constructor(readonly message: string) {}
}

const invalid = (message: string): Invalid => new Invalid(message);

/**
 * Wraps a converter into a schema that tolerates a missing key and reports `Invalid` as an
 * issue. A bare transform (no pipe) is several times cheaper per field than
 * `z.unknown().optional().transform()`, which matters on sites with 100,000 components.
 */
function coerce<T>(convert: (value: unknown) => T | Invalid) {
  return z.transform((value: unknown, ctx): T => {
    const out = convert(value);
    if (out instanceof Invalid) {
      ctx.issues.push({ code: "custom", message: out.message, input: value });
      return z.NEVER;
    }
    return out;
  });
}

/** True for missing, null and empty-string values, which the API uses for "unset". */
export const isBlank = (v: unknown): boolean => v === undefined || v === null || v === "";

/** An integer or string id as a trimmed string. */
export function toId(value: unknown): string | Invalid {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && value >= 0
      ? String(value)
      : invalid("An id must be a non-negative integer or a string.");
  }
  if (typeof value === "string") {
    const id = value.trim();
    if (id === "") return invalid(REQUIRED);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(id))
      return invalid("An id must not contain control characters.");
    return id;
  }
  return isBlank(value) ? invalid(REQUIRED) : invalid("An id must be an integer or a string.");
}

/** A required id (integer or string), normalized to a trimmed string. */
export const id = () => coerce(toId);

/** An optional id reference: missing, null and "" become null. */
export const optionalId = () => coerce((v) => (isBlank(v) ? null : toId(v)));

/** A flag given as boolean, 0/1, "0"/"1" or "true"/"false"; missing or null gives `fallback`. */
export const flag = (fallback: boolean) =>
  coerce((v): boolean | Invalid => {
    if (v === undefined || v === null || v === "") return fallback;
    if (v === true || v === 1 || v === "1" || v === "true") return true;
    if (v === false || v === 0 || v === "0" || v === "false") return false;
    return invalid("Must be 0, 1, true or false.");
  });

const NUMERIC = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** A number or numeric string as a number. */
export function toNumber(v: unknown, integer: boolean): number | Invalid {
  const n =
    typeof v === "number" ? v : typeof v === "string" && NUMERIC.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) return invalid(integer ? "Must be an integer." : "Must be a number.");
  if (integer && !Number.isInteger(n)) return invalid("Must be an integer.");
  return n;
}

/** A number given as a number or numeric string; missing, null or "" gives `fallback`. */
export const num = (fallback: number) =>
  coerce((v) => (isBlank(v) ? fallback : toNumber(v, false)));

/** An integer given as a number or numeric string; missing, null or "" gives `fallback`. */
export const int = (fallback: number) => coerce((v) => (isBlank(v) ? fallback : toNumber(v, true)));

/** A required string; a number is accepted as its decimal text (titles like `2024`). */
export const text = (fallback?: string) =>
  coerce((v): string | Invalid => {
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (v === undefined || v === null) return fallback ?? invalid(REQUIRED);
    return invalid("Must be a string.");
  });

/** An optional string: missing, null and blank become null, so "unset" has one spelling. */
export const nullableText = () =>
  coerce((v): string | null | Invalid => {
    if (v === undefined || v === null) return null;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (typeof v !== "string") return invalid("Must be a string.");
    return v.trim() === "" ? null : v;
  });

/**
 * Ids given as an array or as comma-separated text (`"3, 5,8"`, seed 003 `categories`), as
 * trimmed strings without blanks or repeats. Throws a TypeError on anything else.
 */
export function parseIdList(input: unknown): string[] {
  if (input === undefined || input === null || input === "") return [];
  const parts: unknown[] =
    typeof input === "string" ? input.split(",") : Array.isArray(input) ? input : [input];
  const out: string[] = [];
  for (const part of parts) {
    if (typeof part === "string" && part.trim() === "") continue;
    const one = toId(part);
    if (one instanceof Invalid) throw new TypeError(`Not an id: ${JSON.stringify(part)}`);
    if (!out.includes(one)) out.push(one);
  }
  return out;
}

/** A list of ids as an array, a single id or comma-separated text; see `parseIdList`. */
export const idList = () =>
  coerce((v): string[] | Invalid => {
    try {
      return parseIdList(v);
    } catch {
      return invalid("Must be a list of ids (an array or comma-separated text).");
    }
  });

/**
 * Accepts a JSON column handed over as text and PHP's `[]` for an empty object, then
 * validates with `schema`. Unparseable text becomes an issue on this field.
 */
function jsonish<T extends z.ZodType>(schema: T, emptyArrayIsObject = true) {
  return z.preprocess((value, ctx) => {
    if (typeof value === "string" && /^\s*[[{]/.test(value)) {
      try {
        return JSON.parse(value) as unknown;
      } catch (err) {
        ctx.issues.push({
          code: "custom",
          message: `Holds text that is not valid JSON: ${(err as Error).message}`,
          input: value,
        });
        return z.NEVER;
      }
    }
    if (emptyArrayIsObject && Array.isArray(value) && value.length === 0) return {};
    return value;
  }, schema);
}

/** Like `jsonish`, but missing and null give `fallback()`. */
export function jsonOr<T extends z.ZodType, F>(
  schema: T,
  fallback: () => F,
  emptyArrayIsObject = true,
) {
  return jsonish(schema.nullish(), emptyArrayIsObject).transform((v) => v ?? fallback());
}

/** An object, JSON object text or PHP `[]` as a shallow-copied object; missing is `{}`. */
export function toRecord(v: unknown): Record<string, unknown> | Invalid {
  let value = v;
  if (typeof v === "string" && /^\s*[[{]/.test(v)) {
    try {
      value = JSON.parse(v) as unknown;
    } catch (err) {
      return invalid(`Holds text that is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (value === undefined || value === null) return {};
  if (Array.isArray(value) && value.length === 0) return {};
  if (typeof value !== "object" || Array.isArray(value)) return invalid("Must be an object.");
  // A shallow copy keeps the output independent of the caller's object at the top level.
  return { ...(value as Record<string, unknown>) };
}

/** A free-form object (custom field values); PHP `[]` and JSON text accepted, missing is `{}`. */
export const looseRecord = () => coerce(toRecord);
