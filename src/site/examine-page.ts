/**
 * One raw page checked on its own, into a finding that travels: the page's problems, its
 * summary and component ids are what the cross-page checks need, so the same finding serves a
 * page checked where it was read and one checked in another process (see PageFileFinding).
 */
import type { ValidationErrors } from "../errors.js";
import { checkForbiddenKeys } from "./check-keys.js";
import type { PageOwnCheck } from "./check-page.js";
import { type Entry, ErrorBag } from "./error-bag.js";
import { normalizeComponents } from "./normalize.js";
import { type ParsedPageEntry, parsePage, rawId } from "./parse-site.js";
import type { Component } from "./types.js";

/** What checking one raw page on its own found. */
export interface PageFinding {
  /** The page's raw id, for references to it; null when it has none usable. */
  rawId: string | null;
  /** Its parsed fields, components left out; null when the fields failed the schema. */
  summary: ParsedPageEntry | null;
  /**
   * Its components' ids in input order, for the check of ids across pages: plain strings, as
   * a build holds every page's finding until the last one is in (30,000 pages' ids as entry
   * objects took 38 MB of the build process's heap). See componentIdEntries.
   */
  componentIds: string[];
  /** The input positions of componentIds, when they are not 0, 1, 2, ... (a component failed to parse). */
  componentAt?: number[];
  /** Its own problems by full path (`pages[3].components[1].type`); empty when none. */
  errors: ValidationErrors;
}

/** A finding's component ids as the check of ids across pages takes them, by input position. */
export function componentIdEntries(finding: PageFinding): Entry<{ id: string }>[] {
  const at = finding.componentAt;
  return finding.componentIds.map((id, i) => ({ index: at?.[i] ?? i, value: { id } }));
}

/** A page's finding, and its components converted when it has no problem of its own. */
export function examinePage(
  item: unknown,
  index: number,
  own: PageOwnCheck,
): { finding: PageFinding; components: Component[] | null } {
  const bag = new ErrorBag();
  checkForbiddenKeys(item, bag, `pages[${index}]`);
  const entry = parsePage(item, index, bag);
  if (entry) own(entry, bag);
  const components = entry?.value.components ?? [];
  const finding: PageFinding = {
    rawId: rawId(item),
    summary: entry ? { ...entry.value, components: [] } : null,
    componentIds: components.map((c) => c.value.id),
    errors: bag.errors,
  };
  if (components.some((c, i) => c.index !== i))
    finding.componentAt = components.map((c) => c.index);
  return { finding, components: entry && bag.empty ? normalizeComponents(components) : null };
}
