/**
 * Where a structure's routes live, as normalized slugs. Validation (URL claims) and the
 * generator (routes, links, feeds) share these so both agree on every URL.
 */

/** Joins normalized slugs; `/` (the site root) adds nothing. */
export function joinSlugs(...parts: string[]): string {
  const kept = parts.filter((p) => p !== "/" && p !== "");
  return kept.length === 0 ? "/" : kept.join("/");
}

/** The slug of page `n` (1-based) of a listing at `base`: `blog`, `blog/page/2`, ... */
export function pageSlug(base: string, n: number): string {
  return n <= 1 ? base : joinSlugs(base, "page", String(n));
}

/** The slug of a category's listing: `<category_url>/<category slug>`. */
export function categoryListingSlug(categoryUrl: string, categorySlug: string): string {
  return joinSlugs(categoryUrl, categorySlug);
}

/** The slug of a post's single page: `<structure url>/<post url>`. */
export function postSlug(structureUrl: string, postUrl: string): string {
  return joinSlugs(structureUrl, postUrl);
}

/** Number of listing pages for `count` posts; an empty listing still has its first page. */
export function pageCount(count: number, perPage: number): number {
  return Math.max(1, Math.ceil(count / perPage));
}
