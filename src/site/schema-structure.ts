/**
 * Raw-input converters of structures (blogs, news), their categories and posts (seed 003).
 * Posts are parsed one by one like components, so one bad post does not hide the problems of
 * its siblings, and plain converters keep a 2,000-post blog cheap to validate.
 */
import { parseBuilderDate } from "../text/builder-date.js";
import {
  type Converter,
  Invalid,
  isBlank,
  type ObjectOf,
  parseIdList,
  toFlag,
  toId,
  toNullableText,
  toNum,
  toObject,
  toOptionalId,
  toText,
} from "./convert.js";
import { toEditorJs } from "./editorjs-input.js";
import { child, type Entry, type ErrorBag } from "./error-bag.js";
import { toSource } from "./schema-source.js";
import type { EditorJsData, StructureSort } from "./types.js";

/** A structure `type` is a key in templates (`structures.blog`) and the default URL. */
const TYPE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const maxLength =
  <T extends string | null>(convert: Converter<T>, max: number): Converter<T> =>
  (v) => {
    const out = convert(v);
    if (typeof out === "string" && out.length > max) {
      return new Invalid(`Must be at most ${max} characters.`);
    }
    return out;
  };

const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date-time as ISO 8601 UTC. The builder stores `2024-05-01 10:00:00` without a zone,
 * which is read as UTC (as the sitemap does) rather than the build server's local time.
 */
export const toDateTime: Converter<string | null> = (v) => {
  if (isBlank(v)) return null;
  if (typeof v !== "string" || !ISO_DATE.test(v.trim())) {
    return new Invalid("Must be a date-time such as 2024-05-01T10:00:00Z or 2024-05-01 10:00:00.");
  }
  const text = v.trim();
  const date = parseBuilderDate(text);
  return Number.isNaN(date.getTime())
    ? new Invalid("Must be a valid date-time.")
    : date.toISOString();
};

/** Post content: an Editor.js document (object or JSON text) or an HTML string. */
const toContent: Converter<EditorJsData | string | null> = (v) => {
  if (isBlank(v)) return null;
  if (typeof v === "string") {
    if (v.trim() === "") return null;
    return v.trimStart().startsWith("{") ? toEditorJs(v) : v;
  }
  if (typeof v === "object") return toEditorJs(v);
  return new Invalid("Must be an Editor.js document or an HTML string.");
};

const toSortNumber: Converter<number | null> = (v) => {
  if (isBlank(v)) return null;
  const n = toNum(0, true)(v);
  if (typeof n === "number" && n < 0) return new Invalid("Must be 0 or more.");
  return n;
};

const toIds: Converter<string[]> = (v) => {
  try {
    return parseIdList(v);
  } catch {
    return new Invalid('Must be comma-separated category ids ("1,3") or an array of ids.');
  }
};

const between =
  (fallback: number, min: number, max: number): Converter<number> =>
  (v) => {
    const n = toNum(fallback, true)(v);
    if (typeof n === "number" && (n < min || n > max)) {
      return new Invalid(`Must be a whole number from ${min} to ${max}.`);
    }
    return n;
  };

const toType: Converter<string> = (v) => {
  const t = toText()(v);
  if (typeof t === "string" && !TYPE.test(t)) {
    return new Invalid("Must be letters, digits, - and _ (e.g. blog, news).");
  }
  return t;
};

const toSort: Converter<StructureSort> = (v) => {
  if (isBlank(v)) return "manual";
  return v === "manual" || v === "date" ? v : new Invalid("Must be manual or date.");
};

const postShape = {
  id: toId,
  title: maxLength(toText(), 255),
  url: maxLength(toText(), 500),
  status: toFlag(true),
  content: toContent,
  intro: toNullableText,
  image: toNullableText,
  sort_number: toSortNumber,
  main_category_id: toOptionalId,
  layout_id: toOptionalId,
  meta_keyword: maxLength(toNullableText, 255),
  meta_title: maxLength(toNullableText, 255),
  meta_image: toNullableText,
  disable_single_page: toFlag(false),
  disable_listing: toFlag(false),
  meta_description: toNullableText,
  canonical_url: maxLength(toNullableText, 500),
  no_index: toFlag(false),
  scheduled_at: toDateTime,
  categories: toIds,
  created_at: toDateTime,
  updated_at: toDateTime,
  published_at: toDateTime,
};

const categoryShape = {
  id: toId,
  name: toText(),
  slug: toText(),
  description: toNullableText,
};

const settingsShape = {
  id: toId,
  type: toType,
  title: toNullableText,
  description: toNullableText,
  url: toNullableText,
  category_url: toNullableText,
  items_per_page: between(10, 1, 1000),
  sort: toSort,
  listing_layout_id: toOptionalId,
  single_layout_id: toOptionalId,
  feed_limit: between(20, 1, 1000),
  source: toSource,
};

/** A post after parsing, before normalization. */
export type ParsedPost = ObjectOf<typeof postShape>;
/** A category after parsing. */
export type ParsedCategory = ObjectOf<typeof categoryShape>;
/** A structure after parsing: its settings and the posts and categories that parsed. */
export type ParsedStructure = ObjectOf<typeof settingsShape> & {
  posts: Entry<ParsedPost>[];
  categories: Entry<ParsedCategory>[];
};

const convertPost = toObject(postShape);
const convertCategory = toObject(categoryShape);
const convertSettings = toObject(settingsShape);

function convertInto<T>(
  convert: Converter<T>,
  value: unknown,
  path: string,
  bag: ErrorBag,
): T | undefined {
  const out = convert(value);
  if (!(out instanceof Invalid)) return out;
  for (const p of out.problems) bag.add(child(path, ...p.path), p.message);
  return undefined;
}

function convertList<T>(
  convert: Converter<T>,
  raw: unknown,
  path: string,
  bag: ErrorBag,
): Entry<T>[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    bag.add(path, "Must be an array.");
    return [];
  }
  const out: Entry<T>[] = [];
  for (let index = 0; index < raw.length; index++) {
    const value = convertInto(convert, raw[index], `${path}[${index}]`, bag);
    if (value !== undefined) out.push({ index, value });
  }
  return out;
}

/** Parses the raw `structures` list, recording every problem in `bag`. */
export function parseStructures(
  items: readonly unknown[],
  bag: ErrorBag,
): Entry<ParsedStructure>[] {
  const out: Entry<ParsedStructure>[] = [];
  items.forEach((item, index) => {
    const path = `structures[${index}]`;
    const settings = convertInto(convertSettings, item, path, bag);
    const raw = typeof item === "object" && item !== null ? (item as Record<string, unknown>) : {};
    // Posts of a structure with a bad setting are still checked, so one run reports both.
    const categories = convertList(convertCategory, raw.categories, `${path}.categories`, bag);
    const posts = convertList(convertPost, raw.posts, `${path}.posts`, bag);
    if (settings !== undefined) out.push({ index, value: { ...settings, categories, posts } });
  });
  return out;
}
