/**
 * Raw-input schemas of components (seed 004) and pages.
 */
import { z } from "zod";
import { flag, id, jsonOr, looseRecord, nullableText, num, optionalId, text } from "./coerce.js";
import { componentMetaSchema } from "./component-meta.js";

export { componentMetaSchema } from "./component-meta.js";
export { editorJsSchema } from "./editorjs-input.js";

/** A list whose entries are parsed one at a time; null and missing mean empty. */
export const entityList = z
  .array(z.unknown(), { error: "Must be an array." })
  .nullish()
  .transform((v) => v ?? []);

/** A component on a page or in an area. */
export const componentSchema = z.object({
  id: id(),
  component_id: z.string({ error: "Must be a component type such as sectionContent." }).min(1),
  menu_order: num(0),
  meta: componentMetaSchema,
  template_id: optionalId(),
  code: nullableText(),
  custom_fields: looseRecord(),
});

/** A component after parsing, before normalization. */
export type ParsedComponent = z.output<typeof componentSchema>;

/** A page row; the slug comes from `post_name` or, when that is absent, `url`. */
export const pageSchema = z.object({
  id: id(),
  post_title: text(),
  post_name: z.string().nullish(),
  url: z.string().nullish(),
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
