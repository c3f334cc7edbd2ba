/**
 * Page operations of seed 002 (pages/duplicate, archive, delete). A page that menus or the
 * website's home and 404 settings point at cannot disappear from the build, so archive and
 * delete refuse it and name every reference, rather than leaving dangling links behind.
 */
import { z } from "zod";
import { id, nullableText } from "../site/coerce.js";
import { PAGE_LIMITS } from "../site/schema-page.js";
import { normalizeSlug, slugPath } from "../site/slug.js";
import type { MenuItem, Page, Site } from "../site/types.js";
import { ChangeRecorder, type OpResult } from "./changes.js";
import { commit, draftOf, type Focus } from "./commit.js";
import { componentKey } from "./component-common.js";
import { componentIds, IdMinter, requirePage } from "./locate.js";
import { fail, type ProblemSink, parseRequest, RequestProblems } from "./request.js";

/** Maps validation problems of the page at `index` to the request (`post_name` → `url`). */
export function pageFocus(index: number): Focus {
  return {
    prefix: `pages[${index}]`,
    rename: (rest) => (rest === "post_name" ? "url" : rest),
    mentionedAt: "url",
  };
}

/** The page already using `slug` (drafts included: the API keeps URLs unique per project). */
export function pageWithSlug(site: Site, slug: string): Page | undefined {
  return site.pages.find((p) => p.post_name === slug);
}

/** Checks a requested title and URL against seed 001's limits and uniqueness; returns the slug. */
export function checkTitleAndUrl(
  site: Site,
  problems: ProblemSink,
  title: string | null,
  url: string | null,
): string {
  if (title !== null && title.length > PAGE_LIMITS.post_title)
    problems.add("post_title", `Must be at most ${PAGE_LIMITS.post_title} characters.`);
  if (url === null) return "";
  if (url.length > PAGE_LIMITS.post_name)
    problems.add("url", `Must be at most ${PAGE_LIMITS.post_name} characters.`);
  const slug = normalizeSlug(url);
  const taken = pageWithSlug(site, slug);
  if (taken)
    problems.add(
      "url",
      `URL ${slugPath(slug)} is already used by page ${taken.id} "${taken.post_title}".`,
    );
  return slug;
}

/** A free slug based on `slug`: `<slug>-copy`, `<slug>-copy-2`, ... (`home-copy` for `/`). */
export function freeSlug(site: Site, slug: string): string {
  const base = `${slug === "/" ? "home" : slug}-copy`;
  let candidate = base;
  for (let n = 2; pageWithSlug(site, candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

const duplicateRequest = z.object({ id: id(), post_title: nullableText(), url: nullableText() });

/**
 * Copies a page and its components with fresh ids, after the original. Default title
 * "<title> (copy)" and a free URL `<slug>-copy`; the copy is a draft, since a second
 * published page with the same content is rarely what an editor wants to go live.
 */
export function duplicatePage(site: Site, request: unknown): OpResult {
  const req = parseRequest(duplicateRequest, request);
  const draft = draftOf(site);
  const { page, index } = requirePage(draft, req.id);
  const problems = new RequestProblems();
  const slug =
    req.url === null
      ? freeSlug(draft, page.post_name)
      : checkTitleAndUrl(draft, problems, null, req.url);
  checkTitleAndUrl(draft, problems, req.post_title, null);
  problems.throwIfAny();

  const ids = new IdMinter(componentIds(draft));
  const copy: Page = {
    ...structuredClone(page),
    id: new IdMinter(draft.pages.map((p) => p.id)).next(),
    post_title: req.post_title ?? `${page.post_title} (copy)`.slice(0, PAGE_LIMITS.post_title),
    post_name: slug,
    status: false,
    components: page.components.map((c) => ({ ...structuredClone(c), id: ids.next() })),
  };
  draft.pages.splice(index + 1, 0, copy);
  const recorder = new ChangeRecorder();
  recorder.added({ kind: "page", id: copy.id });
  const host = { kind: "page", id: copy.id } as const;
  for (const c of copy.components) recorder.added(componentKey(c.id, host));
  return commit(draft, recorder, [pageFocus(index + 1)]);
}

function menuReferences(items: readonly MenuItem[], pageId: string, out: string[], menu: string) {
  for (const item of items) {
    if (item.page_id === pageId) out.push(`${menu} links to it in item "${item.title}".`);
    menuReferences(item.children, pageId, out, menu);
  }
}

/** Why a page cannot leave the build: menus, the home page and the 404 page pointing at it. */
export function pageReferences(site: Site, page: Page): string[] {
  const out: string[] = [];
  for (const menu of site.menus)
    menuReferences(menu.items, page.id, out, `Menu ${menu.id} "${menu.name}"`);
  if (site.website.homepage_id === page.id) out.push("The website's homepage_id points to it.");
  else if (page.post_name === "/" && site.website.homepage_id === null)
    out.push("It is the home page (URL /).");
  if (site.website.not_found_page_id === page.id)
    out.push("The website's not_found_page_id points to it.");
  return out;
}

function refuseReferenced(site: Site, page: Page, verb: string): void {
  const refs = pageReferences(site, page);
  if (refs.length === 0) return;
  const problems = new RequestProblems();
  for (const ref of refs)
    problems.add("id", `Page ${page.id} "${page.post_title}" cannot be ${verb}: ${ref}`);
  problems.throwIfAny();
}

/** Archives a page: it stays in the site as a draft (not built), its URL kept. */
export function archivePage(site: Site, request: unknown): OpResult {
  const req = parseRequest(z.object({ id: id() }), request);
  const draft = draftOf(site);
  const { page } = requirePage(draft, req.id);
  if (!page.status) fail("id", `Page ${page.id} "${page.post_title}" is already a draft.`);
  refuseReferenced(draft, page, "archived");
  page.status = false;
  const recorder = new ChangeRecorder();
  recorder.changed({ kind: "page", id: page.id });
  return commit(draft, recorder);
}

/** Deletes a page and its components; refused while menus or the home/404 settings point at it. */
export function deletePage(site: Site, request: unknown): OpResult {
  const req = parseRequest(z.object({ id: id() }), request);
  const draft = draftOf(site);
  const { page, index } = requirePage(draft, req.id);
  refuseReferenced(draft, page, "deleted");
  draft.pages.splice(index, 1);
  const recorder = new ChangeRecorder();
  recorder.removed({ kind: "page", id: page.id });
  const host = { kind: "page", id: page.id } as const;
  for (const c of page.components) recorder.removed(componentKey(c.id, host));
  return commit(draft, recorder);
}
