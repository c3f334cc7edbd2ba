/**
 * Names the build itself writes. A page, post, structure or redirect on one of them would be
 * written over by the generator, or would turn its file into a folder (`manifest.json/`), so
 * validation refuses them with the entity's path; the generator reads the same lists.
 */

/** The search index at the root of a build. */
export const SEARCH_INDEX_FILE = "search-index.json";

/** Files the site-wide stage writes at the root of a build. */
export const SITE_FILES: readonly string[] = [
  "404.html",
  "robots.txt",
  "sitemap.xml",
  "_redirects",
  "redirects.nginx.conf",
  SEARCH_INDEX_FILE,
];

/** The build's list of files, written last; the version store's record beside it. */
export const BUILD_RECORD_FILES: readonly string[] = ["manifest.json", "version.json"];

/** The folder of entities rendered alone (templates, layouts and draft pages; see planEntities). */
export const PREVIEW_DIR = "_preview";

/** Feeds below each structure's listing: `<listing>/feed.xml` (RSS), `<listing>/atom.xml`. */
export const FEED_FILES = { rss: "feed.xml", atom: "atom.xml" } as const;

// Lower-cased: on a case-insensitive file system `Sitemap.xml` is the same file.
const ROOT_NAMES = new Map<string, string>([
  ...SITE_FILES.map((name): [string, string] => [name, `the generator's ${name}`]),
  ...BUILD_RECORD_FILES.map((name): [string, string] => [name, `the build's ${name}`]),
  ["assets", "the site's assets folder (/assets/)"],
  [PREVIEW_DIR, "previews of templates and layouts (/_preview/)"],
  ["index.html", "the home page's file"],
]);
// Split sitemaps (sitemap-1.xml, ...) are written when one file would be too large.
const SITEMAP_PART = /^sitemap-\d+\.xml$/;

/**
 * Why a normalized slug (`a/b`, or `/` for the home page) would collide with a file the build
 * writes, or null when it is free. Worded to follow "it": `is reserved for ...`.
 */
export function reservedSlugProblem(slug: string): string | null {
  if (slug === "/") return null;
  const segments = slug.toLowerCase().split("/");
  const first = segments[0] as string;
  const owner = ROOT_NAMES.get(first) ?? (SITEMAP_PART.test(first) ? "a sitemap file" : null);
  if (owner !== null) return `is reserved for ${owner}`;
  if (segments.includes("index.html"))
    return "names a page's own index.html (use the folder path, e.g. /about/)";
  return null;
}
