import type { BuildContext } from "./context.js";
import {
  buildNginxMap,
  buildRedirectPages,
  buildRedirectsFile,
  resolveRedirects,
} from "./redirects.js";
import { buildSearchIndex, SEARCH_INDEX_FILE } from "./search-index.js";
import type { IndexedRoute } from "./site-index.js";
import { buildRobotsTxt, buildSitemaps } from "./sitemap.js";
import type { OutputWriter } from "./write.js";

/** Figures about the site-wide files, reported in the BuildResult. */
export interface SiteFilesSummary {
  sitemaps: number;
  redirects: number;
  searchIndexBytes: number;
}

/** Writes 404.html, redirects (three forms), sitemap(s), robots.txt and the search index. */
export async function writeSiteFiles(
  writer: OutputWriter,
  build: BuildContext,
  routes: IndexedRoute[],
  notFoundHtml: Buffer,
): Promise<SiteFilesSummary> {
  await writer.write("404.html", notFoundHtml);

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
    for (const [file, xml] of buildSitemaps(routes, build.baseUrl)) {
      await writer.write(file, xml);
      sitemaps++;
    }
  }
  await writer.write("robots.txt", buildRobotsTxt(build.baseUrl));

  const search = buildSearchIndex(routes);
  await writer.write(SEARCH_INDEX_FILE, search);
  return { sitemaps, redirects: redirects.length, searchIndexBytes: Buffer.byteLength(search) };
}
