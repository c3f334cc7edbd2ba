/**
 * Reference checks: every id one entity names must exist, and every component must be
 * something the generator can render. Run on what parsed, with ids of unparsed entities
 * counted as present so one problem is not reported twice.
 */
import { COMPONENT_REFERENCES, COMPONENT_TYPES, isComponentType } from "./component-types.js";
import type { Entry, ErrorBag } from "./error-bag.js";
import { linkedTemplateId, rawSlug } from "./normalize.js";
import type { IdCollection, ParsedPageEntry, ParsedSite } from "./parse-site.js";
import type { ParsedMenuItem } from "./schema.js";
import type { ParsedComponent } from "./schema-page.js";

const SINGULAR: Record<IdCollection, string> = {
  pages: "page",
  templates: "template",
  layouts: "layout",
  menus: "menu",
  forms: "form",
  blocks: "block",
  structures: "structure",
};

/** Where a component list sits, for messages that name the page or area. */
interface Owner {
  /** Path of the component list: `pages[3].components` or `areas.header`. */
  listPath: string;
  label: string;
}

function checkRef(
  site: ParsedSite,
  bag: ErrorBag,
  collection: IdCollection,
  id: string | null,
  path: string,
): void {
  if (id !== null && !site.rawIds[collection].has(id)) {
    bag.add(path, `Refers to ${SINGULAR[collection]} "${id}", which does not exist.`);
  }
}

function checkComponent(
  site: ParsedSite,
  bag: ErrorBag,
  owner: Owner,
  { index, value: c }: Entry<ParsedComponent>,
): void {
  const path = `${owner.listPath}[${index}]`;
  const at = (key: string) => `${path}.${key}`;
  const templateId = linkedTemplateId(c);
  if (
    c.template_id !== null &&
    c.meta.partial_partial &&
    c.meta.partial_partial !== c.template_id
  ) {
    bag.add(
      at("meta.partial_partial"),
      `Links template "${c.meta.partial_partial}" but template_id says "${c.template_id}".`,
    );
  }
  if (templateId !== null) {
    const field = c.template_id !== null ? "template_id" : "meta.partial_partial";
    checkRef(site, bag, "templates", templateId, at(field));
  }

  const known = isComponentType(c.component_id);
  if (!known && templateId === null && c.code === null) {
    bag.add(
      at("component_id"),
      `Unknown component type "${c.component_id}" in component ${c.id} on ${owner.label}; ` +
        `use one of ${COMPONENT_TYPES.join(", ")}, or link a template.`,
    );
  }
  if (c.component_id === "templatePartial" && templateId === null && c.code === null) {
    bag.add(
      at("template_id"),
      `Component ${c.id} on ${owner.label} is a templatePartial without a template_id or code.`,
    );
  }
  if (known && c.component_id in COMPONENT_REFERENCES && templateId === null) {
    const ref = COMPONENT_REFERENCES[c.component_id as keyof typeof COMPONENT_REFERENCES];
    const target = c.meta[ref.key] ?? null;
    if (target === null) {
      bag.add(at(`meta.${ref.key}`), `A ${c.component_id} component needs meta.${ref.key}.`);
    }
    checkRef(site, bag, ref.collection, target, at(`meta.${ref.key}`));
  }
}

function checkMenuItems(
  site: ParsedSite,
  bag: ErrorBag,
  items: readonly ParsedMenuItem[],
  path: string,
): void {
  items.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (item.page_id === null && item.url === null) {
      bag.add(`${at}.url`, "A menu item needs a page_id or a url.");
    }
    checkRef(site, bag, "pages", item.page_id, `${at}.page_id`);
    if (item.url !== null && unsafeUrlScheme(item.url)) {
      bag.add(`${at}.url`, "Must not use a javascript:, vbscript: or data: URL.");
    }
    checkMenuItems(site, bag, item.children, `${at}.children`);
  });
}

/** True for URLs that would run code or smuggle content when followed. */
export function unsafeUrlScheme(url: string): boolean {
  // Browsers ignore whitespace and control characters inside a scheme, so strip them first.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: see above
  const compact = url.replace(/[\u0000-\u0020\u007f]+/g, "").toLowerCase();
  return /^(?:javascript|vbscript|data):/.test(compact);
}

/** Checks one page's layout and its components' references and types. */
export function checkPageReferences(
  site: ParsedSite,
  bag: ErrorBag,
  { index, value: page }: Entry<ParsedPageEntry>,
): void {
  const path = `pages[${index}]`;
  checkRef(site, bag, "layouts", page.layout_id, `${path}.layout_id`);
  const slug = rawSlug(page)?.value ?? "?";
  const owner = {
    listPath: `${path}.components`,
    label: `page ${page.id} "${page.post_title}" (${slug})`,
  };
  for (const entry of page.components) checkComponent(site, bag, owner, entry);
}

/** Checks every id reference and component type outside pages (pages: checkPageReferences). */
export function checkReferences(site: ParsedSite, bag: ErrorBag): void {
  if (site.website) {
    checkRef(site, bag, "pages", site.website.homepage_id, "website.homepage_id");
    checkRef(site, bag, "layouts", site.website.default_layout_id, "website.default_layout_id");
    checkRef(site, bag, "pages", site.website.not_found_page_id, "website.not_found_page_id");
  }
  for (const [area, entries] of Object.entries(site.areas)) {
    const owner = { listPath: `areas.${area}`, label: `the ${area} area` };
    for (const entry of entries) checkComponent(site, bag, owner, entry);
  }
  for (const { index, value: layout } of site.layouts) {
    const path = `layouts[${index}]`;
    for (const side of ["header", "footer"] as const) {
      for (const [i, id] of layout[`${side}_template_ids`].entries()) {
        checkRef(site, bag, "templates", id, `${path}.${side}_template_ids[${i}]`);
      }
      checkRef(
        site,
        bag,
        "templates",
        layout[`${side}_template_id`],
        `${path}.${side}_template_id`,
      );
    }
  }
  for (const { index, value: menu } of site.menus) {
    checkMenuItems(site, bag, menu.items, `menus[${index}].items`);
  }
}
