/**
 * Seed 002 themes/uninstall for installed sample data: removes everything that came from a
 * theme — every page, component, template, layout, menu, form, block and structure whose
 * `source.theme_id` names it, whether installTheme, createPageFromSource or addComponent put it
 * there. Like deletePage it refuses, naming each one, while something that stays points at
 * something that would go: removing it anyway would leave dangling references, and quietly
 * rewiring them would change the site in ways nobody asked for.
 */
import { z } from "zod";
import { id } from "../site/coerce.js";
import { COMPONENT_REFERENCES } from "../site/component-types.js";
import type { Component, Site, Sourced } from "../site/types.js";
import { ChangeRecorder, type EntityKind, type OpResult } from "./changes.js";
import { commit, draftOf } from "./commit.js";
import { componentKey, hostKey } from "./component-common.js";
import { componentLists } from "./locate.js";
import { pageReferences } from "./page-ops.js";
import { fail, parseRequest, RequestProblems } from "./request.js";

type Removable = "pages" | "templates" | "layouts" | "menus" | "forms" | "blocks" | "structures";

const KINDS: Record<Removable, EntityKind> = {
  pages: "page",
  templates: "template",
  layouts: "layout",
  menus: "menu",
  forms: "form",
  blocks: "block",
  structures: "structure",
};

/** Ids of the entities of each collection that came from the theme. */
type Doomed = Record<Removable, Set<string>>;

function doomedOf(site: Site, themeId: string): Doomed {
  const of = (list: readonly ({ id: string } & Sourced)[]) =>
    new Set(list.filter((e) => e.source?.theme_id === themeId).map((e) => e.id));
  return {
    pages: of(site.pages),
    templates: of(site.templates),
    layouts: of(site.layouts),
    menus: of(site.menus),
    forms: of(site.forms),
    blocks: of(site.blocks),
    structures: of(site.structures),
  };
}

/** What a staying component points at that would go. */
function componentUses(c: Component, doomed: Doomed, site: Site): string[] {
  const out: string[] = [];
  if (c.template_id !== null && doomed.templates.has(c.template_id))
    out.push(`its template ${c.template_id}`);
  const ref = COMPONENT_REFERENCES[c.component_id as keyof typeof COMPONENT_REFERENCES];
  const target = ref ? c.meta[ref.key] : undefined;
  if (ref && typeof target === "string" && doomed[ref.collection].has(target))
    out.push(`its ${KINDS[ref.collection]} ${target}`);
  const structure = c.component_id === "sectionStructure" ? c.meta.structure : undefined;
  const listed = site.structures.find(
    (s) => doomed.structures.has(s.id) && (s.id === structure || s.type === structure),
  );
  if (listed) out.push(`its structure ${listed.id} "${listed.type}"`);
  return out;
}

/** Why the theme's entities cannot go: what stays and points at them, as messages. */
function blockers(site: Site, doomed: Doomed, themeId: string): string[] {
  const out: string[] = [];
  const stays =
    <T extends { id: string }>(kind: Removable) =>
    (e: T) =>
      !doomed[kind].has(e.id);
  const layoutUse = (what: string, layout: string | null) => {
    if (layout !== null && doomed.layouts.has(layout))
      out.push(`${what} uses its layout ${layout}.`);
  };
  for (const page of site.pages.filter(stays("pages")))
    layoutUse(`Page ${page.id} "${page.post_title}"`, page.layout_id);
  for (const { host, list } of componentLists(site)) {
    if (host.kind === "page" && doomed.pages.has(host.id)) continue;
    const where = host.kind === "page" ? `page ${host.id}` : `the ${host.id} area`;
    for (const c of list.filter((c) => c.source?.theme_id !== themeId))
      for (const use of componentUses(c, doomed, site))
        out.push(`Component ${c.id} on ${where} uses ${use}.`);
  }
  for (const layout of site.layouts.filter(stays("layouts")))
    for (const t of [...layout.header_template_ids, ...layout.footer_template_ids])
      if (doomed.templates.has(t))
        out.push(`Layout ${layout.id} "${layout.name}" uses its template ${t}.`);
  for (const s of site.structures.filter(stays("structures"))) {
    for (const l of [s.listing_layout_id, s.single_layout_id])
      layoutUse(`Structure ${s.id} "${s.type}"`, l);
    for (const post of s.posts) layoutUse(`Post ${post.id} of structure ${s.id}`, post.layout_id);
  }
  layoutUse("The website's default_layout_id", site.website.default_layout_id);
  // Menus of the theme go with it; only the site's own menus and settings keep a page alive.
  const staying = { ...site, menus: site.menus.filter(stays("menus")) };
  for (const page of site.pages.filter((p) => doomed.pages.has(p.id)))
    for (const ref of pageReferences(staying, page))
      out.push(`Page ${page.id} "${page.post_title}": ${ref}`);
  return out;
}

/**
 * Removes everything that came from theme `themeId` (see the module comment). Refused, at
 * `theme_id`, when nothing came from it or when something that stays points at what would go.
 */
export function uninstallTheme(site: Site, themeId: string | number): OpResult {
  const req = parseRequest(z.object({ theme_id: id() }), { theme_id: themeId });
  const draft = draftOf(site);
  const doomed = doomedOf(draft, req.theme_id);
  const fromTheme = (e: Sourced) => e.source?.theme_id === req.theme_id;
  const recorder = new ChangeRecorder();
  for (const [collection, kind] of Object.entries(KINDS) as [Removable, EntityKind][])
    for (const removed of doomed[collection]) recorder.removed({ kind, id: removed });
  for (const { host, list } of componentLists(draft)) {
    const pageGoes = host.kind === "page" && doomed.pages.has(host.id);
    const gone = pageGoes ? list : list.filter(fromTheme);
    for (const c of gone) recorder.removed(componentKey(c.id, host));
    if (!pageGoes && gone.length > 0) recorder.changed(hostKey(host));
  }
  if (recorder.summary().removed.length === 0)
    fail("theme_id", `Nothing in this site came from theme ${req.theme_id}.`);
  const problems = new RequestProblems();
  for (const why of blockers(draft, doomed, req.theme_id))
    problems.add("theme_id", `Theme ${req.theme_id} cannot be uninstalled: ${why}`);
  problems.throwIfAny();

  for (const { list } of componentLists(draft)) {
    const kept = list.filter((c) => !fromTheme(c));
    list.splice(0, list.length, ...kept);
  }
  const keep = <T extends { id: string }>(kind: Removable, list: T[]) =>
    list.filter((e) => !doomed[kind].has(e.id));
  draft.pages = keep("pages", draft.pages);
  draft.templates = keep("templates", draft.templates);
  draft.layouts = keep("layouts", draft.layouts);
  draft.menus = keep("menus", draft.menus);
  draft.forms = keep("forms", draft.forms);
  draft.blocks = keep("blocks", draft.blocks);
  draft.structures = keep("structures", draft.structures);
  return commit(draft, recorder);
}
