/**
 * `openSite` and `loadSite`: the front door of the input stage. They accept a site directory,
 * a bundle file or an already-parsed object and return the validated, normalized site.
 */
import { SiteValidationError } from "../errors.js";
import {
  readBundle,
  type SourceLookup,
  statOrThrow,
  throwJsonErrors,
  withSources,
} from "./input-files.js";
import { readSiteDirectoryWithSources } from "./load-directory.js";
import { openStreamed } from "./open-streamed.js";
import { openPageStream, type PageLocation } from "./stream-pages.js";
import type { Page, Site, SiteFrame } from "./types.js";
import { validateSite } from "./validate.js";

/** A validated site whose pages' components are read when asked for. */
export interface OpenedSite {
  site: SiteFrame;
  /**
   * Page `index` of `site.pages` with its components. A streamed directory hands a page kept
   * from validation over once (see keepBytes) and otherwise reads its file again.
   */
  loadPage(index: number): Promise<Page>;
  /**
   * For a `pages/` folder: where page `index` is on disk, so that another process can read it
   * itself (readPageAt, then pageFromChecked). Absent for bundles and objects.
   */
  locate?(index: number): PageLocation;
}

/** Options of openSite. */
export interface OpenSiteOptions {
  /** Called once per page, in order, while its components are in memory; only while no problem was found. */
  onPage?: (page: Page, index: number) => void;
  /**
   * A `pages/` folder whose JSON fits in this many bytes stays in memory from validation to
   * rendering, so it is read and converted once; a larger one is streamed: every page is read
   * again by loadPage and memory does not grow with the page count. Default 64 MiB (about
   * 13,000 pages of 5 KB; held pages cost about 3x their JSON in heap).
   */
  keepBytes?: number;
}

/**
 * Opens a site for a build: validates all of it, but keeps only page summaries in memory when
 * the pages are files of a `pages/` folder (each is read again by `loadPage`). Throws as loadSite.
 */
export async function openSite(
  input: string | object,
  options: OpenSiteOptions = {},
): Promise<OpenedSite> {
  if (typeof input !== "string") return inMemory(validateSite(input), options);
  const info = await statOrThrow(input);
  if (!info.isDirectory()) return inMemory(validateSite(await readBundle(input)), options);
  const { raw, sources, pageFiles, jsonErrors } = await readSiteDirectoryWithSources(input, {
    streamPages: true,
  });
  let lookup: SourceLookup = (entity) => sources.get(entity);
  try {
    if (pageFiles === null) {
      throwJsonErrors(jsonErrors);
      return inMemory(validateSite(raw), options);
    }
    const stream = openPageStream(input, pageFiles);
    lookup = (entity) =>
      entity.startsWith("pages[")
        ? stream.fileOf(Number(entity.slice(6, -1)))
        : sources.get(entity);
    return await openStreamed(raw, jsonErrors, stream, options);
  } catch (err) {
    // JSON problems are keyed by file already.
    if (err instanceof SiteValidationError && err.code !== "E_SITE_JSON")
      throw withSources(err, lookup);
    throw err;
  }
}

function inMemory(site: Site, options: OpenSiteOptions): OpenedSite {
  site.pages.forEach((page, index) => {
    options.onPage?.(page, index);
  });
  return {
    site: { ...site, pages: site.pages.map(({ components: _, ...summary }) => summary) },
    loadPage: async (index) => site.pages[index] as Page,
  };
}

/**
 * Loads a site from a directory of JSON files, a bundle `.json` file or a parsed object,
 * validates and normalizes it. Throws SitewrightError `E_SITE_NOT_FOUND` for a missing path
 * and SiteValidationError (`E_SITE_JSON` or `E_SITE_INVALID`) listing every problem.
 */
export async function loadSite(input: string | object): Promise<Site> {
  const pages: Page[] = [];
  const opened = await openSite(input, {
    onPage: (page, index) => {
      pages[index] = page;
    },
  });
  return { ...opened.site, pages };
}
