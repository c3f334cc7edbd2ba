import nunjucks from "nunjucks";
import type { Areas, Component, Layout, Menu } from "../site/types.js";
import { menuItemViews } from "./components/menu.js";
import { renderComponent } from "./components/registry.js";
import { fieldValues, templateName } from "./components/template.js";
import type { ConsentHtml } from "./consent.js";
import type { BuildContext, ComponentContext, PageRoute } from "./context.js";
import { computeHead, googleFontsHref } from "./head.js";
import { BARE_LAYOUT_ID } from "./preview-routes.js";
import { decorateStructureHead, renderStructureMain } from "./structures/render-structure.js";
import { structureVariables } from "./structures/template-view.js";

const safe = (html: string) => new nunjucks.runtime.SafeString(html);

/** The parts of the document that are the same on every page, computed once per build. */
export interface DocumentShared {
  fontsHref: string | null;
  styleHref: string;
  consent: ConsentHtml;
}

const NO_AREAS: Areas = { header: [], footer: [], secured: [] };

/** Name of the built-in document template in the registry. */
export const DOCUMENT_TEMPLATE = "builtin:document.njk";

/** Renders one page: layout header templates, header area, components, footer, document. */
export function renderPage(route: PageRoute, build: BuildContext, shared: DocumentShared): string {
  const { page } = route;
  const website = build.site.website;
  const pageVars = pageVariables(route, build);
  const layout = resolveLayout(build, page.layout_id);
  // A template previewed alone (planEntities) shows without the site's areas too.
  const areas = layout?.id === BARE_LAYOUT_ID ? NO_AREAS : build.site.areas;

  const header =
    renderLayoutTemplates(layout?.header_template_ids, pageVars, build, route) +
    renderArea(areas.header, "areas.header", route, build, pageVars);
  const securedArea = page.secured
    ? renderArea(areas.secured, "areas.secured", route, build, pageVars)
    : "";
  let main = securedArea;
  page.components.forEach((component, i) => {
    main += renderComponent(component, {
      build,
      route,
      pageVars,
      path: `pages[${route.index}].components[${component.position ?? i}]`,
    });
  });
  if (route.structure) main += renderStructureMain(route, build);
  const footer =
    renderArea(areas.footer, "areas.footer", route, build, pageVars) +
    renderLayoutTemplates(layout?.footer_template_ids, pageVars, build, route);

  const head = computeHead(
    {
      ...page,
      // A static file cannot check a login; keep members' pages out of search engines at least.
      no_index: page.no_index || page.secured,
      title: page.post_title,
      url: route.url,
      isHome: route.url === "/",
    },
    website,
    build.baseUrl,
  );
  if (route.structure) decorateStructureHead(head, route, build);
  return build.templates.render(
    DOCUMENT_TEMPLATE,
    {
      lang: website.language,
      head,
      fontsHref: shared.fontsHref,
      styleHref: shared.styleHref,
      pageId: page.id,
      headExtra: safe(shared.consent.headExtra),
      bodyEnd: safe(shared.consent.bodyEnd),
      header: safe(header),
      main: safe(main),
      footer: safe(footer),
    },
    route.url,
  );
}

/** Computes the per-build document parts. */
export function documentShared(build: BuildContext, consent: ConsentHtml): DocumentShared {
  return {
    fontsHref: googleFontsHref(build.site.website.customization.fonts),
    styleHref: "/assets/site.css",
    consent,
  };
}

function resolveLayout(build: BuildContext, layoutId: string | null): Layout | undefined {
  const id = layoutId ?? build.site.website.default_layout_id;
  return id ? build.byId.layouts.get(id) : undefined;
}

function renderLayoutTemplates(
  ids: string[] | undefined,
  pageVars: Record<string, unknown>,
  build: BuildContext,
  route: PageRoute,
): string {
  let html = "";
  for (const id of ids ?? []) {
    const template = build.byId.templates.get(id);
    const vars = { ...pageVars, fields: fieldValues(template, NO_COMPONENT), component: null };
    html += build.templates.render(templateName(id), vars, route.url);
  }
  return html;
}

const NO_COMPONENT: Component = {
  id: "",
  component_id: "",
  menu_order: 0,
  meta: {},
  template_id: null,
  code: null,
  custom_fields: {},
};

function renderArea(
  components: Component[],
  path: string,
  route: PageRoute,
  build: BuildContext,
  pageVars: Record<string, unknown>,
): string {
  let html = "";
  components.forEach((component, i) => {
    const ctx: ComponentContext = {
      build,
      route,
      pageVars,
      path: `${path}[${component.position ?? i}]`,
    };
    html += renderComponent(component, ctx);
  });
  return html;
}

/** Variables every template on a page sees: `site`, `page`, `menus` (lazy), `menu(id)`, `structures`, `post`. */
function pageVariables(route: PageRoute, build: BuildContext): Record<string, unknown> {
  const { page } = route;
  return {
    site: build.siteView,
    page: {
      id: page.id,
      title: page.post_title,
      slug: page.post_name,
      url: route.url,
      is_home: route.url === "/",
      meta_title: page.meta_title,
      meta_description: page.meta_description,
      meta_image: page.meta_image,
      updated_at: page.updated_at,
    },
    menus: lazyMenus(build.byId.menus, route.url),
    ...structureVariables(route, build),
    picture: build.picture,
    menu: (id: unknown, className?: unknown) => {
      const menu = build.byId.menus.get(String(id));
      return safe(
        menu
          ? build.renderMenu(menu, route.url, typeof className === "string" ? className : undefined)
          : "",
      );
    },
  };
}

// Most pages read one or two menus; the views with `current` flags are built only when read.
function lazyMenus(menus: Map<string, Menu>, currentUrl: string): Record<string, unknown> {
  const views: Record<string, unknown> = {};
  for (const [id, menu] of menus) {
    let cached: unknown;
    Object.defineProperty(views, id, {
      enumerable: true,
      get: () => {
        cached ??= { id: menu.id, name: menu.name, items: menuItemViews(menu.items, currentUrl) };
        return cached;
      },
    });
  }
  return views;
}
