import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { SEARCH_INDEX_OPTIONS } from "../../src/generator/search-index.js";
import { searchIndexJson } from "../../src/generator/search-index-json.js";

const WORDS = [
  "über",
  "naïve",
  'quote"d',
  "back\\slash",
  "日本語",
  "emoji😀",
  "a",
  "the",
  "tab\there",
];

function index(docs: number): MiniSearch {
  const search = new MiniSearch({
    ...SEARCH_INDEX_OPTIONS,
    fields: [...SEARCH_INDEX_OPTIONS.fields],
    storeFields: [...SEARCH_INDEX_OPTIONS.storeFields],
  });
  for (let i = 0; i < docs; i++) {
    const words = Array.from(
      { length: 40 },
      (_, j) => `${WORDS[(i * 7 + j) % WORDS.length]}${(i * j) % 97}`,
    );
    search.add({
      url: `/p/${i}/`,
      title: `Page ${i} ${WORDS[i % WORDS.length]}`,
      // Some pages without an excerpt, as routes without text have.
      ...(i % 5 === 0 ? {} : { excerpt: words.join(" ") }),
    });
  }
  return search;
}

describe("searchIndexJson", () => {
  it("writes the bytes JSON.stringify writes, across several chunks", () => {
    // ~2.5 MB of JSON: more than one chunk of text.
    const search = index(4000);
    const expected = JSON.stringify(search);
    expect(expected.length).toBeGreaterThan(2 * 2 ** 20);
    expect(searchIndexJson(search).equals(Buffer.from(expected))).toBe(true);
  });

  it("writes an empty index as JSON.stringify does, and it loads", () => {
    const search = index(0);
    const bytes = searchIndexJson(search);
    expect(bytes.toString()).toBe(JSON.stringify(search));
    expect(
      MiniSearch.loadJSON(bytes.toString(), {
        ...SEARCH_INDEX_OPTIONS,
        fields: [...SEARCH_INDEX_OPTIONS.fields],
        storeFields: [...SEARCH_INDEX_OPTIONS.storeFields],
      }).documentCount,
    ).toBe(0);
  });

  it("finds the same pages after a load as the index it was made from", () => {
    const search = index(300);
    const loaded = MiniSearch.loadJSON(searchIndexJson(search).toString(), {
      ...SEARCH_INDEX_OPTIONS,
      fields: [...SEARCH_INDEX_OPTIONS.fields],
      storeFields: [...SEARCH_INDEX_OPTIONS.storeFields],
    });
    for (const query of ["über3", "Page 17", "日本語0"])
      expect(loaded.search(query).map((r) => r.id)).toEqual(search.search(query).map((r) => r.id));
    expect(loaded.search("Page 17")[0]?.url).toBe("/p/17/");
  });
});
