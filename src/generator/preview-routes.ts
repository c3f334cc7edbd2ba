/**
 * The routes of entities rendered alone (renderEntity, thumbnails): a page as the build renders
 * it, a template alone on a preview page with its fields' defaults (and sample values where a
 * default is empty), and a layout's header and footer around placeholder content.
 */
import { SitewrightError } from "../errors.js";
import { PREVIEW_DIR } from "../site/reserved-paths.js";
import type {
  Component,
  CustomFieldDefinition,
  Layout,
  SiteFrame,
  Template,
} from "../site/types.js";
import type { BuildPlan, PlannedRoute } from "./plan.js";
import { syntheticPage } from "./synthetic-page.js";

/** The kinds of entity that render alone. */
export const ENTITY_TYPES = ["page", "template", "layout"] as const;

/** One entity of a site to render alone. */
export interface EntityRef {
  type: (typeof ENTITY_TYPES)[number];
  /** The entity's id as the site data gives it (`12` or `"12"`). */
  id: string | number;
}

/** Where an entity rendered alone was written. */
export interface EntityRoute {
  type: EntityRef["type"];
  id: string;
  /** Output path relative to the build root. */
  file: string;
  /** URL path on the build's root. */
  url: string;
}

/** The id of the layout that shows a page's content alone: no layout templates, no areas. */
export const BARE_LAYOUT_ID = "sitewright-preview-bare";

const BARE_LAYOUT: Layout = {
  id: BARE_LAYOUT_ID,
  name: "Preview",
  header_template_ids: [],
  footer_template_ids: [],
};

/** The site with what preview pages need (a bare layout), and the routes of `refs` alone. */
export function planEntities(
  site: SiteFrame,
  plan: BuildPlan,
  refs: readonly EntityRef[],
): { site: SiteFrame; routes: PlannedRoute[]; entities: EntityRoute[] } {
  const routes: PlannedRoute[] = [];
  const entities: EntityRoute[] = [];
  for (const ref of refs) {
    const route = entityRoute(site, plan, ref);
    if (!routes.some((r) => r.file === route.file)) routes.push(route);
    entities.push({ type: ref.type, id: String(ref.id), file: route.file, url: route.url });
  }
  return { site: { ...site, layouts: [...site.layouts, BARE_LAYOUT] }, routes, entities };
}

function entityRoute(site: SiteFrame, plan: BuildPlan, ref: EntityRef): PlannedRoute {
  const id = String(ref.id).trim();
  if (ref.type === "page") {
    const index = site.pages.findIndex((p) => p.id === id);
    const planned = plan.routes.find((r) => r.index === index && index >= 0);
    if (planned) return planned;
    const page = site.pages[index];
    // A draft is not built: it is previewed at a path of its own, with its own components.
    if (page) return { ...previewPath(`page-${id}`), page, components: null, index };
  } else if (ref.type === "template") {
    const template = site.templates.find((t) => t.id === id);
    if (template) {
      const page = syntheticPage(
        `preview-template-${id}`,
        template.name,
        `${PREVIEW_DIR}/template-${id}`,
        BARE_LAYOUT.id,
      );
      const components = [previewComponent(template)];
      return { ...previewPath(`template-${id}`), page, components, index: -1 };
    }
  } else if (ref.type === "layout") {
    const layout = site.layouts.find((l) => l.id === id);
    if (layout) {
      const page = syntheticPage(
        `preview-layout-${id}`,
        layout.name,
        `${PREVIEW_DIR}/layout-${id}`,
        layout.id,
      );
      return { ...previewPath(`layout-${id}`), page, components: [placeholder()], index: -1 };
    }
  }
  throw new SitewrightError(
    "E_ENTITY_NOT_FOUND",
    `The site has no ${ENTITY_TYPES.includes(ref.type) ? ref.type : "entity"} with id ${JSON.stringify(id)}.`,
    {
      hint: `Use the id of one of the site's ${ref.type}s (type is one of ${ENTITY_TYPES.join(", ")}).`,
      details: { type: ref.type, id },
    },
  );
}

function previewPath(name: string): { file: string; url: string } {
  return { file: `${PREVIEW_DIR}/${name}/index.html`, url: `/${PREVIEW_DIR}/${name}/` };
}

/** A component linked to `template`, its fields set to their defaults or, when empty, samples. */
function previewComponent(template: Template): Component {
  const custom_fields: Record<string, unknown> = {};
  for (const field of template.custom_fields) custom_fields[field.name] = previewValue(field);
  return {
    id: `preview-${template.id}`,
    component_id: "templatePartial",
    menu_order: 0,
    meta: {},
    template_id: template.id,
    code: null,
    custom_fields,
  };
}

/** A field's default, or a sample of its type that passes the field checks; images stay empty. */
export function previewValue(field: CustomFieldDefinition): unknown {
  const given = field.default;
  if (given !== null && given !== undefined && !(typeof given === "string" && given.trim() === ""))
    return given;
  switch (field.type.trim().toLowerCase()) {
    case "number":
      return 3;
    case "boolean":
      return true;
    case "color":
      return "#1d4ed8";
    case "url":
    case "link":
    case "file":
      return "#";
    case "email":
      return "info@example.com";
    case "tel":
      return "+31 20 123 4567";
    // An image is left empty rather than pointing at a file the site does not have.
    case "image":
      return "";
    case "editorjs":
      return { blocks: [{ type: "paragraph", data: { text: sampleText(field) } }] };
    default:
      return sampleText(field);
  }
}

function sampleText(field: CustomFieldDefinition): string {
  return field.label.trim() || field.name;
}

/** Content standing in for a page's own between a layout's header and footer. */
function placeholder(): Component {
  return {
    id: "preview-content",
    component_id: "sectionContent",
    menu_order: 0,
    meta: {
      section_content: {
        blocks: [
          { type: "header", data: { text: "Page content", level: 1 } },
          {
            type: "paragraph",
            data: {
              text: "The page's own components appear here, between the layout's header and footer.",
            },
          },
        ],
      },
    },
    template_id: null,
    code: null,
    custom_fields: {},
  };
}
