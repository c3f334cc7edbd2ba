import type { BuildContext } from "./context.js";
import {
  buildNginxMap,
  buildRedirectPages,
  buildRedirectsFile,
  resolveRedirects,
} from "./redirects.js";
import { buildSearchIndex, SEARCH_INDEX_FILE, type SearchIndexBuilder } from "./search-index.js";
import type { IndexedRoute } from "./site-index.js";
import { buildRobotsTxt, buildSitemaps } from "./sitemap.js";
import type { OutputWriter } from "./write.js";

/** Figures about the site-wide files, reported in the BuildResult. */
export interface SiteFilesSummary {
  sitemaps: number;
  redirects: number;
  searchIndexBytes: number;
}

/** The site-wide files an incremental build can carry from the previous build. */
export type SiteFileGroup = "sitemap" | "search-index";

/**
 * How a build reuses site-wide files: `reuse` is asked first with what a group is made from
 * and returns the group's figure when it carried the files itself (null: make them); `made`
 * hears of each group made after that, with its files.
 */
export interface SiteFileReuse {
  reuse(group: SiteFileGroup, inputs: unknown): Promise<number | null>;
  made(group: SiteFileGroup, files: string[], figure: number): void;
}

const MAKE_ALL: SiteFileReuse = { reuse: async () => null, made: () => {} };

/**
 * Writes 404.html (unless null: carried by the caller), redirects (three forms), sitemap(s),
 * robots.txt and the search index (`search`: one already fed with `routes`, when not reused).
 */
export async function writeSiteFiles(
  writer: OutputWriter,
  build: BuildContext,
  routes: IndexedRoute[],
  notFoundHtml: Buffer | null,
  reuse: SiteFileReuse = MAKE_ALL,
  search?: SearchIndexBuilder,
): Promise<SiteFilesSummary> {
  if (notFoundHtml) await writer.write("404.html", notFoundHtml);

  const redirects = resolveRedirects(build.site.redirects, build.warn);
  for (const [file, html] of buildRedirectPages(
    redirects,
    build.baseUrl,
    build.site.website.language,
  )) {
    await writer.write(file, html);
  }
  await writer.write("_redirects", buildRedirectsFile(redirects, build.warn));
  await writer.write("redirects.nginx.conf", buildNginxMap(redirects, build.warn));

  let sitemaps = 0;
  if (build.baseUrl) {
    const inputs = [build.baseUrl, routes];
    const carried = await reuse.reuse("sitemap", inputs);
    if (carried === null) {
      const files = buildSitemaps(routes, build.baseUrl);
      for (const [file, xml] of files) await writer.write(file, xml);
      sitemaps = files.size;
      reuse.made("sitemap", [...files.keys()], sitemaps);
    } else sitemaps = carried;
  }
  await writer.write("robots.txt", buildRobotsTxt(build.baseUrl));

  // The search index costs ~40 ms per 1,000 routes to make: carried when its entries are the same.
  let searchIndexBytes = await reuse.reuse("search-index", routes);
  if (searchIndexBytes === null) {
    const json = search ? search.json() : buildSearchIndex(routes);
    await writer.write(SEARCH_INDEX_FILE, json);
    searchIndexBytes = json.length;
    reuse.made("search-index", [SEARCH_INDEX_FILE], searchIndexBytes);
  }
  return { sitemaps, redirects: redirects.length, searchIndexBytes };
}
