/**
 * Structure checks: unique types, post and category ids and category slugs; references to
 * categories and layouts; safe slugs; `sectionStructure` components that name a structure.
 * Route claims (posts, listings, category pages against pages) live in claimStructureRoutes.
 */

import { checkUnique } from "./check-duplicates.js";
import { unsafeUrlScheme } from "./check-references.js";
import type { Entry, ErrorBag } from "./error-bag.js";
import type { ParsedSite } from "./parse-site.js";
import type { ParsedComponent } from "./schema-page.js";
import type { ParsedStructure } from "./schema-structure.js";
import { slugProblem } from "./slug.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: a link with line breaks is broken
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkSlug(bag: ErrorBag, path: string, value: string | null, what: string): void {
  if (value === null) return;
  const problem = slugProblem(value);
  if (problem !== null) bag.add(path, `Unsafe ${what} ${JSON.stringify(value)}: it ${problem}.`);
}

function checkLayout(site: ParsedSite, bag: ErrorBag, id: string | null, path: string): void {
  if (id !== null && !site.rawIds.layouts.has(id)) {
    bag.add(path, `Refers to layout "${id}", which does not exist.`);
  }
}

function checkStructure(
  site: ParsedSite,
  bag: ErrorBag,
  { index, value: s }: Entry<ParsedStructure>,
): void {
  const at = `structures[${index}]`;
  checkSlug(bag, `${at}.url`, s.url, "structure URL");
  checkSlug(bag, `${at}.category_url`, s.category_url, "category URL");
  checkLayout(site, bag, s.listing_layout_id, `${at}.listing_layout_id`);
  checkLayout(site, bag, s.single_layout_id, `${at}.single_layout_id`);
  checkUnique(bag, s.categories, (c) => c.id, `${at}.categories`, "id", "category id");
  checkUnique(
    bag,
    s.categories,
    (c) => c.slug.trim().replace(/^\/+|\/+$/g, ""),
    `${at}.categories`,
    "slug",
    "category slug",
  );
  checkUnique(bag, s.posts, (p) => p.id, `${at}.posts`, "id", "post id");

  for (const { index: ci, value: c } of s.categories) {
    const slug = c.slug.trim().replace(/^\/+|\/+$/g, "");
    const path = `${at}.categories[${ci}].slug`;
    if (slug === "" || slug.includes("/"))
      bag.add(path, "A category slug must be one non-empty path segment.");
    else checkSlug(bag, path, slug, "category slug");
  }

  const categoryIds = new Set(s.categories.map((c) => c.value.id));
  const categoryRef = (id: string, path: string) => {
    if (!categoryIds.has(id))
      bag.add(path, `Refers to category "${id}", which structure "${s.type}" does not have.`);
  };
  for (const { index: pi, value: p } of s.posts) {
    const path = `${at}.posts[${pi}]`;
    if (p.main_category_id !== null) categoryRef(p.main_category_id, `${path}.main_category_id`);
    for (const id of p.categories) categoryRef(id, `${path}.categories`);
    checkLayout(site, bag, p.layout_id, `${path}.layout_id`);
    if (p.disable_single_page) {
      // Without a page of its own the url is only a link target: it may be external or shared.
      if (CONTROL.test(p.url) || p.url.trim() === "")
        bag.add(`${path}.url`, "Must be a path or URL without control characters.");
      else if (unsafeUrlScheme(p.url))
        bag.add(`${path}.url`, "Must not use a javascript:, vbscript: or data: URL.");
    } else if (p.url.trim().replace(/^\/+|\/+$/g, "") === "") {
      bag.add(`${path}.url`, `Post ${p.id} "${p.title}" needs a URL slug for its page.`);
    } else {
      checkSlug(bag, `${path}.url`, p.url, `URL of post ${p.id} "${p.title}"`);
    }
    for (const key of ["canonical_url", "image", "meta_image"] as const) {
      const value = p[key];
      if (value !== null && unsafeUrlScheme(value))
        bag.add(`${path}.${key}`, "Must not use a javascript:, vbscript: or data: URL.");
    }
  }
}

/** Checks a sectionStructure component's structure, count and category. */
export function checkSectionStructure(
  bag: ErrorBag,
  byKey: Map<string, ParsedStructure>,
  listPath: string,
  { index, value: c }: Entry<ParsedComponent>,
): void {
  if (c.component_id !== "sectionStructure" || c.template_id !== null || c.meta.partial_partial)
    return;
  const at = `${listPath}[${index}].meta`;
  const meta = c.meta as Record<string, unknown>;
  const key = meta.structure ?? meta.structure_id ?? null;
  const structure = key === null ? undefined : byKey.get(String(key));
  if (key === null)
    bag.add(
      `${at}.structure`,
      "A sectionStructure component needs meta.structure (a structure type or id).",
    );
  else if (!structure)
    bag.add(`${at}.structure`, `Refers to structure "${String(key)}", which does not exist.`);
  const count = meta.count;
  if (
    count !== undefined &&
    count !== null &&
    count !== "" &&
    !/^\d{1,3}$/.test(String(count).trim())
  ) {
    bag.add(`${at}.count`, "Must be a whole number from 1 to 999.");
  }
  const category = meta.category_id;
  if (structure && category !== undefined && category !== null && category !== "") {
    if (!structure.categories.some((e) => e.value.id === String(category))) {
      bag.add(
        `${at}.category_id`,
        `Refers to category "${String(category)}", which structure "${structure.type}" does not have.`,
      );
    }
  }
}

/** Structures by id and by type, as sectionStructure components name them. */
export function structuresByKey(site: ParsedSite): Map<string, ParsedStructure> {
  const byKey = new Map<string, ParsedStructure>();
  for (const { value } of site.structures) byKey.set(value.id, value);
  // The type wins over an id of the same spelling: templates and the API address structures by type.
  for (const { value } of site.structures) byKey.set(value.type, value);
  return byKey;
}

/** Checks every structure, its categories and posts, and the areas' sectionStructure components (pages: check-page.ts). */
export function checkStructures(site: ParsedSite, bag: ErrorBag): void {
  checkUnique(bag, site.structures, (s) => s.type, "structures", "type", "structure type");
  for (const entry of site.structures) checkStructure(site, bag, entry);
  const byKey = structuresByKey(site);
  for (const [area, entries] of Object.entries(site.areas)) {
    for (const entry of entries) checkSectionStructure(bag, byKey, `areas.${area}`, entry);
  }
}
