/**
 * Theme installation (seed 002 themes/install, SAMPLE_DATA mode): copies the chosen pages and
 * structures of a theme version into a site, with the layouts, templates, forms, blocks and
 * menus they use, under fresh ids and with `source` naming the theme. Seed 002's MANUAL mode
 * copies nothing; here a theme needs no registration to be cloned from (pass it as a source to
 * createPageFromSource or addComponent), so it has no counterpart.
 *
 * The plan is shared with themeInstallPreview, so the preview lists exactly what an
 * installation with the same choices would add and reports the same clashes.
 */
import { z } from "zod";
import { coerce, flag } from "../site/coerce.js";
import {
  type Converter,
  Invalid,
  isBlank,
  toFlag,
  toId,
  toNullableText,
  toObject,
} from "../site/convert.js";
import { categoryBaseSlug } from "../site/normalize-structures.js";
import { normalizeSlug, slugPath } from "../site/slug.js";
import type { Page, Site, Structure } from "../site/types.js";
import { assetReferences } from "./asset-refs.js";
import { ChangeRecorder, type CloneResult } from "./changes.js";
import { commit, draftOf, type Focus } from "./commit.js";
import { Importer } from "./importer.js";
import { IdMinter } from "./locate.js";
import { checkTitleAndUrl } from "./page-ops.js";
import { parseRequest, RequestProblems } from "./request.js";
import type { Theme, ThemeInfo } from "./theme-load.js";

/** A value that is either a bare id or an object with `id` and more choices. */
const idOr =
  <T extends { id: string }>(convert: Converter<T>, defaults: Omit<T, "id">): Converter<T> =>
  (v) => {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return convert(v);
    const one = toId(v);
    return one instanceof Invalid ? one : ({ ...defaults, id: one } as T);
  };

const toOptionalFlag: Converter<boolean | null> = (v) => (isBlank(v) ? null : toFlag(false)(v));

const pageChoice = idOr(
  toObject({ id: toId, url: toNullableText, post_title: toNullableText, status: toOptionalFlag }),
  { url: null, post_title: null, status: null },
);
const structureChoice = idOr(toObject({ id: toId, type: toNullableText, url: toNullableText }), {
  type: null,
  url: null,
});

const list = <T>(convert: Converter<T>) =>
  z
    .array(coerce(convert), { error: "Must be an array." })
    .nullish()
    .transform((v) => v ?? null);

/** What to install; every list defaults to the theme's pages and structures, no extras. */
const choicesSchema = z.object({
  /** Theme page ids, or `{ id, url?, post_title?, status? }` to install one under another URL. */
  pages: list(pageChoice),
  /** Theme structure ids, or `{ id, type?, url? }`. */
  structures: list(structureChoice),
  /** Theme layouts to copy besides those the chosen pages and structures use. */
  layouts: list(toId),
  /** Theme templates to copy besides those the copied components and layouts use. */
  templates: list(toId),
  /** Copy the structures' posts (sample content); categories are always copied. */
  posts: flag(true),
});

/** The parsed choices of an installation. */
export type InstallChoices = z.output<typeof choicesSchema>;

/** An installation worked out on a draft, not yet validated: what install and preview share. */
export interface InstallPlan {
  draft: Site;
  recorder: ChangeRecorder;
  importer: Importer;
  /** Clashes and unknown ids, keyed by choice path (`pages[0].url`). */
  problems: RequestProblems;
  focus: Focus[];
}

/** Reports ids listed twice or missing from the theme; returns the entries that can be used. */
function usable<C extends { id: string }, E extends { id: string }>(
  field: string,
  choices: readonly C[],
  entities: readonly E[],
  theme: ThemeInfo,
  problems: RequestProblems,
): { choice: C; entity: E; index: number }[] {
  const seen = new Set<string>();
  const out: { choice: C; entity: E; index: number }[] = [];
  choices.forEach((choice, index) => {
    const entity = entities.find((e) => e.id === choice.id);
    const at = `${field}[${index}]`;
    if (seen.has(choice.id)) problems.add(at, `"${choice.id}" is listed twice.`);
    else if (!entity)
      problems.add(at, `Theme ${theme.id} has no ${field.replace(/s$/, "")} "${choice.id}".`);
    else out.push({ choice, entity, index });
    seen.add(choice.id);
  });
  return out;
}

const asIdChoices = (ids: readonly string[]) => ids.map((id) => ({ id }));

/** Works out an installation of `theme` into a copy of `site` (see installTheme). */
export function planInstall(site: Site, theme: Theme, input: unknown = {}): InstallPlan {
  const choices = parseRequest(choicesSchema, input ?? {});
  const source = theme.site;
  const draft = draftOf(site);
  const problems = new RequestProblems();
  const recorder = new ChangeRecorder();
  const pageIds = new IdMinter(draft.pages.map((p) => p.id));
  const pages = usable(
    "pages",
    choices.pages ??
      source.pages.map((p) => ({ id: p.id, url: null, post_title: null, status: null })),
    source.pages,
    theme,
    problems,
  ).map((entry) => ({ ...entry, newId: pageIds.next() }));
  const structures = usable(
    "structures",
    choices.structures ?? source.structures.map((s) => ({ id: s.id, type: null, url: null })),
    source.structures,
    theme,
    problems,
  );
  const layouts = usable(
    "layouts",
    asIdChoices(choices.layouts ?? []),
    source.layouts,
    theme,
    problems,
  );
  const templates = usable(
    "templates",
    asIdChoices(choices.templates ?? []),
    source.templates,
    theme,
    problems,
  );

  const importer = new Importer(draft, source, recorder, {
    origin: { theme_id: theme.id, version_id: theme.version_id, website_id: null },
    // Menus of the theme that link its pages link their installed copies.
    pageIds: new Map(pages.map((p) => [p.entity.id, p.newId])),
  });
  const focus: Focus[] = [];
  const chosenUrls = new Map<string, number>();
  for (const { choice, entity, index, newId } of pages) {
    const at = `pages[${index}]`;
    // Against the site as given: clashes among the chosen pages are reported just below.
    const slug = checkTitleAndUrl(
      site,
      problems.under(at),
      choice.post_title,
      choice.url ?? entity.post_name,
    );
    const twice = chosenUrls.get(slug);
    if (twice !== undefined)
      problems.add(`${at}.url`, `URL ${slugPath(slug)} is also chosen for pages[${twice}].`);
    chosenUrls.set(slug, index);
    const layout = entity.layout_id ?? source.website.default_layout_id;
    draft.pages.push(copyPage(importer, entity, newId, { ...choice, slug, layout }));
    focus.push({
      prefix: `pages[${draft.pages.length - 1}]`,
      rename: (rest) => (rest === "post_name" ? `${at}.url` : `${at}.${rest}`),
      mentionedAt: `${at}.url`,
    });
  }
  const structureIds = new IdMinter(draft.structures.map((s) => s.id));
  for (const { choice, entity, index } of structures) {
    const at = `structures[${index}]`;
    const copy = importer.structure(entity, structureIds.next(), choices.posts);
    retarget(copy, entity, choice);
    checkStructureClash(draft, copy, problems, at);
    draft.structures.push(copy);
    focus.push({
      prefix: `structures[${draft.structures.length - 1}]`,
      rename: (rest) => `${at}.${rest}`,
      mentionedAt: `${at}.url`,
    });
  }
  for (const { entity } of layouts) importer.layout(entity.id);
  for (const { entity } of templates) importer.template(entity.id);
  return { draft, recorder, importer, problems, focus };
}

/** A theme page's copy at its chosen URL, with the layout it is shown in on the theme. */
function copyPage(
  importer: Importer,
  entity: Page,
  id: string,
  choice: {
    slug: string;
    post_title: string | null;
    status: boolean | null;
    layout: string | null;
  },
): Page {
  const page = importer.page(entity, id);
  // A theme page without a layout of its own wears the theme's default, which this site lacks.
  page.layout_id = choice.layout === null ? null : importer.layout(choice.layout);
  page.post_name = choice.slug;
  page.post_title = choice.post_title ?? entity.post_title;
  page.status = choice.status ?? entity.status;
  return page;
}

/** Applies a structure choice's `type` and `url`; a derived category URL follows the new URL. */
function retarget(
  copy: Structure,
  entity: Structure,
  choice: { type: string | null; url: string | null },
): void {
  if (choice.type !== null) copy.type = choice.type;
  if (choice.url === null) return;
  copy.url = normalizeSlug(choice.url);
  const derived = categoryBaseSlug({ url: entity.url, type: entity.type, category_url: null });
  if (entity.category_url === derived)
    copy.category_url = categoryBaseSlug({ url: copy.url, type: copy.type, category_url: null });
}

function checkStructureClash(
  draft: Site,
  copy: Structure,
  problems: RequestProblems,
  at: string,
): void {
  const sameType = draft.structures.find((s) => s.type === copy.type);
  if (sameType)
    problems.add(
      `${at}.type`,
      `Type "${copy.type}" is already used by structure ${sameType.id} "${sameType.title}".`,
    );
  const structure = draft.structures.find((s) => s.url === copy.url);
  const page = draft.pages.find((p) => p.post_name === copy.url);
  const user = structure
    ? `structure ${structure.id} "${structure.title}"`
    : page && `page ${page.id} "${page.post_title}"`;
  if (user) problems.add(`${at}.url`, `URL ${slugPath(copy.url)} is already used by ${user}.`);
}

/** The result of installTheme: also the theme installed. */
export interface InstallThemeResult extends CloneResult {
  theme: ThemeInfo;
}

/**
 * Installs a theme version: copies its pages (each at its own URL unless `pages` gives
 * `{ id, url }`; home `/` clashes with a site that has one), its structures (`{ id, type, url }`
 * to rename; posts unless `posts: false`), the layouts and templates they use plus `layouts` and
 * `templates` named in the choices. A clash or unknown id is a SiteValidationError keyed by the
 * choice (`pages[0].url`); `assets` lists the files the copies mention.
 */
export function installTheme(site: Site, theme: Theme, choices: unknown = {}): InstallThemeResult {
  const plan = planInstall(site, theme, choices);
  plan.problems.throwIfAny();
  const result = commit(plan.draft, plan.recorder, plan.focus);
  return {
    ...result,
    assets: assetReferences(plan.importer.copies),
    theme: { id: theme.id, version_id: theme.version_id, name: theme.name },
  };
}
