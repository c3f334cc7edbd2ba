/**
 * Raw-input schemas of components (seed 004) and pages.
 */
import { z } from "zod";
import { coerce, flag, id, jsonOr, nullableText, optionalId, text } from "./coerce.js";
import { toMeta } from "./component-meta.js";
import {
  type Converter,
  Invalid,
  type ObjectOf,
  REQUIRED,
  toId,
  toNullableText,
  toNum,
  toObject,
  toOptionalId,
  toRecord,
} from "./convert.js";
import { toSource } from "./schema-source.js";

export { componentMetaSchema } from "./component-meta.js";
export { editorJsSchema } from "./editorjs-input.js";

/** A list whose entries are parsed one at a time; null and missing mean empty. */
export const entityList = z
  .array(z.unknown(), { error: "Must be an array." })
  .nullish()
  .transform((v) => v ?? []);

const toComponentType: Converter<string> = (v) =>
  typeof v === "string" && v !== ""
    ? v
    : new Invalid(v === undefined ? REQUIRED : "Must be a component type such as sectionContent.");

const componentShape = {
  id: toId,
  component_id: toComponentType,
  menu_order: toNum(0),
  meta: toMeta,
  template_id: toOptionalId,
  code: toNullableText,
  custom_fields: toRecord,
  source: toSource,
};

/** A component on a page or in an area (a plain converter: components are the bulk of a site). */
export const componentSchema = coerce(toObject(componentShape));

/** A component after parsing, before normalization. */
export type ParsedComponent = ObjectOf<typeof componentShape>;

/** Seed 001's limits: `post_title` at most 255 characters, `url` (our `post_name`) at most 500. */
export const PAGE_LIMITS = { post_title: 255, post_name: 500 } as const;

const atMost = (max: number) => ({ error: `Must be at most ${max} characters.` });

/** A page row; the slug comes from `post_name` or, when that is absent, `url`. */
export const pageSchema = z.object({
  id: id(),
  post_title: text().refine(
    (t) => t.length <= PAGE_LIMITS.post_title,
    atMost(PAGE_LIMITS.post_title),
  ),
  post_name: z.string().max(PAGE_LIMITS.post_name, atMost(PAGE_LIMITS.post_name)).nullish(),
  url: z.string().max(PAGE_LIMITS.post_name, atMost(PAGE_LIMITS.post_name)).nullish(),
  status: flag(true),
  layout_id: optionalId(),
  secured: flag(false),
  updated_at: nullableText(),
  meta_title: nullableText(),
  meta_description: nullableText(),
  meta_keyword: nullableText(),
  meta_image: nullableText(),
  canonical_url: nullableText(),
  no_index: flag(false),
  source: coerce(toSource),
  // Components are parsed one by one (see parse-site.ts) so one bad component does not hide
  // the problems of its siblings.
  components: entityList,
});

/** A page after parsing, before normalization. */
export type ParsedPage = z.output<typeof pageSchema>;

/** The header, footer and secured areas (seed 004 `type`), each a list of components. */
export const areasSchema = jsonOr(
  z.object({ header: entityList, footer: entityList, secured: entityList }),
  () => ({ header: [], footer: [], secured: [] }),
);
