/**
 * Seed 002 themes/installation-preview: what installing a theme version would add to a site
 * and what would clash, computed by the same plan installTheme follows (so the two never
 * disagree), including the whole-site validation of the result.
 */
import { SiteValidationError, type ValidationErrors } from "../errors.js";
import { slugPath } from "../site/slug.js";
import type { Site } from "../site/types.js";
import { assetReferences } from "./asset-refs.js";
import { commit } from "./commit.js";
import { planInstall } from "./theme-install.js";
import type { Theme, ThemeInfo } from "./theme-load.js";

/** One entity of the theme, by its id in the theme. */
export interface PreviewEntity {
  id: string;
  name: string;
}

/** What an installation would add (theme ids and target URLs) and its clashes. */
export interface ThemeInstallPreview {
  theme: ThemeInfo;
  pages: { id: string; post_title: string; url: string; status: boolean }[];
  structures: { id: string; type: string; title: string; url: string; posts: number }[];
  layouts: PreviewEntity[];
  templates: PreviewEntity[];
  /** Site paths of the theme's files the copies mention. */
  assets: string[];
  /** What installTheme would report, by choice path (`pages[0].url`); `{}` when it would succeed. */
  clashes: ValidationErrors;
}

/**
 * Lists the pages, structures, layouts and templates `installTheme(site, theme, choices)` would
 * add and what would clash, without changing anything. Bad choices (not clashes) still throw.
 */
export function themeInstallPreview(
  site: Site,
  theme: Theme,
  choices: unknown = {},
): ThemeInstallPreview {
  const plan = planInstall(site, theme, choices);
  const added = new Set(plan.recorder.summary().added.map((k) => `${k.kind}:${k.id}`));
  const sourceId = (e: { id: string; source?: { id: string } }) => e.source?.id ?? e.id;
  let clashes = plan.problems.errors;
  if (plan.problems.empty) {
    try {
      commit(plan.draft, plan.recorder, plan.focus);
    } catch (err) {
      if (!(err instanceof SiteValidationError)) throw err;
      clashes = err.errors;
    }
  }
  const { draft } = plan;
  const isNew = (kind: string) => (e: { id: string }) => added.has(`${kind}:${e.id}`);
  return {
    theme: { id: theme.id, version_id: theme.version_id, name: theme.name },
    pages: draft.pages.filter(isNew("page")).map((p) => ({
      id: sourceId(p),
      post_title: p.post_title,
      url: slugPath(p.post_name),
      status: p.status,
    })),
    structures: draft.structures.filter(isNew("structure")).map((s) => ({
      id: sourceId(s),
      type: s.type,
      title: s.title,
      url: slugPath(s.url),
      posts: s.posts.length,
    })),
    layouts: draft.layouts.filter(isNew("layout")).map((l) => ({ id: sourceId(l), name: l.name })),
    templates: draft.templates
      .filter(isNew("template"))
      .map((t) => ({ id: sourceId(t), name: t.name })),
    assets: assetReferences(plan.importer.copies),
    clashes,
  };
}
