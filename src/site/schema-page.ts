/**
 * Raw-input schemas of Editor.js documents, components (seed 004) and pages. Only the
 * document's envelope is checked here; block data stays untrusted for the renderer.
 */
import { z } from "zod";
import {
  flag,
  id,
  jsonish,
  jsonOr,
  looseRecord,
  nullableText,
  optionalId,
  optionalNum,
  text,
} from "./coerce.js";

const editorJsBlock = z.object({
  id: z.string().optional(),
  type: z.string().min(1, "A block needs a type."),
  data: looseRecord(),
  tunes: z.record(z.string(), z.unknown()).optional(),
});

const editorJsDocument = z.object({
  time: optionalNum().optional(),
  version: z.string().optional(),
  blocks: z.array(editorJsBlock),
});

/** An Editor.js document `{time, version, blocks}`, also accepted as JSON text. */
export const editorJsSchema = jsonish(editorJsDocument, false);

// Tailwind-style class lists (`w-full md:w-1/2`, `justify-start`) land in class attributes.
const cssClasses = z
  .string()
  .regex(/^[\w\-:/.[\]% ]*$/, "May hold CSS class names only.")
  .optional();

// The keys the generator reads are coerced; any other key is kept as given.
const componentMeta = z.looseObject({
  section_content: jsonOr(editorJsDocument, () => undefined, false),
  padding_top: optionalNum().optional(),
  padding_bottom: optionalNum().optional(),
  flex_grids: cssClasses,
  content_hotizontal_position: cssClasses,
  partial_partial: optionalId().optional(),
  form_id: optionalId().optional(),
  menu_id: optionalId().optional(),
  block_id: optionalId().optional(),
});

/** Component `meta` as JSON text, object or PHP `[]`; missing or null is empty. */
export const componentMetaSchema = jsonOr(componentMeta, () => componentMeta.parse({}));

/** A list whose entries are parsed one at a time; null and missing mean empty. */
export const entityList = z
  .array(z.unknown(), { error: "Must be an array." })
  .nullish()
  .transform((v) => v ?? []);

/** A component on a page or in an area. */
export const componentSchema = z.object({
  id: id(),
  component_id: z.string({ error: "Must be a component type such as sectionContent." }).min(1),
  menu_order: optionalNum().transform((n) => n ?? 0),
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
