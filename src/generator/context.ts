import type {
  Block,
  Component,
  Form,
  Layout,
  Menu,
  Page,
  SiteFrame,
  Template,
} from "../site/types.js";
import type { ImageRender } from "./images/image-render.js";
import type { StructureIndex } from "./structures/index-structures.js";
import type { StructureRoute } from "./structures/plan-structures.js";
import type { TemplateRegistry } from "./template-registry.js";

/** A warning raised while building: what happened and the input path it concerns. */
export interface BuildWarning {
  message: string;
  path: string;
}

/** One HTML file the build will write. */
export interface PageRoute {
  /** Output path relative to the build root, e.g. `about/index.html`. */
  file: string;
  /** Public URL path, e.g. `/about/`. */
  url: string;
  page: Page;
  /** Position in `site.pages`, for error paths; -1 for generated pages. */
  index: number;
  /** Set on the routes of structures: the post or listing the page shows. */
  structure?: StructureRoute;
}

/** Renders a menu for a page; the same menu renders identically on every page it has no link to. */
export type MenuRenderer = (menu: Menu, currentUrl: string, className?: string) => string;

/** Everything that is set up once per build and shared by every page. */
export interface BuildContext {
  /** The site without its pages' components, which are read while each page renders. */
  site: SiteFrame;
  baseUrl: string | null;
  templates: TemplateRegistry;
  renderEditorJs: (data: unknown, path: string) => string;
  sanitizeOwnerHtml: (html: string) => string;
  warn: (message: string, path: string) => void;
  /** Memoized menu rendering shared by templates' `menu()` and `sectionMenu`. */
  renderMenu: MenuRenderer;
  /** Utility classes the output uses, so the stylesheet carries only those. */
  utilities: Set<string>;
  /** Local images: responsive markup at render time, encoding alongside. */
  images: { render: ImageRender };
  /** The `picture()` function templates see; built once. */
  picture: (...args: unknown[]) => unknown;
  /** Structures at the build's clock: live posts, order, listings, links. */
  structures: StructureIndex;
  /** The `site` variable templates see; built once. */
  siteView: Readonly<Record<string, unknown>>;
  byId: {
    templates: Map<string, Template>;
    layouts: Map<string, Layout>;
    menus: Map<string, Menu>;
    forms: Map<string, Form>;
    blocks: Map<string, Block>;
  };
}

/** What a component renderer gets: the build, the page being rendered and the input path. */
export interface ComponentContext {
  build: BuildContext;
  route: PageRoute;
  /** Template variables of the current page (site, page, menus, menu()). */
  pageVars: Record<string, unknown>;
  /** Input path of the component, e.g. `pages[3].components[1]`. */
  path: string;
}

/** Renders one component type to HTML. */
export type ComponentRenderer = (component: Component, ctx: ComponentContext) => string;

/** Indexes a list of entities by id. */
export function indexById<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}
