/** The 404 page: the site's chosen page at /404.html, or a built-in one in the default layout. */
import type { Page } from "../site/types.js";
import type { BuildContext, PageRoute } from "./context.js";
import { type DocumentShared, renderPage } from "./render-page.js";
import { syntheticPage } from "./synthetic-page.js";

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
export function renderNotFound(
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
