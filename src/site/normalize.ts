/**
 * Turns parsed, checked input into the `Site` every later stage reads: slugs, base URL,
 * component order, template links and menu URLs are resolved here and nowhere else.
 */

import { SitewrightError } from "../errors.js";
import type { Entry } from "./error-bag.js";
import { normalizeStructures } from "./normalize-structures.js";
import type { ParsedPageEntry, ParsedSite } from "./parse-site.js";
import type { ParsedLayout, ParsedMenuItem } from "./schema.js";
import type { ParsedComponent, ParsedPage } from "./schema-page.js";
import { withSource } from "./schema-source.js";
import type { ParsedWebsite } from "./schema-website.js";
import { normalizeSlug, pagePath } from "./slug.js";
import type {
  Component,
  Layout,
  MenuItem,
  PageSummary,
  Site,
  SiteFrame,
  Website,
} from "./types.js";

/** The builder's public forms/submit endpoint, used when the website names none. */
export const DEFAULT_FORM_ENDPOINT = "https://api.wemasy.nl/api/services/websites/v1/forms/submit";

/** `base_url` with a trailing slash, else `https://<domain>/`, else null. */
export function resolveBaseUrl(baseUrl: string | null, domain: string | null): string | null {
  if (baseUrl) return baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`;
  return domain ? `https://${domain}/` : null;
}

/** The raw slug of a page: `post_name`, else `url`; which field it came from matters for paths. */
export function rawSlug(page: { post_name?: string | null; url?: string | null }): {
  field: "post_name" | "url";
  value: string;
} | null {
  if (typeof page.post_name === "string") return { field: "post_name", value: page.post_name };
  if (typeof page.url === "string") return { field: "url", value: page.url };
  return null;
}

/** The template a component is linked to: `template_id`, else the API's `meta.partial_partial`. */
export function linkedTemplateId(component: ParsedComponent): string | null {
  return component.template_id ?? component.meta.partial_partial ?? null;
}

function normalizeWebsite(w: ParsedWebsite): Website {
  return {
    id: w.id,
    name: w.name,
    domain: w.domain,
    base_url: resolveBaseUrl(w.base_url, w.domain),
    language: w.language,
    timezone: w.timezone,
    customization: w.customization,
    homepage_id: w.homepage_id,
    default_layout_id: w.default_layout_id,
    not_found_page_id: w.not_found_page_id,
    form_endpoint: w.form_endpoint ?? DEFAULT_FORM_ENDPOINT,
  };
}

function normalizeComponent(c: ParsedComponent): Component {
  const meta: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c.meta)) {
    // The link lives in `template_id`; keeping a second spelling would invite disagreement.
    if (key !== "partial_partial" && value !== undefined) meta[key] = value;
  }
  return withSource({
    id: c.id,
    component_id: c.component_id,
    menu_order: c.menu_order,
    meta,
    template_id: linkedTemplateId(c),
    code: c.code,
    custom_fields: c.custom_fields,
    source: c.source,
  });
}

/** Components in `menu_order`; ties keep their input order (Array.prototype.sort is stable). */
export function normalizeComponents(entries: readonly Entry<ParsedComponent>[]): Component[] {
  return entries
    .map((e) => ({ ...normalizeComponent(e.value), position: e.index }))
    .sort((a, b) => a.menu_order - b.menu_order);
}

function normalizeLayout(l: ParsedLayout): Layout {
  const pick = (list: string[], single: string | null) =>
    list.length > 0 ? list : single === null ? [] : [single];
  return withSource({
    id: l.id,
    name: l.name,
    header_template_ids: pick(l.header_template_ids, l.header_template_id),
    footer_template_ids: pick(l.footer_template_ids, l.footer_template_id),
    source: l.source,
  });
}

function values<T>(entries: readonly Entry<T>[]): T[] {
  return entries.map((e) => e.value);
}

/** A page's own fields, normalized; its components are normalized separately (normalizeComponents). */
export function normalizePageSummary(p: Omit<ParsedPage, "components">): PageSummary {
  return withSource({
    id: p.id,
    post_title: p.post_title,
    post_name: normalizeSlug(rawSlug(p)?.value ?? "/"),
    status: p.status,
    layout_id: p.layout_id,
    secured: p.secured,
    updated_at: p.updated_at,
    meta_title: p.meta_title,
    meta_description: p.meta_description,
    meta_keyword: p.meta_keyword,
    meta_image: p.meta_image,
    canonical_url: p.canonical_url,
    no_index: p.no_index,
    source: p.source,
  });
}

/** Normalizes a parsed site that passed every check; see validateSite. */
export function normalizeSite(parsed: ParsedSite): Site {
  const frame = normalizeFrame(parsed);
  return {
    ...frame,
    pages: frame.pages.map((summary, i) => ({
      ...summary,
      components: normalizeComponents((parsed.pages[i] as Entry<ParsedPageEntry>).value.components),
    })),
  };
}

/** Normalizes everything but the pages' components (see SiteFrame). */
export function normalizeFrame(parsed: ParsedSite): SiteFrame {
  if (!parsed.website) {
    throw new SitewrightError("E_SITE_INVALID", "normalizeSite needs a parsed website.");
  }
  const website = normalizeWebsite(parsed.website);
  const pages = parsed.pages.map(({ value }) => normalizePageSummary(value));

  const pathById = new Map(pages.map((page) => [page.id, pagePath(page, website)]));
  const resolveItem = (item: ParsedMenuItem): MenuItem => ({
    title: item.title,
    // A page reference wins over a stored URL, which may be stale after a slug change.
    url: (item.page_id !== null ? pathById.get(item.page_id) : undefined) ?? item.url ?? "#",
    page_id: item.page_id,
    target: item.target,
    children: item.children.map(resolveItem),
  });

  return {
    website,
    pages,
    templates: values(parsed.templates).map(withSource),
    layouts: values(parsed.layouts).map(normalizeLayout),
    areas: {
      header: normalizeComponents(parsed.areas.header),
      footer: normalizeComponents(parsed.areas.footer),
      secured: normalizeComponents(parsed.areas.secured),
    },
    menus: values(parsed.menus).map((m) =>
      withSource({ id: m.id, name: m.name, items: m.items.map(resolveItem), source: m.source }),
    ),
    forms: values(parsed.forms).map(withSource),
    blocks: values(parsed.blocks).map(withSource),
    redirects: values(parsed.redirects).map((r) => ({
      ...r,
      from: r.from.startsWith("/") ? r.from : `/${r.from}`,
    })),
    structures: normalizeStructures(parsed.structures),
  };
}
