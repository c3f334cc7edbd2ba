/**
 * Plain converters from what the builder's API accepts to one normalized value: ids as
 * integers or strings, flags as 0/1/"0"/"1"/booleans, numbers as numeric strings, PHP's `[]`
 * for an empty object and JSON columns handed over as text. They return `Invalid` instead of
 * throwing, so a caller can collect every problem; coerce.ts turns them into zod schemas.
 */

/** Message for a missing required field. */
export const REQUIRED = "This field is required.";

/** One problem, with its path relative to the converted value. */
export interface Problem {
  message: string;
  path: PropertyKey[];
}

/** A conversion failure: one or more problems. */
export class Invalid {
  readonly problems: Problem[];
  constructor(message: string | Problem[]) {
    this.problems = typeof message === "string" ? [{ message, path: [] }] : message;
  }
}

/** Turns a value into `T`, or says why it cannot. */
export type Converter<T> = (value: unknown) => T | Invalid;

const invalid = (message: string): Invalid => new Invalid(message);

/** True for missing, null and empty-string values, which the API uses for "unset". */
export const isBlank = (v: unknown): boolean => v === undefined || v === null || v === "";

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

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
    if (CONTROL.test(id)) return invalid("An id must not contain control characters.");
    return id;
  }
  return isBlank(value) ? invalid(REQUIRED) : invalid("An id must be an integer or a string.");
}

/** An id reference: missing, null and "" become null. */
export const toOptionalId: Converter<string | null> = (v) => (isBlank(v) ? null : toId(v));

/** A flag; missing, null or "" gives `fallback`. */
export const toFlag =
  (fallback: boolean): Converter<boolean> =>
  (v) => {
    if (v === undefined || v === null || v === "") return fallback;
    if (v === true || v === 1 || v === "1" || v === "true") return true;
    if (v === false || v === 0 || v === "0" || v === "false") return false;
    return invalid("Must be 0, 1, true or false.");
  };

const NUMERIC = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** A number or numeric string as a number. */
export function toNumber(v: unknown, integer: boolean): number | Invalid {
  const n =
    typeof v === "number" ? v : typeof v === "string" && NUMERIC.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) return invalid(integer ? "Must be an integer." : "Must be a number.");
  if (integer && !Number.isInteger(n)) return invalid("Must be an integer.");
  return n;
}

/** A number; missing, null or "" gives `fallback`. */
export const toNum =
  (fallback: number, integer = false): Converter<number> =>
  (v) =>
    isBlank(v) ? fallback : toNumber(v, integer);

/** A string (a number is accepted as its decimal text); missing gives `fallback` or an error. */
export const toText =
  (fallback?: string): Converter<string> =>
  (v) => {
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (v === undefined || v === null) return fallback ?? invalid(REQUIRED);
    return invalid("Must be a string.");
  };

/** Optional text: missing, null and blank become null, so "unset" has one spelling. */
export const toNullableText: Converter<string | null> = (v) => {
  if (v === undefined || v === null) return null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return invalid("Must be a string.");
  return v.trim() === "" ? null : v;
};

/** An object, JSON object text or PHP `[]` as a shallow copy; missing or null is `{}`. */
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
  // A copy keeps the output independent of the caller's object at the top level.
  return { ...(value as Record<string, unknown>) };
}

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

/** The output of an object converter built by `toObject`. */
export type ObjectOf<S extends Record<string, Converter<unknown>>> = {
  [K in keyof S]: Exclude<ReturnType<S[K]>, Invalid>;
};

const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * A converter for an object with the given fields; unknown keys are dropped. One plain loop
 * instead of a zod object: components are the bulk of a large site, and this is several
 * times cheaper per component while reporting the same problems at the same paths.
 */
export function toObject<S extends Record<string, Converter<unknown>>>(
  shape: S,
): Converter<ObjectOf<S>> {
  const keys = Object.keys(shape);
  return (input) => {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
      return invalid(
        input === undefined ? REQUIRED : `Invalid input: expected object, received ${kind(input)}`,
      );
    }
    const out: Record<string, unknown> = {};
    let problems: Problem[] | undefined;
    for (const key of keys) {
      const value = (shape[key] as Converter<unknown>)((input as Record<string, unknown>)[key]);
      if (value instanceof Invalid) {
        problems ??= [];
        for (const p of value.problems)
          problems.push({ message: p.message, path: [key, ...p.path] });
      } else {
        out[key] = value;
      }
    }
    return problems ? new Invalid(problems) : (out as ObjectOf<S>);
  };
}
