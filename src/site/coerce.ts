/**
 * Field schemas that accept what the builder's API accepts and resolve it once: ids as
 * integers or strings, flags as 0/1/"0"/"1"/booleans, numbers as numeric strings, PHP's
 * `[]` for an empty object and JSON columns handed over as strings.
 */
import { z } from "zod";

/** Message for a missing required field, shared with the parse error map. */
export const REQUIRED = "This field is required.";

/** A conversion failure carrying the message for the issue. */
class Invalid {
  constructor(readonly message: string) {}
}

const invalid = (message: string): Invalid => new Invalid(message);

/** Wraps a converter into a schema that tolerates a missing key and reports `Invalid` as an issue. */
function coerce<T>(convert: (value: unknown) => T | Invalid) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T => {
      const out = convert(value);
      if (out instanceof Invalid) {
        ctx.issues.push({ code: "custom", message: out.message, input: value });
        return z.NEVER;
      }
      return out;
    });
}

const isBlank = (v: unknown): boolean => v === undefined || v === null || v === "";

function toId(value: unknown): string | Invalid {
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

function toNumber(v: unknown, integer: boolean): number | Invalid {
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

/** An optional number (meta paddings): missing, null or "" gives undefined so the key is dropped. */
export const optionalNum = () => coerce((v) => (isBlank(v) ? undefined : toNumber(v, false)));

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
export function jsonish<T extends z.ZodType>(schema: T, emptyArrayIsObject = true) {
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

/** A free-form object (meta, custom field values); PHP `[]` and JSON text accepted. */
export const looseRecord = () =>
  jsonOr(z.record(z.string(), z.unknown()), (): Record<string, unknown> => ({}));
