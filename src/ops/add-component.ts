/**
 * Seed 004 components/add-to: add a component to a page or to the header, footer or secured
 * area — a built-in type with its `meta`, a template of this site, a template cloned from a
 * theme or another website, or (`themePage`) every component of a source page.
 */
import { z } from "zod";
import { coerce, flag, optionalId } from "../site/coerce.js";
import { toMeta } from "../site/component-meta.js";
import { isComponentType } from "../site/component-types.js";
import { Invalid, toNum, toText } from "../site/convert.js";
import { normalizeSlug } from "../site/slug.js";
import type { Component, Site } from "../site/types.js";
import { assetReferences } from "./asset-refs.js";
import { ChangeRecorder, type CloneResult, type ComponentHost } from "./changes.js";
import { commit, draftOf, type Focus } from "./commit.js";
import { componentKey, hostKey } from "./component-common.js";
import { Importer } from "./importer.js";
import { AREA_NAMES, componentIds, IdMinter } from "./locate.js";
import { parseRequest, RequestProblems } from "./request.js";
import { type Resolved, type Sources, themeSite, websiteSite } from "./sources.js";

const TARGET_TYPES = ["page", ...AREA_NAMES] as const;

const request = z.object({
  type: z.enum(TARGET_TYPES, { error: `Must be one of ${TARGET_TYPES.join(", ")}.` }),
  id: coerce(toText()),
  component_id: coerce(toText()).refine((v) => v.trim() !== "", {
    error: "This field is required.",
  }),
  // Required by seed 004, as a string ("490") or a number.
  menu_order: coerce((v) =>
    v === undefined || v === null || v === ""
      ? new Invalid("This field is required.")
      : toNum(0)(v),
  ),
  theme_template_id: optionalId(),
  infrastructure_template_id: optionalId(),
  source_theme_id: optionalId(),
  /** Not in seed 004 (which picks the installed version); lets a caller name the theme version. */
  version_id: optionalId(),
  infrastructure_website_id: optionalId(),
  theme_page_id: optionalId(),
  layout_id: optionalId(),
  use_theme_layout: flag(false),
  auto_detach: flag(false),
  meta: coerce(toMeta),
});

type AddRequest = z.output<typeof request>;

/** Seed 004's response: the new component's id and type (the first one for `themePage`). */
export interface AddComponentResult extends CloneResult {
  component: { id: string; type: string };
}

interface Target {
  host: ComponentHost;
  list: Component[];
  listPath: string;
  pageIndex: number | null;
}

function findTarget(draft: Site, req: AddRequest, problems: RequestProblems): Target | null {
  if (req.type !== "page") {
    return {
      host: { kind: "area", id: req.type },
      list: draft.areas[req.type],
      listPath: `areas.${req.type}`,
      pageIndex: null,
    };
  }
  const slug = normalizeSlug(req.id);
  const pageIndex = draft.pages.findIndex((p) => p.post_name === slug);
  const page = draft.pages[pageIndex];
  if (!page) {
    problems.add("id", `No page has the URL "${req.id}".`);
    return null;
  }
  return {
    host: { kind: "page", id: page.id },
    list: page.components,
    listPath: `pages[${pageIndex}].components`,
    pageIndex,
  };
}

/** The site a request clones from, or null when it clones nothing. */
async function sourceOf(
  sources: Sources,
  req: AddRequest,
  problems: RequestProblems,
): Promise<Resolved | null> {
  const fromTheme =
    req.theme_template_id !== null ||
    (req.component_id === "themePage" && req.source_theme_id !== null);
  const fromWebsite =
    req.infrastructure_template_id !== null || req.infrastructure_website_id !== null;
  if (fromTheme) {
    if (req.source_theme_id === null) {
      problems.add("source_theme_id", "Required to clone from a theme.");
      return null;
    }
    return themeSite(sources, req.source_theme_id, req.version_id, "source_theme_id");
  }
  if (fromWebsite) {
    if (req.infrastructure_website_id === null) {
      problems.add("infrastructure_website_id", "Required to clone from another website.");
      return null;
    }
    return websiteSite(sources, req.infrastructure_website_id, "infrastructure_website_id");
  }
  if (req.component_id === "themePage")
    problems.add(
      "source_theme_id",
      "themePage needs source_theme_id or infrastructure_website_id.",
    );
  return null;
}

/**
 * Adds one component (or, with `component_id: "themePage"`, every component of
 * `theme_page_id`) at `menu_order`. `theme_template_id` / `infrastructure_template_id` clone
 * a template (with `auto_detach`, its code goes into the component instead); `meta` is
 * validated with the site's rules and reported at `meta.<key>`. Clones record their `source`;
 * `assets` lists the files they mention.
 */
export async function addComponent(
  site: Site,
  sources: Sources,
  input: unknown,
): Promise<AddComponentResult> {
  const req = parseRequest(request, input);
  const draft = draftOf(site);
  const problems = new RequestProblems();
  const target = findTarget(draft, req, problems);
  const resolved = await sourceOf(sources, req, problems);
  const source = resolved?.site ?? null;
  if (req.layout_id !== null && target?.pageIndex === null)
    problems.add("layout_id", "Only a page has a layout.");
  problems.throwIfAny();
  if (!target) throw new Error("unreachable: checked above");

  const recorder = new ChangeRecorder();
  const importer =
    resolved && source ? new Importer(draft, source, recorder, { origin: resolved.origin }) : null;
  const added: Component[] =
    req.component_id === "themePage"
      ? clonePage(req, source as Site, importer as Importer, target, problems)
      : [single(draft, req, source, importer, target, problems)];
  problems.throwIfAny();

  if (target.pageIndex !== null && (req.layout_id !== null || req.use_theme_layout))
    setLayout(draft, req, source, importer, target.pageIndex, problems);
  problems.throwIfAny();

  const start = target.list.length;
  target.list.push(...added);
  for (const c of added) recorder.added(componentKey(c.id, target.host));
  recorder.changed(hostKey(target.host));
  const focus: Focus[] = added.map((_, i) => ({
    prefix: `${target.listPath}[${start + i}]`,
    // Problems of the one requested component are the request's; of cloned ones, the source's.
    rename: req.component_id === "themePage" ? () => "theme_page_id" : undefined,
  }));
  const result = commit(draft, recorder, focus);
  const first = added[0] as Component;
  return {
    ...result,
    component: { id: first.id, type: first.component_id },
    assets: assetReferences(importer?.copies ?? []),
  };
}

function single(
  draft: Site,
  req: AddRequest,
  source: Site | null,
  importer: Importer | null,
  target: Target,
  problems: RequestProblems,
): Component {
  const templateRef = req.theme_template_id ?? req.infrastructure_template_id;
  const field = req.theme_template_id !== null ? "theme_template_id" : "infrastructure_template_id";
  const { partial_partial: linked = null, ...meta } = req.meta;
  if (templateRef !== null && source && importer) {
    const template = source.templates.find((t) => t.id === templateRef);
    if (!template) {
      problems.add(field, `The source has no template "${templateRef}".`);
      return {} as Component;
    }
    const base: Component = {
      id: "",
      component_id: "templatePartial",
      menu_order: req.menu_order,
      meta,
      template_id: template.id,
      code: null,
      custom_fields: {},
    };
    return importer.component(base, target.host, { detach: req.auto_detach, cloned: false });
  }
  if (!isComponentType(req.component_id) && linked === null)
    problems.add(
      "component_id",
      `Unknown component type "${req.component_id}"; link a template with meta.partial_partial.`,
    );
  return {
    id: new IdMinter(componentIds(draft)).next(),
    component_id: req.component_id,
    menu_order: req.menu_order,
    meta,
    template_id: linked,
    code: null,
    custom_fields: {},
  };
}

function clonePage(
  req: AddRequest,
  source: Site,
  importer: Importer,
  target: Target,
  problems: RequestProblems,
): Component[] {
  const page = source.pages.find((p) => p.id === req.theme_page_id);
  if (req.theme_page_id === null || !page) {
    problems.add(
      "theme_page_id",
      req.theme_page_id === null
        ? "Required for themePage."
        : `The source has no page "${req.theme_page_id}".`,
    );
    return [];
  }
  // The cloned components keep their relative order, starting at the requested position.
  return page.components.map((c, i) =>
    importer.component({ ...c, menu_order: req.menu_order + i }, target.host, {
      detach: req.auto_detach,
    }),
  );
}

function setLayout(
  draft: Site,
  req: AddRequest,
  source: Site | null,
  importer: Importer | null,
  pageIndex: number,
  problems: RequestProblems,
): void {
  const page = draft.pages[pageIndex];
  if (!page) return;
  let layoutId = req.layout_id;
  if (req.use_theme_layout) {
    const sourcePage = source?.pages.find((p) => p.id === req.theme_page_id);
    const from =
      req.layout_id ?? sourcePage?.layout_id ?? source?.website.default_layout_id ?? null;
    layoutId = from !== null && importer ? importer.layout(from) : null;
    if (layoutId === null)
      return void problems.add("use_theme_layout", "The source has no layout to use.");
  } else if (!draft.layouts.some((l) => l.id === layoutId)) {
    return void problems.add("layout_id", `Layout "${layoutId}" does not exist in this site.`);
  }
  page.layout_id = layoutId;
}
