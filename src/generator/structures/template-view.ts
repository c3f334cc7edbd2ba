/**
 * What owner templates see of structures: `structures.<type>` (built when first read, then
 * shared by every page of the build) and, on a post's page, `post`. Views are frozen plain
 * data; a post's rendered content is only offered on its own page.
 */
import nunjucks from "nunjucks";
import { slugPath } from "../../site/slug.js";
import type { StructurePost } from "../../site/types.js";
import type { BuildContext, PageRoute } from "../context.js";
import { feedFiles } from "./feeds.js";
import type { StructureState } from "./index-structures.js";
import { postParts } from "./post-parts.js";

type View = Readonly<Record<string, unknown>>;

interface Views {
  posts: Map<StructurePost, View>;
  structures: View;
}

const cache = new WeakMap<BuildContext, Views>();

function categoryView(state: StructureState, id: string, build: BuildContext): View | null {
  const c = state.categories.get(id);
  if (!c) return null;
  return Object.freeze({
    id: c.id,
    name: c.name,
    slug: c.slug,
    description: c.description,
    url: build.structures.categoryUrl(state, c),
  });
}

function postView(
  state: StructureState,
  post: StructurePost,
  build: BuildContext,
  views: Views,
): View {
  let view = views.posts.get(post);
  if (!view) {
    view = Object.freeze({
      id: post.id,
      title: post.title,
      url: build.structures.href(post),
      external: post.disable_single_page,
      intro: postParts(build).intro(post),
      image: post.image,
      date: build.structures.dateOf(post),
      updated_at: post.updated_at,
      sort_number: post.sort_number,
      main_category: post.main_category_id
        ? categoryView(state, post.main_category_id, build)
        : null,
      categories: Object.freeze(
        post.categories.map((id) => categoryView(state, id, build)).filter((c) => c !== null),
      ),
    });
    views.posts.set(post, view);
  }
  return view;
}

function structureView(state: StructureState, build: BuildContext, views: Views): View {
  const s = state.structure;
  const files = feedFiles(s);
  return Object.freeze({
    id: s.id,
    type: s.type,
    title: s.title,
    description: s.description,
    url: slugPath(s.url),
    feeds: build.baseUrl ? Object.freeze({ rss: `/${files.rss}`, atom: `/${files.atom}` }) : null,
    categories: Object.freeze(s.categories.map((c) => categoryView(state, c.id, build))),
    // Listed posts in the structure's order: what its listing page shows.
    posts: Object.freeze(state.listed.map((p) => postView(state, p, build, views))),
  });
}

function views(build: BuildContext): Views {
  let found = cache.get(build);
  if (found) return found;
  const structures: Record<string, unknown> = {};
  found = { posts: new Map(), structures };
  const made = found;
  for (const state of build.structures.states) {
    let view: View | undefined;
    Object.defineProperty(structures, state.structure.type, {
      enumerable: true,
      get: () => {
        view ??= structureView(state, build, made);
        return view;
      },
    });
  }
  Object.freeze(structures);
  cache.set(build, found);
  return found;
}

/** Template variables about structures for one page: `structures` and, on a post's page, `post`. */
export function structureVariables(route: PageRoute, build: BuildContext): Record<string, unknown> {
  const all = views(build);
  const structure = route.structure;
  if (structure?.kind !== "post") return { structures: all.structures, post: null };
  const base = postView(structure.state, structure.post, build, all);
  return {
    structures: all.structures,
    post: {
      ...base,
      content: new nunjucks.runtime.SafeString(
        postParts(build).content(structure.state, structure.post),
      ),
    },
  };
}
