/**
 * URL claims of structures: every published post's single page, each listing page and each
 * category page must have a URL no page or other post already uses. Posts with
 * `disable_single_page` claim nothing (seed 003: their url may be external or a duplicate).
 */
import type { ErrorBag } from "./error-bag.js";
import { categoryBaseSlug, categorySlug, structureSlug } from "./normalize-structures.js";
import type { ParsedSite } from "./parse-site.js";
import { FEED_FILES, reservedSlugProblem } from "./reserved-paths.js";
import { normalizeSlug, slugPath, slugProblem } from "./slug.js";
import {
  categoryListingSlug,
  joinSlugs,
  pageCount,
  pageSlug,
  postSlug,
} from "./structure-paths.js";

/** A URL already taken: the input path that took it and a label naming the entity. */
export interface RouteClaim {
  path: string;
  label: string;
}

/**
 * Claims each structure's feed files before any page claims its URL, so a page or redirect on
 * `/blog/feed.xml` is the one reported. Feeds are written only with a base URL, but claimed
 * always: adding a domain must not break a site that built before.
 */
export function claimFeedRoutes(site: ParsedSite, claims: Map<string, RouteClaim>): void {
  for (const { index, value: s } of site.structures) {
    if (s.url !== null && slugProblem(s.url) !== null) continue;
    const at = `structures[${index}]`;
    const base = structureSlug(s);
    for (const [kind, file] of [
      ["RSS", FEED_FILES.rss],
      ["Atom", FEED_FILES.atom],
    ] as const) {
      const url = slugPath(joinSlugs(base, file));
      if (!claims.has(url))
        claims.set(url, { path: `${at}.url`, label: `the ${s.type} ${kind} feed (${at})` });
    }
  }
}

/** Adds the URLs of every structure to `claims`, reporting each collision with both owners. */
export function claimStructureRoutes(
  site: ParsedSite,
  bag: ErrorBag,
  claims: Map<string, RouteClaim>,
): void {
  const claim = (slug: string, path: string, label: string) => {
    const reserved = reservedSlugProblem(slug);
    if (reserved !== null) {
      bag.add(path, `URL ${slugPath(slug)} of ${label} ${reserved}.`);
      return;
    }
    const url = slugPath(slug);
    const first = claims.get(url);
    if (first) bag.add(path, `URL ${url} is used by both ${first.label} and ${label}.`);
    else claims.set(url, { path, label });
  };
  for (const { index, value: s } of site.structures) {
    const at = `structures[${index}]`;
    if (
      (s.url !== null && slugProblem(s.url) !== null) ||
      (s.category_url !== null && slugProblem(s.category_url) !== null)
    )
      continue;
    const base = structureSlug(s);
    const categoryBase = categoryBaseSlug(s);
    // Scheduled posts count: the pages they will need must be free when they go live.
    const listed = s.posts.filter((p) => p.value.status && !p.value.disable_listing);
    const pages = pageCount(listed.length, s.items_per_page);
    for (let n = 1; n <= pages; n++) {
      claim(
        pageSlug(base, n),
        `${at}.url`,
        `${n === 1 ? "the" : `page ${n} of the`} ${s.type} listing (${at})`,
      );
    }

    // Counted in one pass: a blog may have hundreds of categories and thousands of posts.
    const perCategory = new Map<string, number>();
    for (const { value: p } of listed) {
      const ids = new Set(p.categories);
      if (p.main_category_id !== null) ids.add(p.main_category_id);
      for (const id of ids) perCategory.set(id, (perCategory.get(id) ?? 0) + 1);
    }
    for (const { index: ci, value: c } of s.categories) {
      const slug = categorySlug(c.slug);
      if (slug === "" || slug.includes("/") || slugProblem(slug) !== null) continue;
      const catPages = pageCount(perCategory.get(c.id) ?? 0, s.items_per_page);
      for (let n = 1; n <= catPages; n++) {
        claim(
          pageSlug(categoryListingSlug(categoryBase, slug), n),
          `${at}.categories[${ci}].slug`,
          `${n === 1 ? "" : `page ${n} of `}category "${c.name}" (${at}.categories[${ci}])`,
        );
      }
    }
    for (const { index: pi, value: p } of s.posts) {
      if (!p.status || p.disable_single_page || slugProblem(p.url) !== null) continue;
      const slug = normalizeSlug(p.url);
      if (slug === "/") continue;
      claim(
        postSlug(base, slug),
        `${at}.posts[${pi}].url`,
        `${s.type} post ${p.id} "${p.title}" (${at}.posts[${pi}])`,
      );
    }
  }
}
