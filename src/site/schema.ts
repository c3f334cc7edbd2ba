/**
 * Raw-input schemas of the site's collections. Each entity is parsed on its own (see
 * parse-site.ts), so these describe one row as a backend hands it over; unknown keys are
 * tolerated and dropped.
 */
import { z } from "zod";
import { coerce, flag, id, idList, int, jsonOr, nullableText, optionalId, text } from "./coerce.js";
import { editorJsSchema, entityList } from "./schema-page.js";
import { toSource } from "./schema-source.js";

export { componentSchema, editorJsSchema, pageSchema } from "./schema-page.js";
export { customizationSchema, websiteSchema } from "./schema-website.js";

/** Names that would reach an object's prototype when used as a key in a template. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

const fieldName = z
  .string({ error: "A field needs a name." })
  .trim()
  .min(1, "A field needs a name.")
  .refine((name) => !FORBIDDEN_KEYS.has(name), "This name is reserved.");

const customFieldDefinition = z
  .object({
    name: fieldName,
    label: z.string().nullish(),
    type: text("text"),
    default: z.unknown().optional(),
  })
  .transform((f) => ({
    name: f.name,
    label: f.label ?? f.name,
    type: f.type,
    default: f.default === undefined ? null : f.default,
  }));

/** A template (the API's partial): nunjucks code plus its custom-field definitions. */
export const templateSchema = z.object({
  id: id(),
  name: text(),
  code: z.string({ error: "A template needs its code (or, in a directory, a sibling .njk)." }),
  custom_fields: jsonOr(z.array(customFieldDefinition), () => [], false),
  source: coerce(toSource),
});

/** A layout: the templates above and below a page's components. */
export const layoutSchema = z.object({
  id: id(),
  name: text(""),
  header_template_ids: idList(),
  footer_template_ids: idList(),
  // Single-template spellings a backend may store instead of the lists.
  header_template_id: optionalId(),
  footer_template_id: optionalId(),
  source: coerce(toSource),
});

const TARGET = /^_(?:blank|self|parent|top)$/;

/** One menu entry as given; `children` nests. */
export interface ParsedMenuItem {
  title: string;
  url: string | null;
  page_id: string | null;
  target: string | null;
  children: ParsedMenuItem[];
}

/** A menu entry: a page reference or a URL, with nested children. */
export const menuItemSchema: z.ZodType<ParsedMenuItem, unknown> = z.object({
  title: text(),
  url: nullableText(),
  page_id: optionalId(),
  target: nullableText().pipe(
    z.string().regex(TARGET, "Must be _blank, _self, _parent or _top.").nullable(),
  ),
  get children() {
    return z
      .array(menuItemSchema)
      .nullish()
      .transform((v) => v ?? []);
  },
});

/** A navigation menu. */
export const menuSchema = z.object({
  id: id(),
  name: text(""),
  items: jsonOr(z.array(menuItemSchema), () => [], false),
  source: coerce(toSource),
});

/** The field types a form may use. */
export const FORM_FIELD_TYPES = [
  "text",
  "email",
  "tel",
  "number",
  "textarea",
  "select",
  "checkbox",
  "radio",
  "date",
  "hidden",
] as const;

const options = z
  .union([z.array(z.union([z.string(), z.number()])), z.string()], {
    error: "Must be a list of options or newline/comma-separated text.",
  })
  .nullish()
  .transform((v) =>
    v === null || v === undefined
      ? []
      : (typeof v === "string" ? v.split(/\r?\n|,/) : v)
          .map((o) => String(o).trim())
          .filter((o) => o !== ""),
  );

const formField = z
  .object({
    name: fieldName,
    label: z.string().nullish(),
    type: z.enum(FORM_FIELD_TYPES).optional().default("text"),
    required: flag(false),
    placeholder: nullableText(),
    options,
  })
  .transform((f) => ({ ...f, label: f.label ?? f.name }));

/** A form and its fields. */
export const formSchema = z.object({
  id: id(),
  name: text(""),
  fields: jsonOr(z.array(formField), () => [], false),
  submit_label: text("Send"),
  success_message: nullableText(),
  source: coerce(toSource),
});

/** A reusable content block holding an Editor.js document. */
export const blockSchema = z.object({
  id: id(),
  name: text(""),
  content: editorJsSchema,
  source: coerce(toSource),
});

/** A redirect; `status` defaults to 301. */
export const redirectSchema = z.object({
  from: text(),
  to: text(),
  status: int(301).pipe(
    z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)], {
      error: "Must be 301, 302, 307 or 308.",
    }),
  ),
});

/** The top level of a bundle: each collection is parsed entity by entity. */
export const siteShapeSchema = z.object(
  {
    website: z.unknown().optional(),
    pages: entityList,
    templates: entityList,
    layouts: entityList,
    areas: z.unknown().optional(),
    menus: entityList,
    forms: entityList,
    blocks: entityList,
    redirects: entityList,
    structures: entityList,
  },
  { error: "The site data must be a JSON object." },
);

/** Parsed entities, before normalization. */
export type ParsedTemplate = z.output<typeof templateSchema>;
/** A parsed layout. */
export type ParsedLayout = z.output<typeof layoutSchema>;
/** A parsed menu. */
export type ParsedMenu = z.output<typeof menuSchema>;
/** A parsed form. */
export type ParsedForm = z.output<typeof formSchema>;
/** A parsed block. */
export type ParsedBlock = z.output<typeof blockSchema>;
/** A parsed redirect. */
export type ParsedRedirect = z.output<typeof redirectSchema>;
