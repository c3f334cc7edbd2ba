/**
 * Export and import of pages and components (seed 002 pages/export, pages/import,
 * components/export, components/import) as portable JSON documents. A document carries the
 * page or component and everything it needs from its site (templates, layout, forms, blocks,
 * menus) plus the asset paths it references, so it can be imported into any site: import
 * keeps each id the target does not use, gives the others fresh ids, and never overwrites.
 */
import { z } from "zod";
import { coerce, nullableText, optionalId } from "../site/coerce.js";
import { COMPONENT_REFERENCES } from "../site/component-types.js";
import { toNum, toText } from "../site/convert.js";
import { normalizeSlug } from "../site/slug.js";
import type {
  Block,
  Component,
  Form,
  Layout,
  Menu,
  MenuItem,
  Page,
  Site,
  Template,
} from "../site/types.js";
import { assetReferences } from "./asset-refs.js";
import { ChangeRecorder, type OpResult } from "./changes.js";
import { commit, draftOf } from "./commit.js";
import { componentIdRequest, hostKey } from "./component-common.js";
import { Importer } from "./importer.js";
import { AREA_NAMES, IdMinter, requireComponent, requirePage } from "./locate.js";
import { freeSlug, pageFocus, pageWithSlug } from "./page-ops.js";
import { fail, parseRequest, RequestProblems } from "./request.js";

/** What a document carries besides its page or component. */
export interface PortableParts {
  templates: Template[];
  layouts: Layout[];
  forms: Form[];
  blocks: Block[];
  menus: Menu[];
  /** Site paths of the assets it references (`/assets/hero.jpg`); the files travel separately. */
  assets: string[];
}

/** An exported page. */
export interface PageDocument extends PortableParts {
  format: "sitewright.page";
  version: 1;
  page: Page;
}

/** An exported component. */
export interface ComponentDocument extends PortableParts {
  format: "sitewright.component";
  version: 1;
  component: Component;
}

/** Collects what `components` (and an optional layout) need from `site`. */
function partsFor(
  site: Site,
  components: readonly Component[],
  layoutId: string | null,
  selfPage: string | null,
): PortableParts {
  const templateIds = new Set<string>();
  const ids = { forms: new Set<string>(), blocks: new Set<string>(), menus: new Set<string>() };
  const layout = layoutId === null ? undefined : site.layouts.find((l) => l.id === layoutId);
  for (const t of [...(layout?.header_template_ids ?? []), ...(layout?.footer_template_ids ?? [])])
    templateIds.add(t);
  for (const c of components) {
    if (c.template_id !== null) templateIds.add(c.template_id);
    for (const [type, ref] of Object.entries(COMPONENT_REFERENCES)) {
      const v = c.meta[ref.key];
      if (c.component_id === type && typeof v === "string") ids[ref.collection].add(v);
    }
  }
  // Links to other pages of this site mean nothing elsewhere: they travel as their URLs.
  const portableItem = (item: MenuItem): MenuItem => ({
    ...item,
    page_id: item.page_id === selfPage ? item.page_id : null,
    children: item.children.map(portableItem),
  });
  const parts: PortableParts = {
    templates: structuredClone(site.templates.filter((t) => templateIds.has(t.id))),
    layouts: layout ? [structuredClone(layout)] : [],
    forms: structuredClone(site.forms.filter((f) => ids.forms.has(f.id))),
    blocks: structuredClone(site.blocks.filter((b) => ids.blocks.has(b.id))),
    menus: site.menus
      .filter((m) => ids.menus.has(m.id))
      .map((m) => ({ ...structuredClone(m), items: m.items.map(portableItem) })),
    assets: [],
  };
  parts.assets = assetReferences([components, parts]);
  return parts;
}

const strip = (c: Component): Component => {
  const { position: _, ...rest } = structuredClone(c);
  return rest;
};

/** A portable document of one page (`{ id }`) with everything it needs. */
export function exportPage(site: Site, request: unknown): PageDocument {
  const req = parseRequest(componentIdRequest, request);
  const { page } = requirePage(site, req.id);
  const copy: Page = { ...structuredClone(page), components: page.components.map(strip) };
  return {
    format: "sitewright.page",
    version: 1,
    page: copy,
    ...partsFor(site, page.components, page.layout_id, page.id),
  };
}

/** A portable document of one component (`{ id }`) with everything it needs. */
export function exportComponent(site: Site, request: unknown): ComponentDocument {
  const req = parseRequest(componentIdRequest, request);
  const { component } = requireComponent(site, req.id);
  return {
    format: "sitewright.component",
    version: 1,
    component: strip(component),
    ...partsFor(site, [component], null, null),
  };
}

const partsShape = {
  templates: z.array(z.any()).default([]),
  layouts: z.array(z.any()).default([]),
  forms: z.array(z.any()).default([]),
  blocks: z.array(z.any()).default([]),
  menus: z.array(z.any()).default([]),
  assets: z.array(z.string()).default([]),
};
const pageDocument = z.object({
  format: z.literal("sitewright.page", { error: 'Must be "sitewright.page".' }),
  version: z.literal(1, { error: "Must be 1." }),
  page: z.object({ id: z.any(), components: z.array(z.any()) }).passthrough(),
  ...partsShape,
});
const componentDocument = z.object({
  format: z.literal("sitewright.component", { error: 'Must be "sitewright.component".' }),
  version: z.literal(1, { error: "Must be 1." }),
  component: z.object({ id: z.any() }).passthrough(),
  ...partsShape,
});

/** Copies every carried entity in document order, so a round trip keeps each list's order. */
function importParts(importer: Importer, parts: PortableParts): void {
  for (const t of parts.templates) importer.template(t.id);
  for (const l of parts.layouts) importer.layout(l.id);
  for (const f of parts.forms) importer.form(f.id);
  for (const b of parts.blocks) importer.block(b.id);
  for (const m of parts.menus) importer.menu(m.id);
}

/** A site-shaped source over a document's parts, for the Importer. */
function sourceSite(site: Site, parts: PortableParts, pages: Page[]): Site {
  return {
    ...site,
    pages,
    templates: parts.templates,
    layouts: parts.layouts,
    forms: parts.forms,
    blocks: parts.blocks,
    menus: parts.menus,
  };
}

const importPageRequest = z.object({
  document: z.unknown(),
  post_title: nullableText(),
  url: nullableText(),
});

/**
 * Imports an exported page as a new page: ids the site already uses are remapped, nothing is
 * overwritten. Its URL is the request's `url`, else the document's when free, else `<slug>-copy`.
 */
export function importPage(site: Site, request: unknown): OpResult {
  const req = parseRequest(importPageRequest, request);
  const doc = parseRequest(
    pageDocument.transform((d) => d as unknown as PageDocument),
    req.document ?? {},
  ) as PageDocument;
  const draft = draftOf(site);
  const problems = new RequestProblems();
  let slug = normalizeSlug(doc.page.post_name ?? "/");
  if (req.url !== null) {
    slug = normalizeSlug(req.url);
    const taken = pageWithSlug(draft, slug);
    if (taken)
      problems.add(
        "url",
        `URL ${req.url} is already used by page ${taken.id} "${taken.post_title}".`,
      );
  } else if (pageWithSlug(draft, slug)) slug = freeSlug(draft, slug);
  problems.throwIfAny();

  const recorder = new ChangeRecorder();
  const oldId = String(doc.page.id);
  const pageId = new IdMinter(draft.pages.map((p) => p.id)).claim(oldId);
  const importer = new Importer(draft, sourceSite(draft, doc, [doc.page]), recorder, {
    keepFreeIds: true,
    // Menu items that linked the exported page link its copy.
    pageIds: new Map([[oldId, pageId]]),
  });
  const host = { kind: "page", id: pageId } as const;
  recorder.added({ kind: "page", id: pageId });
  importParts(importer, doc);
  const page: Page = {
    ...structuredClone(doc.page),
    id: pageId,
    post_title: req.post_title ?? doc.page.post_title,
    post_name: slug,
    layout_id:
      doc.page.layout_id === null
        ? null
        : (importer.layout(doc.page.layout_id) ?? doc.page.layout_id),
    components: doc.page.components.map((c) => importer.component(c, host)),
  };
  draft.pages.push(page);
  return commit(draft, recorder, [
    {
      ...pageFocus(draft.pages.length - 1),
      rename: (r) => (r === "post_name" ? "url" : `document.page.${r}`),
    },
  ]);
}

const importComponentRequest = z.object({
  document: z.unknown(),
  type: z.enum(["page", ...AREA_NAMES] as const, {
    error: "Must be one of page, header, footer, secured.",
  }),
  id: coerce(toText()),
  menu_order: coerce(toNum(Number.NaN)),
  layout_id: optionalId(),
});

/** Imports an exported component into a page (by `post_name`) or an area, like components/add-to. */
export function importComponent(site: Site, request: unknown): OpResult {
  const req = parseRequest(importComponentRequest, request);
  const doc = parseRequest(
    componentDocument.transform((d) => d as unknown as ComponentDocument),
    req.document ?? {},
  ) as ComponentDocument;
  const draft = draftOf(site);
  let list: Component[];
  let listPath: string;
  let host: { kind: "page"; id: string } | { kind: "area"; id: (typeof AREA_NAMES)[number] };
  if (req.type === "page") {
    const slug = normalizeSlug(req.id);
    const index = draft.pages.findIndex((p) => p.post_name === slug);
    const page = draft.pages[index];
    if (!page) fail("id", `No page has the URL "${req.id}".`);
    ({ list, listPath, host } = {
      list: page.components,
      listPath: `pages[${index}].components`,
      host: { kind: "page", id: page.id },
    });
  } else {
    ({ list, listPath, host } = {
      list: draft.areas[req.type],
      listPath: `areas.${req.type}`,
      host: { kind: "area", id: req.type },
    });
  }
  const recorder = new ChangeRecorder();
  const importer = new Importer(draft, sourceSite(draft, doc, []), recorder, { keepFreeIds: true });
  importParts(importer, doc);
  const component = importer.component(doc.component, host);
  if (!Number.isNaN(req.menu_order)) component.menu_order = req.menu_order;
  list.push(component);
  recorder.changed(hostKey(host));
  return commit(draft, recorder, [
    { prefix: `${listPath}[${list.length - 1}]`, rename: (r) => `document.component.${r}` },
  ]);
}
