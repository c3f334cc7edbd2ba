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
import type { OpenedSite, OpenSiteOptions } from "./opened-site.js";
import { openPageStream } from "./stream-pages.js";
import type { Page, Site } from "./types.js";
import { validateSite } from "./validate.js";

/**
 * Opens a site for a build: validates all of it, but keeps only page summaries in memory when
 * the pages are files of a `pages/` folder (each is read again by `loadPage`). Throws as loadSite.
 */
export async function openSite<X = never>(
  input: string | object,
  options: OpenSiteOptions<X> = {},
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

function inMemory<X>(site: Site, options: OpenSiteOptions<X>): OpenedSite {
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
