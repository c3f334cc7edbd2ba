/**
 * Normalizes parsed structures: default URLs, slugs without slashes, the main category counted
 * among a post's categories. Runs only on input that passed every check.
 */
import type { Entry } from "./error-bag.js";
import type { ParsedPost, ParsedStructure } from "./schema-structure.js";
import { normalizeSlug } from "./slug.js";
import type { Structure, StructurePost } from "./types.js";

/** The listing slug of a structure: its `url`, else its type. */
export function structureSlug(s: { url: string | null; type: string }): string {
  return normalizeSlug(s.url ?? s.type);
}

/** The slug below which category pages live: `category_url`, else `<listing>/category`. */
export function categoryBaseSlug(s: {
  url: string | null;
  type: string;
  category_url: string | null;
}): string {
  if (s.category_url !== null) return normalizeSlug(s.category_url);
  const listing = structureSlug(s);
  return listing === "/" ? "category" : `${listing}/category`;
}

/** A category slug as one path segment: surrounding slashes and spaces removed. */
export function categorySlug(raw: string): string {
  return raw.trim().replace(/^\/+|\/+$/g, "");
}

function normalizePost(p: ParsedPost): StructurePost {
  const categories = p.main_category_id === null ? [] : [p.main_category_id];
  for (const id of p.categories) if (!categories.includes(id)) categories.push(id);
  return {
    ...p,
    // A disabled single page links to its url as given: it may be external.
    url: p.disable_single_page ? p.url.trim() : normalizeSlug(p.url),
    categories,
  };
}

/** Normalizes every parsed structure. */
export function normalizeStructures(entries: readonly Entry<ParsedStructure>[]): Structure[] {
  return entries.map(({ value: s }) => ({
    ...(s.source === null ? {} : { source: s.source }),
    id: s.id,
    type: s.type,
    title: s.title ?? s.type,
    description: s.description,
    url: structureSlug(s),
    category_url: categoryBaseSlug(s),
    items_per_page: s.items_per_page,
    sort: s.sort,
    listing_layout_id: s.listing_layout_id,
    single_layout_id: s.single_layout_id,
    feed_limit: s.feed_limit,
    categories: s.categories.map(({ value: c }) => ({
      id: c.id,
      name: c.name,
      slug: categorySlug(c.slug),
      description: c.description,
    })),
    posts: s.posts.map(({ value }) => normalizePost(value)),
  }));
}
