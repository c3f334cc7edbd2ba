/**
 * Pieces of post markup shared by single pages, listings, `sectionStructure` and feeds:
 * cards, content, dates and images. Each is rendered at most once per build and post (per
 * heading level for cards), since one post shows up on its listing page, its category pages
 * and any number of `sectionStructure` components.
 */
import type { StructurePost } from "../../site/types.js";
import { safeUrl } from "../../text/safe-url.js";
import { escapeAttr, escapeHtml } from "../content/escape.js";
import type { BuildContext } from "../context.js";
import { plainExcerpt } from "../site-index.js";
import type { StructureState } from "./index-structures.js";
import { type StructureLabels, structureLabels } from "./labels.js";

/** Per-build caches and helpers for post markup. */
export interface PostParts {
  labels: StructureLabels;
  /** `<time>` element for a post's date, or "" when it has none. */
  time(post: StructurePost): string;
  /** A listing card with the title at heading level `level` (2 on listings, 3 in sections). */
  card(state: StructureState, post: StructurePost, level: 2 | 3): string;
  /** The post's body: Editor.js rendered, or owner HTML sanitized. */
  content(state: StructureState, post: StructurePost): string;
  /** The featured image (`image`) as responsive markup, or "" when it has none. */
  image(state: StructureState, post: StructurePost, sizes: string): string;
  /** The post's intro as plain text, tags removed. */
  intro(post: StructurePost): string | null;
}

const parts = new WeakMap<BuildContext, PostParts>();

/** The post parts of `build`, created on first use. */
export function postParts(build: BuildContext): PostParts {
  let found = parts.get(build);
  if (!found) {
    found = createPostParts(build);
    parts.set(build, found);
  }
  return found;
}

const postPath = (state: StructureState, post: StructurePost, build: BuildContext) =>
  `structures[${state.index}].posts[${build.structures.positionOf(post)}]`;

function createPostParts(build: BuildContext): PostParts {
  const { website } = build.site;
  const labels = structureLabels(website.language);
  const format = new Intl.DateTimeFormat(website.language, {
    dateStyle: "long",
    timeZone: website.timezone,
  });
  const cards = [new Map<StructurePost, string>(), new Map<StructurePost, string>()];
  const contents = new Map<StructurePost, string>();
  const intros = new Map<StructurePost, string | null>();

  const time = (post: StructurePost): string => {
    const date = build.structures.dateOf(post);
    if (date === null) return "";
    return `<time datetime="${escapeAttr(date)}">${escapeHtml(format.format(new Date(date)))}</time>`;
  };
  const intro = (post: StructurePost): string | null => {
    if (!intros.has(post))
      intros.set(post, post.intro ? plainExcerpt(post.intro, 2000) || null : null);
    return intros.get(post) ?? null;
  };
  const image = (state: StructureState, post: StructurePost, sizes: string): string => {
    const src = post.image ? safeUrl(post.image) : null;
    if (!src) return "";
    const picture = build.images.render(
      src,
      { altAttr: "", sizes },
      `${postPath(state, post, build)}.image`,
    );
    return picture ?? `<img src="${escapeAttr(src)}" alt="" loading="lazy" decoding="async">`;
  };

  return {
    labels,
    time,
    intro,
    image,
    content(state, post) {
      let html = contents.get(post);
      if (html === undefined) {
        const path = `${postPath(state, post, build)}.content`;
        html =
          post.content === null
            ? ""
            : typeof post.content === "string"
              ? build.sanitizeOwnerHtml(post.content)
              : build.renderEditorJs(post.content, path);
        contents.set(post, html);
      }
      return html;
    },
    card(state, post, level) {
      const cache = cards[level - 2] as Map<StructurePost, string>;
      let html = cache.get(post);
      if (html !== undefined) return html;
      const href = escapeAttr(safeUrl(build.structures.href(post)) ?? "#");
      const img = image(state, post, "(min-width: 48rem) 33vw, 100vw");
      const main = post.main_category_id ? state.categories.get(post.main_category_id) : undefined;
      const category = main
        ? ` <a class="sw-card-category" href="${escapeAttr(build.structures.categoryUrl(state, main))}">${escapeHtml(main.name)}</a>`
        : "";
      const date = time(post);
      const meta = date || category ? `<p class="sw-card-meta">${date}${category}</p>` : "";
      const text = intro(post);
      html =
        `<article class="sw-card">${img ? `<div class="sw-card-image">${img}</div>` : ""}` +
        `<h${level} class="sw-card-title"><a href="${href}">${escapeHtml(post.title)}</a></h${level}>` +
        `${meta}${text ? `<p class="sw-card-intro">${escapeHtml(text)}</p>` : ""}</article>\n`;
      cache.set(post, html);
      return html;
    },
  };
}
