import MiniSearch from "minisearch";
import { searchIndexJson } from "./search-index-json.js";
import type { IndexedRoute } from "./site-index.js";

// The name lives with the other reserved names, which validation keeps slugs away from.
export { SEARCH_INDEX_FILE } from "../site/reserved-paths.js";

/** Options the client must pass to `MiniSearch.loadJSON` to read the shipped index. */
export const SEARCH_INDEX_OPTIONS = {
  fields: ["title", "excerpt"],
  storeFields: ["title", "url", "excerpt"],
  idField: "url",
} as const;

/** A search index fed one route at a time, in route order; see buildSearchIndex. */
export interface SearchIndexBuilder {
  add(route: IndexedRoute): void;
  /** The index as shipped (`search-index.json`), as UTF-8 bytes. */
  json(): Buffer;
}

/**
 * A prebuilt MiniSearch index of the published, indexable routes (title, URL, excerpt), so
 * the public search loads it with `MiniSearch.loadJSON(json, SEARCH_INDEX_OPTIONS)` instead
 * of indexing in the browser. Fed as routes are rendered, indexing overlaps with rendering.
 */
export function createSearchIndex(): SearchIndexBuilder {
  const search = new MiniSearch({
    ...SEARCH_INDEX_OPTIONS,
    fields: [...SEARCH_INDEX_OPTIONS.fields],
    storeFields: [...SEARCH_INDEX_OPTIONS.storeFields],
  });
  return {
    add(r) {
      if (r.indexable) search.add({ title: r.title, url: r.url, excerpt: r.excerpt });
    },
    json: () => searchIndexJson(search),
  };
}

/** The search index of `routes` at once (see createSearchIndex). */
export function buildSearchIndex(routes: Iterable<IndexedRoute>): Buffer {
  const search = createSearchIndex();
  for (const r of routes) search.add(r);
  return search.json();
}
