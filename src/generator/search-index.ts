import MiniSearch from "minisearch";
import type { IndexedRoute } from "./site-index.js";

// The name lives with the other reserved names, which validation keeps slugs away from.
export { SEARCH_INDEX_FILE } from "../site/reserved-paths.js";

/** Options the client must pass to `MiniSearch.loadJSON` to read the shipped index. */
export const SEARCH_INDEX_OPTIONS = {
  fields: ["title", "excerpt"],
  storeFields: ["title", "url", "excerpt"],
  idField: "url",
} as const;

/**
 * A prebuilt MiniSearch index of the published, indexable routes (title, URL, excerpt), so
 * the public search loads it with `MiniSearch.loadJSON(json, SEARCH_INDEX_OPTIONS)` instead
 * of indexing in the browser.
 */
export function buildSearchIndex(routes: Iterable<IndexedRoute>): string {
  const search = new MiniSearch({
    ...SEARCH_INDEX_OPTIONS,
    fields: [...SEARCH_INDEX_OPTIONS.fields],
    storeFields: [...SEARCH_INDEX_OPTIONS.storeFields],
  });
  const docs: Pick<IndexedRoute, "title" | "url" | "excerpt">[] = [];
  for (const r of routes)
    if (r.indexable) docs.push({ title: r.title, url: r.url, excerpt: r.excerpt });
  search.addAll(docs);
  return JSON.stringify(search);
}
