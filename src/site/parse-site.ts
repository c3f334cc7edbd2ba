/**
 * Schema stage of validation: parses every entity on its own and keeps the ones that pass
 * together with their original index, so later checks can still run on the rest and report
 * paths that point into the input as given.
 */
import type { z } from "zod";
import { child, type Entry, type ErrorBag, errorMap } from "./error-bag.js";
import {
  blockSchema,
  formSchema,
  layoutSchema,
  menuSchema,
  type ParsedBlock,
  type ParsedForm,
  type ParsedLayout,
  type ParsedMenu,
  type ParsedRedirect,
  type ParsedTemplate,
  redirectSchema,
  siteShapeSchema,
  templateSchema,
} from "./schema.js";
import {
  areasSchema,
  componentSchema,
  type ParsedComponent,
  type ParsedPage,
  pageSchema,
} from "./schema-page.js";
import { type ParsedStructure, parseStructures } from "./schema-structure.js";
import { type ParsedWebsite, websiteSchema } from "./schema-website.js";
import type { AreaName } from "./types.js";

/** A parsed page with its components parsed one by one. */
export type ParsedPageEntry = Omit<ParsedPage, "components"> & {
  components: Entry<ParsedComponent>[];
};

/** The entity collections that carry an `id`. */
export const ID_COLLECTIONS = [
  "pages",
  "templates",
  "layouts",
  "menus",
  "forms",
  "blocks",
  "structures",
] as const;

/** A collection whose entities are referenced by id. */
export type IdCollection = (typeof ID_COLLECTIONS)[number];

/** Everything that parsed, plus every id seen in the raw input (parsed or not). */
export interface ParsedSite {
  website: ParsedWebsite | null;
  pages: Entry<ParsedPageEntry>[];
  templates: Entry<ParsedTemplate>[];
  layouts: Entry<ParsedLayout>[];
  areas: Record<AreaName, Entry<ParsedComponent>[]>;
  menus: Entry<ParsedMenu>[];
  forms: Entry<ParsedForm>[];
  blocks: Entry<ParsedBlock>[];
  redirects: Entry<ParsedRedirect>[];
  structures: Entry<ParsedStructure>[];
  /** False when the input is not an object of collections; nothing else was parsed then. */
  shaped: boolean;
  /**
   * Ids of every raw entity, including those whose other fields failed, so a reference to an
   * entity with an unrelated problem is not also reported as dangling.
   */
  rawIds: Record<IdCollection, Set<string>>;
}

const AREA_NAMES: readonly AreaName[] = ["header", "footer", "secured"];

function parseOne<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: string,
  bag: ErrorBag,
): z.output<S> | undefined {
  const result = schema.safeParse(value, { error: errorMap });
  if (result.success) return result.data;
  bag.addIssues(path, result.error.issues);
  return undefined;
}

function parseList<S extends z.ZodType>(
  schema: S,
  items: readonly unknown[],
  path: string,
  bag: ErrorBag,
): Entry<z.output<S>>[] {
  const out: Entry<z.output<S>>[] = [];
  items.forEach((item, index) => {
    const value = parseOne(schema, item, `${path}[${index}]`, bag);
    if (value !== undefined) out.push({ index, value });
  });
  return out;
}

/** The id of a raw entity (trimmed; numbers as strings), or null when it has none usable. */
export function rawId(item: unknown): string | null {
  if (typeof item !== "object" || item === null) return null;
  const raw = (item as { id?: unknown }).id;
  if (typeof raw === "number" && Number.isSafeInteger(raw)) return String(raw);
  return typeof raw === "string" && raw.trim() !== "" ? raw.trim() : null;
}

function collectIds(items: readonly unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const item of items) {
    const one = rawId(item);
    if (one !== null) ids.add(one);
  }
  return ids;
}

/** Parses one raw page (at `pages[index]`) and its components one by one; undefined when the page's own fields fail. */
export function parsePage(
  item: unknown,
  index: number,
  bag: ErrorBag,
): Entry<ParsedPageEntry> | undefined {
  const page = parseOne(pageSchema, item, `pages[${index}]`, bag);
  // Components of a page with a bad field are still checked, so one run reports both.
  const components = parseComponents(item, index, bag);
  return page === undefined ? undefined : { index, value: { ...page, components } };
}

/** Parses a raw page's components one by one (again, for a streamed page); problems go to `bag`. */
export function parseComponents(
  item: unknown,
  index: number,
  bag: ErrorBag,
): Entry<ParsedComponent>[] {
  const raw = (item as { components?: unknown } | null)?.components;
  return Array.isArray(raw)
    ? parseList(componentSchema, raw, `pages[${index}].components`, bag)
    : [];
}

/** Parses raw site data entity by entity, recording every schema problem in `bag`. */
export function parseSite(raw: unknown, bag: ErrorBag): ParsedSite {
  const shape = siteShapeSchema.safeParse(raw, { error: errorMap });
  if (!shape.success) {
    for (const issue of shape.error.issues) {
      bag.add(issue.path.length === 0 ? "site" : child("", ...issue.path), issue.message);
    }
  }
  const top = shape.success ? shape.data : undefined;
  const list = (name: keyof NonNullable<typeof top>): unknown[] => {
    const value = top?.[name];
    return Array.isArray(value) ? value : [];
  };

  const pages: Entry<ParsedPageEntry>[] = [];
  list("pages").forEach((item, index) => {
    const page = parsePage(item, index, bag);
    if (page !== undefined) pages.push(page);
  });

  const areas = { header: [], footer: [], secured: [] } as ParsedSite["areas"];
  if (top) {
    const parsedAreas = parseOne(areasSchema, top.areas, "areas", bag);
    for (const name of AREA_NAMES) {
      areas[name] = parseList(componentSchema, parsedAreas?.[name] ?? [], `areas.${name}`, bag);
    }
  }

  const rawIds = {} as ParsedSite["rawIds"];
  for (const name of ID_COLLECTIONS) rawIds[name] = collectIds(list(name));

  return {
    website: top ? (parseOne(websiteSchema, top.website, "website", bag) ?? null) : null,
    pages,
    templates: parseList(templateSchema, list("templates"), "templates", bag),
    layouts: parseList(layoutSchema, list("layouts"), "layouts", bag),
    areas,
    menus: parseList(menuSchema, list("menus"), "menus", bag),
    forms: parseList(formSchema, list("forms"), "forms", bag),
    blocks: parseList(blockSchema, list("blocks"), "blocks", bag),
    redirects: parseList(redirectSchema, list("redirects"), "redirects", bag),
    structures: parseStructures(list("structures"), bag),
    shaped: top !== undefined,
    rawIds,
  };
}
