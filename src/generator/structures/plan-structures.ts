/**
 * Routes of structures: one page per live post (unless `disable_single_page`), the paginated
 * listing and each category's paginated listing. Each route carries a synthetic `Page` with
 * the post's SEO fields and layout, so the page machinery (layout, areas, head, sitemap,
 * search) treats it like any page.
 */
import { categoryListingSlug, pageCount, pageSlug, postSlug } from "../../site/structure-paths.js";
import type { Page, StructureCategory, StructurePost } from "../../site/types.js";
import { plainExcerpt } from "../site-index.js";
import { syntheticPage } from "../synthetic-page.js";
import type { StructureIndex, StructureState } from "./index-structures.js";

/** What a structure route shows, beside its synthetic page. */
export type StructureRoute =
  | { kind: "post"; state: StructureState; post: StructurePost }
  | {
      kind: "listing";
      state: StructureState;
      /** Null for the structure's own listing. */
      category: StructureCategory | null;
      /** 1-based page number and the number of pages. */
      pageNumber: number;
      pages: number;
      /** Slug of the listing's first page; page n is `pageSlug(base, n)`. */
      base: string;
      posts: StructurePost[];
    };

/** A planned structure route: a slug, an owner label for conflicts, the page and what it shows. */
export interface PlannedStructureRoute {
  slug: string;
  owner: string;
  page: Page;
  structure: StructureRoute;
}

function newestUpdate(posts: StructurePost[], index: StructureIndex): string | null {
  let newest: string | null = null;
  for (const p of posts) {
    const d = p.updated_at ?? index.dateOf(p);
    if (d !== null && (newest === null || d > newest)) newest = d;
  }
  return newest;
}

function listingRoutes(
  state: StructureState,
  index: StructureIndex,
  category: StructureCategory | null,
  posts: StructurePost[],
): PlannedStructureRoute[] {
  const s = state.structure;
  const base = category ? categoryListingSlug(s.category_url, category.slug) : s.url;
  const title = category ? category.name : s.title;
  const pages = pageCount(posts.length, s.items_per_page);
  const at = category
    ? `structures[${state.index}].categories[${s.categories.indexOf(category)}]`
    : `structures[${state.index}]`;
  const out: PlannedStructureRoute[] = [];
  for (let n = 1; n <= pages; n++) {
    const slice = posts.slice((n - 1) * s.items_per_page, n * s.items_per_page);
    const slug = pageSlug(base, n);
    const id = category ? `${s.type}-category-${category.id}` : `${s.type}-listing`;
    // Each page of a listing needs its own title: search engines treat equal titles as duplicates.
    const page = syntheticPage(
      id,
      n > 1 ? `${title} (${n}/${pages})` : title,
      slug,
      s.listing_layout_id,
    );
    page.updated_at = newestUpdate(slice, index);
    page.meta_description = (category ? category.description : s.description) ?? null;
    // An empty category page has nothing to find; keep it out of search engines.
    page.no_index = posts.length === 0 && category !== null;
    out.push({
      slug,
      owner: `${at} page ${n}`,
      page,
      structure: { kind: "listing", state, category, pageNumber: n, pages, base, posts: slice },
    });
  }
  return out;
}

function postRoute(
  state: StructureState,
  index: StructureIndex,
  post: StructurePost,
): PlannedStructureRoute {
  const s = state.structure;
  const slug = postSlug(s.url, post.url);
  const page = syntheticPage(
    `${s.type}-${post.id}`,
    post.title,
    slug,
    post.layout_id ?? s.single_layout_id,
  );
  page.updated_at = post.updated_at ?? index.dateOf(post);
  page.meta_title = post.meta_title;
  page.meta_description =
    post.meta_description ?? (post.intro ? plainExcerpt(post.intro, 300) || null : null);
  page.meta_keyword = post.meta_keyword;
  page.meta_image = post.meta_image ?? post.image;
  page.canonical_url = post.canonical_url;
  page.no_index = post.no_index;
  return {
    slug,
    owner: `structures[${state.index}].posts[${index.positionOf(post)}] "${post.title}"`,
    page,
    structure: { kind: "post", state, post },
  };
}

/** Every route of every structure, listings first, then categories, then posts. */
export function planStructureRoutes(index: StructureIndex): PlannedStructureRoute[] {
  const out: PlannedStructureRoute[] = [];
  for (const state of index.states) {
    out.push(...listingRoutes(state, index, null, state.listed));
    for (const category of state.structure.categories) {
      out.push(...listingRoutes(state, index, category, state.byCategory.get(category.id) ?? []));
    }
    for (const post of state.live) {
      if (!post.disable_single_page) out.push(postRoute(state, index, post));
    }
  }
  return out;
}
