/**
 * Everything about structures that is the same on every page, computed once per build:
 * which posts are live at the build's clock, their order, listings per category, links and
 * when the next scheduled post goes live.
 */

import { slugPath } from "../../site/slug.js";
import { categoryListingSlug, postSlug } from "../../site/structure-paths.js";
import type { SiteFrame, Structure, StructureCategory, StructurePost } from "../../site/types.js";

/** One structure's posts as this build sees them. */
export interface StructureState {
  structure: Structure;
  /** Position in `site.structures`, for input paths. */
  index: number;
  /** Published and not scheduled for later, in the structure's order. */
  live: StructurePost[];
  /** Live posts shown in listings (not `disable_listing`), in order. */
  listed: StructurePost[];
  /** Listed posts per category id, in order. */
  byCategory: Map<string, StructurePost[]>;
  categories: Map<string, StructureCategory>;
  /** The newest listed posts first, for feeds. */
  newest: StructurePost[];
}

/** Structures of one build plus per-post lookups. */
export interface StructureIndex {
  states: StructureState[];
  /** By type and by id (the type wins when they clash). */
  byKey: Map<string, StructureState>;
  /** The build's clock (ISO), for dates a post lacks. */
  now: string;
  /** The earliest `scheduled_at` after the build's clock among published posts (ISO), or null. */
  nextScheduledAt: string | null;
  /** Where a post links to: its single page, or its url as given when that is disabled. */
  href(post: StructurePost): string;
  /** The site-relative URL of a category's first listing page. */
  categoryUrl(state: StructureState, category: StructureCategory): string;
  /** The post's date for display, feeds and ordering (ISO), or null. */
  dateOf(post: StructurePost): string | null;
  /** Position of a post in its structure's `posts`, for input paths. */
  positionOf(post: StructurePost): number;
}

/** The date a post is shown with: published, else scheduled, else created, else updated. */
export function postDate(post: StructurePost): string | null {
  return post.published_at ?? post.scheduled_at ?? post.created_at ?? post.updated_at;
}

function byDateDesc(a: StructurePost, b: StructurePost): number {
  const da = postDate(a);
  const db = postDate(b);
  if (da === db) return 0;
  if (da === null) return 1;
  if (db === null) return -1;
  // ISO strings in UTC compare correctly as text.
  return da < db ? 1 : -1;
}

function manualOrder(a: StructurePost, b: StructurePost): number {
  if (a.sort_number !== null && b.sort_number !== null && a.sort_number !== b.sort_number) {
    return a.sort_number - b.sort_number;
  }
  if (a.sort_number !== null && b.sort_number === null) return -1;
  if (a.sort_number === null && b.sort_number !== null) return 1;
  return byDateDesc(a, b);
}

/** Sorts posts the way the structure lists them; stable, so ties keep input order. */
export function sortPosts(structure: Structure, posts: StructurePost[]): StructurePost[] {
  return [...posts].sort(structure.sort === "manual" ? manualOrder : byDateDesc);
}

/** Indexes every structure of `site` at the build's clock `now`. */
export function indexStructures(site: SiteFrame, now: Date): StructureIndex {
  const nowIso = now.toISOString();
  let next: string | null = null;
  const hrefs = new Map<StructurePost, string>();
  const positions = new Map<StructurePost, number>();
  const states = site.structures.map((structure, index): StructureState => {
    const live: StructurePost[] = [];
    structure.posts.forEach((post, i) => {
      positions.set(post, i);
      hrefs.set(
        post,
        post.disable_single_page ? post.url : slugPath(postSlug(structure.url, post.url)),
      );
      if (!post.status) return;
      if (post.scheduled_at !== null && post.scheduled_at > nowIso) {
        if (next === null || post.scheduled_at < next) next = post.scheduled_at;
        return;
      }
      live.push(post);
    });
    const sorted = sortPosts(structure, live);
    const listed = sorted.filter((p) => !p.disable_listing);
    const byCategory = new Map<string, StructurePost[]>(
      structure.categories.map((c) => [c.id, []]),
    );
    for (const post of listed) {
      for (const id of post.categories) byCategory.get(id)?.push(post);
    }
    return {
      structure,
      index,
      live: sorted,
      listed,
      byCategory,
      categories: new Map(structure.categories.map((c) => [c.id, c])),
      newest: [...listed].sort(byDateDesc),
    };
  });
  const byKey = new Map<string, StructureState>();
  for (const state of states) byKey.set(state.structure.id, state);
  for (const state of states) byKey.set(state.structure.type, state);
  return {
    states,
    byKey,
    now: nowIso,
    nextScheduledAt: next,
    href: (post) => hrefs.get(post) ?? post.url,
    categoryUrl: (state, category) =>
      slugPath(categoryListingSlug(state.structure.category_url, category.slug)),
    dateOf: postDate,
    positionOf: (post) => positions.get(post) ?? -1,
  };
}
