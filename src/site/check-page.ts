/**
 * The checks of one page that need only the rest of the site, not the other pages: its layout,
 * its components' types, references and custom-field values, its sectionStructure components,
 * and component ids across the site. A streamed site directory runs them as each page file is
 * read, so a page's components need not stay in memory; cross-page checks (URLs, page ids) run
 * on summaries. The page's own checks (createPageOwnCheck) need nothing of other pages and may
 * run in another process; component ids (createComponentIdCheck) look across pages.
 */
import { checkComponentFields, templatesById } from "./check-custom-fields.js";
import { type ComponentIdCheck, componentIdCheck } from "./check-duplicates.js";
import { checkPageReferences } from "./check-references.js";
import { checkSectionStructure, structuresByKey } from "./check-structures.js";
import type { Entry, ErrorBag } from "./error-bag.js";
import type { ParsedPageEntry, ParsedSite } from "./parse-site.js";

/** Checks pages one at a time against a parsed site frame; see createPageChecker. */
export type PageCheck = (entry: Entry<ParsedPageEntry>) => void;

/** A page's checks that need only the site frame: references, sectionStructure, custom fields. */
export type PageOwnCheck = (entry: Entry<ParsedPageEntry>, bag: ErrorBag) => void;

/** The own checks of pages of `site` (whose areas and structures are parsed). */
export function createPageOwnCheck(site: ParsedSite): PageOwnCheck {
  const templates = templatesById(site);
  const structures = structuresByKey(site);
  return (entry, bag) => {
    checkPageReferences(site, bag, entry);
    const listPath = `pages[${entry.index}].components`;
    for (const component of entry.value.components) {
      checkSectionStructure(bag, structures, listPath, component);
      checkComponentFields(templates, bag, listPath, component);
    }
  };
}

/**
 * Checks the areas' components and returns the check of component ids across pages, which
 * must then see every page's components in page order. Areas first: a page component that
 * reuses an area's id is the one reported.
 */
export function createComponentIdCheck(site: ParsedSite, bag: ErrorBag): ComponentIdCheck {
  const componentIds = componentIdCheck(bag);
  const templates = templatesById(site);
  for (const [area, entries] of Object.entries(site.areas)) {
    componentIds(`areas.${area}`, entries);
    for (const entry of entries) checkComponentFields(templates, bag, `areas.${area}`, entry);
  }
  return (listPath, entries) => {
    if (entries.length > 0) componentIds(listPath, entries);
  };
}

/** A page checker for `site` (whose areas and structures are parsed) that reports into `bag`. */
export function createPageChecker(site: ParsedSite, bag: ErrorBag): PageCheck {
  const componentIds = createComponentIdCheck(site, bag);
  const own = createPageOwnCheck(site);
  return (entry) => {
    own(entry, bag);
    componentIds(`pages[${entry.index}].components`, entry.value.components);
  };
}
