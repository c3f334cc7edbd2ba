import type { PageSummary } from "../site/types.js";

/** One HTML route of the build as sitemap, feeds and search see it. */
export interface IndexedRoute {
  /** Site-relative URL path, e.g. `/about/`. */
  url: string;
  title: string;
  /** ISO date of the entity's last change, when known. */
  lastmod: string | null;
  /** False for `no_index` routes: no sitemap entry, no search entry. */
  indexable: boolean;
  /** Short plain-text summary for search results. */
  excerpt: string;
}

const TAG = /<[^>]*>/g;
const ENTITY = /&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|#39|nbsp);/gi;
const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  nbsp: " ",
};

/** Plain text of an HTML fragment, whitespace collapsed, cut at a word boundary near `max`. */
export function plainExcerpt(html: string, max = 200): string {
  // Only the start matters; slicing first keeps this cheap on long pages.
  const text = html
    .slice(0, max * 8)
    .replace(TAG, " ")
    .replace(ENTITY, (_, e: string) => {
      const key = e.toLowerCase();
      if (NAMED[key]) return NAMED[key];
      const code = key.startsWith("#x") ? Number.parseInt(key.slice(2), 16) : Number(key.slice(1));
      return Number.isFinite(code) ? String.fromCodePoint(code) : "";
    })
    .replace(/\s+/g, " ")
    .trim();
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(" ", max);
  return `${text.slice(0, cut > max / 2 ? cut : max)}…`;
}

/** How a rendered route appears in the sitemap, feeds and search index. */
export function indexRoute(route: { url: string; page: PageSummary }, html: string): IndexedRoute {
  const { page } = route;
  return {
    url: route.url,
    title: page.meta_title || page.post_title,
    lastmod: page.updated_at,
    // A page whose canonical URL is another page's is a duplicate: search engines want only the
    // original. Secured (members') pages are never advertised in the sitemap or search index.
    indexable:
      !page.no_index &&
      !page.secured &&
      (!page.canonical_url || canonicalPath(page.canonical_url) === route.url),
    excerpt: page.meta_description || plainExcerpt(mainOf(html)),
  };
}

function mainOf(html: string): string {
  const main = html.indexOf("<main");
  return main >= 0 ? html.slice(main) : html;
}

function canonicalPath(url: string): string | null {
  try {
    return new URL(url, "https://canonical.invalid").pathname;
  } catch {
    return null;
  }
}
