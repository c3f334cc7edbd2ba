/**
 * Validation of a site directory whose pages stream from a `pages/` folder: everything else is
 * parsed first, then each page is checked as its file is read (createPageChecker) and only its
 * summary is kept; the cross-page checks run on the summaries. Same checks, same paths and
 * messages as validateSite on the whole object.
 */
import { SiteValidationError, type ValidationErrors } from "../errors.js";
import { checkForbiddenKeys } from "./check-keys.js";
import { createPageChecker } from "./check-page.js";
import { type Entry, ErrorBag } from "./error-bag.js";
import { throwJsonErrors } from "./input-files.js";
import { normalizeComponents, normalizeFrame, normalizePageSummary } from "./normalize.js";
import type { OpenedSite, OpenSiteOptions } from "./opened-site.js";
import {
  type ParsedPageEntry,
  parseComponents,
  parsePage,
  parseSite,
  rawId,
} from "./parse-site.js";
import type { PageStream } from "./stream-pages.js";
import type { Page, PageSummary, SiteFrame } from "./types.js";
import { checkSiteWide } from "./validate.js";

const DEFAULT_KEEP_BYTES = 64 * 1024 * 1024;

/** Checks `raw` (a directory read without its pages) and the pages of `stream`; pages are read again on demand. */
export async function openStreamed(
  raw: Record<string, unknown>,
  frameJsonErrors: ValidationErrors,
  stream: PageStream,
  options: OpenSiteOptions,
): Promise<OpenedSite> {
  const bag = new ErrorBag();
  checkForbiddenKeys(raw, bag);
  const parsed = parseSite(raw, bag);
  const checkPage = createPageChecker(parsed, bag);
  const summaries: Entry<ParsedPageEntry>[] = [];

  // With a malformed file elsewhere only JSON problems are reported, so pages are only read;
  // with a malformed site shape nothing was parsed, so pages are not checked (as validateSite).
  const checking = Object.keys(frameJsonErrors).length === 0 && parsed.shaped;
  // All or nothing: a site that fits is held from validation to rendering (read once); a
  // larger one drops what it held and streams every page, so its memory stays flat.
  let kept: Page[] = [];
  let room = options.keepBytes ?? DEFAULT_KEEP_BYTES;
  const { jsonErrors } = await stream.scan((item, index, bytes) => {
    if (!checking) return;
    checkForbiddenKeys(item, bag, `pages[${index}]`);
    const id = rawId(item);
    if (id !== null) parsed.rawIds.pages.add(id);
    const entry = parsePage(item, index, bag);
    if (!entry) return;
    checkPage(entry);
    summaries.push({ index, value: { ...entry.value, components: [] } });
    // Once the site is known to be invalid the build will not run: skip the rest of the work.
    if (!bag.empty) return;
    const components = normalizeComponents(entry.value.components);
    const page = { ...normalizePageSummary(entry.value), components };
    options.onPage?.(page, index);
    room -= bytes;
    if (room >= 0) kept[index] = page;
    else if (kept.length > 0) kept = [];
  });
  throwJsonErrors({ ...frameJsonErrors, ...jsonErrors });
  parsed.pages = summaries;
  checkSiteWide(parsed, bag);
  if (!bag.empty) throw new SiteValidationError(bag.errors);

  return streamedSite(normalizeFrame(parsed), kept, stream);
}

// A function of its own so that loadPage's closure holds only these three: closures share
// their scope's variables, and openStreamed's hold the parsed site and every component id.
function streamedSite(site: SiteFrame, kept: Page[], stream: PageStream): OpenedSite {
  return {
    site,
    async loadPage(index) {
      const page = kept[index];
      if (page) {
        // Handed over once: a build renders each page once, and memory shrinks as it goes.
        delete kept[index];
        return page;
      }
      // The file is byte-identical to the one checked above (stream.read verifies its hash).
      return pageFromChecked(site.pages[index] as PageSummary, await stream.read(index), index);
    },
    locate: (index) => stream.locate(index),
  };
}

/** A checked page whose raw data was read again: its summary from validation, its components converted. */
export function pageFromChecked(summary: PageSummary, item: unknown, index: number): Page {
  const components = parseComponents(item, index, new ErrorBag());
  return { ...summary, components: normalizeComponents(components) };
}
