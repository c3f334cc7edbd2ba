/**
 * The one entry point from raw data to a `Site`: schema, then semantic checks, then
 * normalization. Every problem is collected before anything is thrown.
 */
import { SiteValidationError, type ValidationErrors } from "../errors.js";
import { checkTemplateFieldDefaults } from "./check-custom-fields.js";
import { checkDuplicates } from "./check-duplicates.js";
import { checkForbiddenKeys } from "./check-keys.js";
import { createPageChecker } from "./check-page.js";
import { checkReferences } from "./check-references.js";
import { checkRoutes } from "./check-routes.js";
import { checkStructures } from "./check-structures.js";
import { ErrorBag } from "./error-bag.js";
import { normalizeSite } from "./normalize.js";
import { type ParsedSite, parseSite } from "./parse-site.js";
import type { Site } from "./types.js";

/** Every problem in `raw` by path (empty when valid), without throwing. */
export function collectSiteErrors(raw: unknown): ValidationErrors {
  return runChecks(raw).bag.errors;
}

function runChecks(raw: unknown) {
  const bag = new ErrorBag();
  checkForbiddenKeys(raw, bag);
  const parsed = parseSite(raw, bag);
  const checkPage = createPageChecker(parsed, bag);
  for (const entry of parsed.pages) checkPage(entry);
  checkSiteWide(parsed, bag);
  return { bag, parsed };
}

/**
 * The checks that look across pages or at everything but pages (ids, references, structures,
 * URLs); each page's own checks are createPageChecker's. Pages may be summaries here.
 */
export function checkSiteWide(parsed: ParsedSite, bag: ErrorBag): void {
  checkDuplicates(parsed, bag);
  checkReferences(parsed, bag);
  checkTemplateFieldDefaults(parsed, bag);
  checkStructures(parsed, bag);
  checkRoutes(parsed, bag);
}

/**
 * Validates raw site data (a bundle object as a backend exports it) and returns the normalized
 * Site; throws SiteValidationError (E_SITE_INVALID) listing every problem by path.
 */
export function validateSite(raw: unknown): Site {
  const { bag, parsed } = runChecks(raw);
  if (!bag.empty) throw new SiteValidationError(bag.errors);
  return normalizeSite(parsed);
}
