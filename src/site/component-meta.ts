/**
 * Component `meta` (seed 004): a free-form object whose well-known keys are coerced and
 * every other key is kept as given. Read by a plain converter, because every component has
 * one and a zod object with a catch-all costs several times more per component.
 */
import { coerce } from "./coerce.js";
import {
  type Converter,
  Invalid,
  isBlank,
  type Problem,
  toNumber,
  toOptionalId,
  toRecord,
} from "./convert.js";
import { toOptionalEditorJs } from "./editorjs-input.js";
import type { EditorJsData } from "./types.js";

/** Parsed `meta`: the keys the generator reads, coerced; any other key as given. */
export interface ParsedMeta {
  [key: string]: unknown;
  section_content?: EditorJsData;
  padding_top?: number;
  padding_bottom?: number;
  flex_grids?: string;
  content_hotizontal_position?: string;
  partial_partial?: string | null;
  form_id?: string | null;
  menu_id?: string | null;
  block_id?: string | null;
}

// Tailwind-style class lists (`w-full md:w-1/2`, `justify-start`) land in class attributes.
const CSS_CLASSES = /^[\w\-:/.[\]% ]*$/;

/** Largest `padding_top` / `padding_bottom` in pixels; the stylesheet has one class per value. */
export const MAX_PADDING = 400;

// Checked here rather than only when rendering, so a bad value is a validation error with its
// path (and fails the build) instead of a warning that drops the setting.
const padding: Converter<number | undefined> = (v) => {
  if (isBlank(v)) return undefined;
  const n = toNumber(v, false);
  if (n instanceof Invalid) return n;
  return Number.isInteger(n) && n >= 0 && n <= MAX_PADDING
    ? n
    : new Invalid(`Must be a whole number of pixels from 0 to ${MAX_PADDING}.`);
};

const cssClasses: Converter<string | undefined> = (v) => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !CSS_CLASSES.test(v)) {
    return new Invalid("May hold CSS class names only.");
  }
  return v;
};

const READERS: Record<string, Converter<unknown>> = {
  section_content: toOptionalEditorJs,
  padding_top: padding,
  padding_bottom: padding,
  flex_grids: cssClasses,
  content_hotizontal_position: cssClasses,
  partial_partial: toOptionalId,
  form_id: toOptionalId,
  menu_id: toOptionalId,
  block_id: toOptionalId,
};

/** Component `meta` as an object, JSON text or PHP `[]`; missing or null is `{}`. */
export const toMeta: Converter<ParsedMeta> = (raw) => {
  const record = toRecord(raw);
  if (record instanceof Invalid) return record;
  let problems: Problem[] | undefined;
  for (const key in READERS) {
    if (!Object.hasOwn(record, key)) continue;
    const value = (READERS[key] as Converter<unknown>)(record[key]);
    if (value instanceof Invalid) {
      problems ??= [];
      for (const p of value.problems) problems.push({ message: p.message, path: [key, ...p.path] });
    } else if (value === undefined) {
      // Blank paddings and classes mean "unset"; dropping the key keeps one spelling of that.
      delete record[key];
    } else {
      record[key] = value;
    }
  }
  return problems ? new Invalid(problems) : record;
};

/** Component `meta` as a zod schema; see `toMeta`. */
export const componentMetaSchema = coerce(toMeta);
