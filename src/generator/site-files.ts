import type { Page } from "../site/types.js";
import type { BuildContext } from "./context.js";
import type { PageRoute } from "./plan.js";
import {
  buildNginxMap,
  buildRedirectPages,
  buildRedirectsFile,
  resolveRedirects,
} from "./redirects.js";
import { type DocumentShared, renderPage } from "./render-page.js";
import { buildSearchIndex, SEARCH_INDEX_FILE } from "./search-index.js";
import type { IndexedRoute } from "./site-index.js";
import { buildRobotsTxt, buildSitemaps } from "./sitemap.js";
import { syntheticPage } from "./synthetic-page.js";
import type { OutputWriter } from "./write.js";

/** Figures about the site-wide files, reported in the BuildResult. */
export interface SiteFilesSummary {
  sitemaps: number;
  redirects: number;
  searchIndexBytes: number;
}

/** Files the site-wide stage writes; pages can never claim them. */
export const SITE_FILES = [
  "404.html",
  "robots.txt",
  "sitemap.xml",
  "_redirects",
  "redirects.nginx.conf",
  SEARCH_INDEX_FILE,
];

/** Writes 404.html, redirects (three forms), sitemap(s), robots.txt and the search index. */
export async function writeSiteFiles(
  writer: OutputWriter,
  build: BuildContext,
  shared: DocumentShared,
  routes: IndexedRoute[],
  notFound: NotFoundPage | null,
): Promise<SiteFilesSummary> {
  await writer.write("404.html", renderNotFound(build, shared, notFound));

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

const NOT_FOUND_CONTENT = {
  blocks: [
    { type: "header", data: { text: "Page not found", level: 1 } },
    {
      type: "paragraph",
      data: {
        text: 'The page you are looking for does not exist. <a href="/">Go to the home page</a>.',
      },
    },
  ],
};

/** The site page chosen as the 404 page (website.not_found_page_id), loaded, and its index. */
export interface NotFoundPage {
  page: Page;
  index: number;
}

/** The site's chosen 404 page rendered at /404.html, or a built-in one in the default layout. */
function renderNotFound(
  build: BuildContext,
  shared: DocumentShared,
  chosen: NotFoundPage | null,
): string {
  const page: Page = chosen
    ? { ...chosen.page, no_index: true, canonical_url: null }
    : {
        ...syntheticPage("404", "Page not found", "404", null, [
          {
            id: "404",
            component_id: "sectionContent",
            menu_order: 0,
            meta: { section_content: NOT_FOUND_CONTENT },
            template_id: null,
            code: null,
            custom_fields: {},
          },
        ]),
        no_index: true,
      };
  const route: PageRoute = { file: "404.html", url: "/404.html", page, index: chosen?.index ?? -1 };
  return renderPage(route, build, shared);
}
