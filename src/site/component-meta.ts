/**
 * Component `meta` (seed 004): a free-form object whose well-known keys are coerced and
 * every other key is kept as given. Read by hand in one transform, because every component
 * has one and a zod object with a catch-all costs several times more per component.
 */
import { z } from "zod";
import { Invalid, isBlank, toId, toNumber, toRecord } from "./coerce.js";
import { readEditorJs } from "./editorjs-input.js";
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

type Issue = { message: string; path: PropertyKey[] };
type Reader = (value: unknown, issues: Issue[]) => unknown;

const fail = (issues: Issue[], message: string, path: PropertyKey[] = []) => {
  issues.push({ message, path });
  return undefined;
};

const optionalNumber: Reader = (v, issues) => {
  if (isBlank(v)) return undefined;
  const n = toNumber(v, false);
  return n instanceof Invalid ? fail(issues, n.message) : n;
};

const cssClasses: Reader = (v, issues) => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !CSS_CLASSES.test(v)) {
    return fail(issues, "May hold CSS class names only.");
  }
  return v;
};

const optionalId: Reader = (v, issues) => {
  if (isBlank(v)) return null;
  const id = toId(v);
  return id instanceof Invalid ? fail(issues, id.message) : id;
};

const editorJs: Reader = (v, issues) => {
  if (v === undefined || v === null) return undefined;
  const result = readEditorJs(v);
  if ("value" in result) return result.value;
  issues.push(...result.issues);
  return undefined;
};

const READERS: Record<string, Reader> = {
  section_content: editorJs,
  padding_top: optionalNumber,
  padding_bottom: optionalNumber,
  flex_grids: cssClasses,
  content_hotizontal_position: cssClasses,
  partial_partial: optionalId,
  form_id: optionalId,
  menu_id: optionalId,
  block_id: optionalId,
};

/** Component `meta` as an object, JSON text or PHP `[]`; missing or null is `{}`. */
export const componentMetaSchema = z.transform((raw: unknown, ctx): ParsedMeta => {
  const record = toRecord(raw);
  if (record instanceof Invalid) {
    ctx.issues.push({ code: "custom", message: record.message, input: raw });
    return z.NEVER;
  }
  let failed = false;
  for (const key in READERS) {
    if (!Object.hasOwn(record, key)) continue;
    const issues: Issue[] = [];
    const value = (READERS[key] as Reader)(record[key], issues);
    if (issues.length > 0) {
      failed = true;
      for (const issue of issues) {
        ctx.issues.push({
          code: "custom",
          message: issue.message,
          path: [key, ...issue.path],
          input: raw,
        });
      }
    } else if (value === undefined) {
      // Blank paddings and classes mean "unset"; dropping the key keeps one spelling of that.
      delete record[key];
    } else {
      record[key] = value;
    }
  }
  return failed ? z.NEVER : record;
});
