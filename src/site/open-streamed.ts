/**
 * Validation of a site directory whose pages stream from a `pages/` folder: everything else is
 * parsed first, then each page is checked on its own (examinePage), here as its file is read or
 * in other processes (OpenSiteOptions.checkPages), and only its summary is kept; the cross-page
 * checks run on the summaries. Same checks, same paths and messages as validateSite on the
 * whole object; the order differs when a page's schema problem follows another page's own
 * problems (here each page's problems come together, in page order).
 */
import { SiteValidationError, type ValidationErrors } from "../errors.js";
import { checkForbiddenKeys } from "./check-keys.js";
import { createComponentIdCheck, createPageOwnCheck } from "./check-page.js";
import type { PageFileFinding } from "./check-page-files.js";
import { type Entry, ErrorBag } from "./error-bag.js";
import { componentIdEntries, examinePage, type PageFinding } from "./examine-page.js";
import { throwJsonErrors } from "./input-files.js";
import { normalizeComponents, normalizeFrame, normalizePageSummary } from "./normalize.js";
import type { OpenedSite, OpenSiteOptions } from "./opened-site.js";
import { type ParsedPageEntry, parseComponents, parseSite } from "./parse-site.js";
import type { PageStream } from "./stream-pages.js";
import type { Page, PageSummary, SiteFrame } from "./types.js";
import { checkSiteWide } from "./validate.js";

const DEFAULT_KEEP_BYTES = 64 * 1024 * 1024;

/** Checks `raw` (a directory read without its pages) and the pages of `stream`; pages are read again on demand. */
export async function openStreamed<X>(
  raw: Record<string, unknown>,
  frameJsonErrors: ValidationErrors,
  stream: PageStream,
  options: OpenSiteOptions<X>,
): Promise<OpenedSite> {
  const bag = new ErrorBag();
  checkForbiddenKeys(raw, bag);
  const parsed = parseSite(raw, bag);
  const summaries: Entry<ParsedPageEntry>[] = [];
  // With a malformed file elsewhere only JSON problems are reported, so pages are only read;
  // with a malformed site shape nothing was parsed, so pages are not checked (as validateSite).
  const checking = Object.keys(frameJsonErrors).length === 0 && parsed.shaped;
  const componentIds = createComponentIdCheck(parsed, bag);
  const absorb = (finding: PageFinding, index: number) => {
    for (const [path, messages] of Object.entries(finding.errors))
      for (const message of messages) bag.add(path, message);
    if (finding.rawId !== null) parsed.rawIds.pages.add(finding.rawId);
    if (!finding.summary) return;
    componentIds(`pages[${index}].components`, componentIdEntries(finding));
    summaries.push({ index, value: finding.summary });
  };

  let kept: Page[] = [];
  const findings = checking ? await options.checkPages?.(raw, stream.files) : undefined;
  if (findings?.every((f) => f.pages === 1 || f.jsonError !== undefined)) {
    throwJsonErrors(jsonErrorsOf(findings, stream.files));
    stream.adopt(findings.map((f) => f.digest));
    findings.forEach((file, index) => {
      absorb(file.finding as PageFinding, index);
      // Once the site is known to be invalid the build will not run: skip the rest of the work.
      if (bag.empty && file.extra !== undefined) options.onChecked?.(file.extra, index);
    });
  } else {
    // Here, file by file: all or nothing, a site that fits is held from validation to
    // rendering (read once); a larger one drops what it held and streams every page, so its
    // memory stays flat.
    const own = createPageOwnCheck(parsed);
    let room = options.keepBytes ?? DEFAULT_KEEP_BYTES;
    const { jsonErrors } = await stream.scan((item, index, bytes) => {
      if (!checking) return;
      const { finding, components } = examinePage(item, index, own);
      absorb(finding, index);
      if (!bag.empty || !finding.summary || !components) return;
      const page = { ...normalizePageSummary(finding.summary), components };
      options.onPage?.(page, index);
      room -= bytes;
      if (room >= 0) kept[index] = page;
      else if (kept.length > 0) kept = [];
    });
    throwJsonErrors({ ...frameJsonErrors, ...jsonErrors });
  }
  parsed.pages = summaries;
  checkSiteWide(parsed, bag);
  if (!bag.empty) throw new SiteValidationError(bag.errors);

  return streamedSite(normalizeFrame(parsed), kept, stream);
}

function jsonErrorsOf(
  findings: readonly PageFileFinding<unknown>[],
  files: readonly string[],
): ValidationErrors {
  const errors: ValidationErrors = {};
  findings.forEach((f, file) => {
    if (f.jsonError !== undefined) errors[files[file] as string] = [f.jsonError];
  });
  return errors;
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
