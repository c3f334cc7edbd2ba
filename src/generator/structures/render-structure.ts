/**
 * The `<main>` content of structure routes (a post's single page, a listing page, a category
 * page) and what they add to `<head>`: rel=prev/next, feed links, Open Graph article data.
 * The surrounding document, layout and areas come from renderPage like any page.
 */

import { slugPath } from "../../site/slug.js";
import { pageSlug } from "../../site/structure-paths.js";
import { escapeAttr, escapeHtml } from "../content/escape.js";
import type { BuildContext, PageRoute } from "../context.js";
import type { HeadData } from "../head.js";
import { absoluteUrl } from "../paths.js";
import { feedLinks } from "./feeds.js";
import type { StructureRoute } from "./plan-structures.js";
import { postParts } from "./post-parts.js";

type Listing = Extract<StructureRoute, { kind: "listing" }>;
type Post = Extract<StructureRoute, { kind: "post" }>;

const section = (kind: string, inner: string) =>
  `<div class="sw-section sw-structure sw-structure-${kind}"><div class="sw-container">${inner}</div></div>\n`;

function breadcrumbs(build: BuildContext, items: [string, string | null][]): string {
  const label = postParts(build).labels.breadcrumb;
  const lis = items
    .map(([text, href]) =>
      href === null
        ? `<li aria-current="page">${escapeHtml(text)}</li>`
        : `<li><a href="${escapeAttr(href)}">${escapeHtml(text)}</a></li>`,
    )
    .join("");
  return `<nav class="sw-breadcrumbs" aria-label="${escapeAttr(label)}"><ol>${lis}</ol></nav>`;
}

function renderPost(route: Post, build: BuildContext): string {
  const { state, post } = route;
  const parts = postParts(build);
  const s = state.structure;
  const main = post.main_category_id ? state.categories.get(post.main_category_id) : undefined;
  const trail: [string, string | null][] = [[s.title, slugPath(s.url)]];
  if (main) trail.push([main.name, build.structures.categoryUrl(state, main)]);
  trail.push([post.title, null]);
  const category = main
    ? ` <a class="sw-post-category" href="${escapeAttr(build.structures.categoryUrl(state, main))}">${escapeHtml(main.name)}</a>`
    : "";
  const date = parts.time(post);
  const image = parts.image(state, post, "100vw");
  const intro = parts.intro(post);
  const others = post.categories
    .map((id) => state.categories.get(id))
    .filter((c) => c !== undefined)
    .map(
      (c) =>
        `<li><a href="${escapeAttr(build.structures.categoryUrl(state, c))}">${escapeHtml(c.name)}</a></li>`,
    )
    .join("");
  return section(
    "post",
    `${breadcrumbs(build, trail)}<article class="sw-post"><header class="sw-post-header">` +
      `<h1>${escapeHtml(post.title)}</h1>` +
      `${date || category ? `<p class="sw-post-meta">${date}${category}</p>` : ""}</header>` +
      `${image ? `<figure class="sw-post-image">${image}</figure>` : ""}` +
      `${intro ? `<p class="sw-post-intro">${escapeHtml(intro)}</p>` : ""}` +
      `<div class="sw-rich-text">${parts.content(state, post)}</div>` +
      `${others ? `<nav class="sw-post-categories" aria-label="${escapeAttr(parts.labels.categories)}"><ul>${others}</ul></nav>` : ""}` +
      "</article>",
  );
}

// Long listings show the first, the last and two pages either side of the current one.
function pageNumbers(current: number, pages: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - current) <= 2) out.push(n);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

function pagination(route: Listing, build: BuildContext): string {
  if (route.pages <= 1) return "";
  const { labels } = postParts(build);
  const href = (n: number) => escapeAttr(slugPath(pageSlug(route.base, n)));
  let items = "";
  if (route.pageNumber > 1) {
    items += `<li><a rel="prev" href="${href(route.pageNumber - 1)}">${escapeHtml(labels.previous)}</a></li>`;
  }
  for (const n of pageNumbers(route.pageNumber, route.pages)) {
    if (n === null) items += '<li class="sw-pagination-gap">…</li>';
    else if (n === route.pageNumber)
      items += `<li><a href="${href(n)}" aria-current="page" aria-label="${escapeAttr(labels.page(n))}">${n}</a></li>`;
    else
      items += `<li><a href="${href(n)}" aria-label="${escapeAttr(labels.page(n))}">${n}</a></li>`;
  }
  if (route.pageNumber < route.pages) {
    items += `<li><a rel="next" href="${href(route.pageNumber + 1)}">${escapeHtml(labels.next)}</a></li>`;
  }
  return `<nav class="sw-pagination" aria-label="${escapeAttr(labels.pagination)}"><ul>${items}</ul></nav>`;
}

function renderListing(route: Listing, title: string, build: BuildContext): string {
  const { state, category } = route;
  const parts = postParts(build);
  const s = state.structure;
  const description = category ? category.description : s.description;
  let html = "";
  if (category)
    html += breadcrumbs(build, [
      [s.title, slugPath(s.url)],
      [category.name, null],
    ]);
  html += `<header class="sw-listing-header"><h1>${escapeHtml(title)}</h1>`;
  if (description && route.pageNumber === 1) html += `<p>${escapeHtml(description)}</p>`;
  html += "</header>";
  if (s.categories.length > 0) {
    const links = s.categories
      .map((c) => {
        const current = category?.id === c.id ? ' aria-current="page"' : "";
        return `<li><a href="${escapeAttr(build.structures.categoryUrl(state, c))}"${current}>${escapeHtml(c.name)}</a></li>`;
      })
      .join("");
    html += `<nav class="sw-categories" aria-label="${escapeAttr(parts.labels.categories)}"><ul>${links}</ul></nav>`;
  }
  if (route.posts.length === 0) {
    html += `<p class="sw-empty">${escapeHtml(parts.labels.empty)}</p>`;
  } else {
    html += '<div class="sw-cards">';
    for (const post of route.posts) html += parts.card(state, post, 2);
    html += "</div>";
  }
  return section(category ? "category" : "listing", html + pagination(route, build));
}

/** The `<main>` content of a structure route. */
export function renderStructureMain(route: PageRoute, build: BuildContext): string {
  const structure = route.structure;
  if (!structure) return "";
  return structure.kind === "post"
    ? renderPost(structure, build)
    : renderListing(structure, route.page.post_title, build);
}

/** Adds rel=prev/next, the structure's feed links and article metadata to a structure route's head. */
export function decorateStructureHead(head: HeadData, route: PageRoute, build: BuildContext): void {
  const structure = route.structure;
  if (!structure) return;
  const links = feedLinks(structure.state.structure, build.baseUrl);
  if (structure.kind === "listing") {
    const at = (n: number) =>
      absoluteUrl(build.baseUrl, slugPath(pageSlug(structure.base, n))) ??
      slugPath(pageSlug(structure.base, n));
    if (structure.pageNumber > 1) links.push({ rel: "prev", href: at(structure.pageNumber - 1) });
    if (structure.pageNumber < structure.pages)
      links.push({ rel: "next", href: at(structure.pageNumber + 1) });
  } else {
    const og = head.og.find((pair) => pair[0] === "og:type");
    if (og) og[1] = "article";
    const date = build.structures.dateOf(structure.post);
    if (date) head.og.push(["article:published_time", date]);
    if (structure.post.updated_at)
      head.og.push(["article:modified_time", structure.post.updated_at]);
  }
  head.links = [...(head.links ?? []), ...links];
}
