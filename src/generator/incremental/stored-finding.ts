/**
 * Page-file check findings as the record keeps them: a page's summary as its values (the key
 * lists stored once per record), its component ids as a list, and an empty extra left out.
 * A 10,000-page record holds 4 MB of them instead of 9, and every build reads and writes it.
 */
import type { PageFileFinding } from "../../site/check-page-files.js";
import type { PageExtra } from "../render/render-protocol.js";

/** A problem-free finding of a file holding one page, stored compactly. */
export interface StoredFinding {
  digest: string;
  bytes: number;
  rawId: string | null;
  /** Index of the summary's key list in the record's `summaryKeys`. */
  keys: number;
  values: unknown[];
  /** Component ids by input position. */
  ids: string[];
  /** Without its refs: the record keeps those by page hash (BuildRecord.refs). */
  extra?: Omit<PageExtra, "refs">;
}

/** Stores findings against one shared list of summary key lists. */
export interface FindingStore {
  /** The stored form of `finding`, or null when it is not a problem-free one-page finding. */
  store(finding: PageFileFinding<PageExtra>): StoredFinding | null;
  /** The key lists `store` used. */
  keys(): string[][];
}

/** Creates an empty finding store. */
export function createFindingStore(): FindingStore {
  const lists: string[][] = [];
  const at = new Map<string, number>();
  return {
    store(f) {
      const page = f.finding;
      if (f.pages !== 1 || f.jsonError !== undefined || !page?.summary) return null;
      if (Object.keys(page.errors).length > 0) return null;
      if (page.componentAt) return null;
      // Keys whose value is undefined are left out, as JSON leaves them out of an object.
      const keys = Object.keys(page.summary).filter(
        (k) => (page.summary as Record<string, unknown>)[k] !== undefined,
      );
      const name = keys.join("\n");
      let index = at.get(name);
      if (index === undefined) {
        index = lists.push(keys) - 1;
        at.set(name, index);
      }
      const stored: StoredFinding = {
        digest: f.digest,
        bytes: f.bytes,
        rawId: page.rawId,
        keys: index,
        values: keys.map((k) => (page.summary as Record<string, unknown>)[k]),
        ids: page.componentIds,
      };
      const extra = f.extra;
      if (extra && (extra.images.length > 0 || extra.code.length > 0))
        stored.extra = { images: extra.images, code: extra.code };
      return stored;
    },
    keys: () => lists,
  };
}

/** The finding a stored one was made from. */
export function loadFinding(
  stored: StoredFinding,
  keyLists: readonly string[][],
): PageFileFinding<PageExtra> {
  const keys = keyLists[stored.keys] ?? [];
  const summary = Object.fromEntries(keys.map((k, i) => [k, stored.values[i]]));
  return {
    digest: stored.digest,
    bytes: stored.bytes,
    pages: 1,
    finding: {
      rawId: stored.rawId,
      summary: summary as NonNullable<NonNullable<PageFileFinding["finding"]>["summary"]>,
      componentIds: stored.ids,
      errors: {},
    },
    extra: stored.extra ?? { images: [], code: [] },
  };
}
