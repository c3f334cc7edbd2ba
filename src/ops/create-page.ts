/**
 * Seed 001 pages/create-from-source: a new page cloned from a page of a theme version or of
 * another website, optionally with the source's layout (and its header/footer templates).
 */
import { z } from "zod";
import { coerce, flag, id, optionalId } from "../site/coerce.js";
import { Invalid, isBlank, REQUIRED, toText } from "../site/convert.js";
import type { Page, Site } from "../site/types.js";
import { assetReferences } from "./asset-refs.js";
import { ChangeRecorder, type CloneResult } from "./changes.js";
import { commit, draftOf } from "./commit.js";
import { Importer } from "./importer.js";
import { IdMinter } from "./locate.js";
import { checkTitleAndUrl, pageFocus } from "./page-ops.js";
import { parseRequest, RequestProblems } from "./request.js";
import { type Resolved, type Sources, themeSite, websiteSite } from "./sources.js";

// Seed 001 takes `status` as "0" or "1" and requires it, unlike a page row's flag.
const status = coerce((v): boolean | Invalid => {
  if (v === 0 || v === 1 || v === "0" || v === "1") return v === 1 || v === "1";
  return new Invalid(isBlank(v) ? REQUIRED : "Must be 0 or 1.");
});

/** Seed 001's response: the new page's `id`, `post_title` and `post_name`. */
export interface CreatePageResult extends CloneResult {
  page: { id: string; post_title: string; post_name: string };
}

const request = z.object({
  theme_page_id: id(),
  theme_id: optionalId(),
  version_id: optionalId(),
  infrastructure_website_id: optionalId(),
  post_title: coerce(toText()),
  url: coerce(toText()),
  status,
  layout_id: optionalId(),
  use_theme_layout: flag(false),
});

/** The source site of a request naming a theme version or another website (one path required). */
async function sourceOf(
  sources: Sources,
  req: z.output<typeof request>,
  problems: RequestProblems,
): Promise<Resolved | null> {
  if (req.theme_id !== null || req.version_id !== null) {
    if (req.theme_id === null) problems.add("theme_id", "Required with version_id.");
    if (req.version_id === null) problems.add("version_id", "Required with theme_id.");
    if (req.theme_id === null || req.version_id === null) return null;
    return themeSite(sources, req.theme_id, req.version_id, "theme_id");
  }
  if (req.infrastructure_website_id !== null)
    return websiteSite(sources, req.infrastructure_website_id, "infrastructure_website_id");
  problems.add("theme_id", "Give theme_id and version_id, or infrastructure_website_id.");
  return null;
}

/**
 * Creates a page from a source page: its components are cloned (with the templates, forms,
 * blocks and menus they use) under fresh ids. `layout_id` names a layout of this site, or with
 * `use_theme_layout` one of the source (default: the source page's), which is cloned with its
 * templates. The new page is `changes.added[0]`; clones record their `source`, and `assets` lists
 * the files they mention.
 */
export async function createPageFromSource(
  site: Site,
  sources: Sources,
  input: unknown,
): Promise<CreatePageResult> {
  const req = parseRequest(request, input);
  const draft = draftOf(site);
  const problems = new RequestProblems();
  const slug = checkTitleAndUrl(draft, problems, req.post_title, req.url);
  if (req.post_title.trim() === "") problems.add("post_title", "This field is required.");
  if (
    !req.use_theme_layout &&
    req.layout_id !== null &&
    !draft.layouts.some((l) => l.id === req.layout_id)
  )
    problems.add("layout_id", `Layout "${req.layout_id}" does not exist in this site.`);
  const resolved = await sourceOf(sources, req, problems);
  const source = resolved?.site;
  const sourcePage = source?.pages.find((p) => p.id === req.theme_page_id);
  if (source && !sourcePage)
    problems.add("theme_page_id", `The source has no page "${req.theme_page_id}".`);
  problems.throwIfAny();
  if (!resolved || !source || !sourcePage) throw new Error("unreachable: checked above");

  const recorder = new ChangeRecorder();
  const importer = new Importer(draft, source, recorder, { origin: resolved.origin });
  const page = importer.page(sourcePage, new IdMinter(draft.pages.map((p) => p.id)).next());
  let layoutId = req.layout_id;
  if (req.use_theme_layout) {
    const from = req.layout_id ?? sourcePage.layout_id ?? source.website.default_layout_id;
    layoutId = from === null ? null : importer.layout(from);
    if (from !== null && layoutId === null) {
      const p = new RequestProblems();
      p.add("layout_id", `The source has no layout "${from}".`);
      p.throwIfAny();
    }
  }
  Object.assign(page, {
    post_title: req.post_title,
    post_name: slug,
    status: req.status,
    layout_id: layoutId,
  } satisfies Partial<Page>);
  draft.pages.push(page);
  const result = commit(draft, recorder, [pageFocus(draft.pages.length - 1)]);
  return {
    ...result,
    page: { id: page.id, post_title: page.post_title, post_name: page.post_name },
    assets: assetReferences(importer.copies),
  };
}
