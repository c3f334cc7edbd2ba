/**
 * Uniqueness checks: ids within each collection and within each component list, form field
 * names within a form and custom field names within a template. Later stages index by these.
 */
import type { Entry, ErrorBag } from "./error-bag.js";
import { ID_COLLECTIONS, type ParsedSite } from "./parse-site.js";

/** Reports every entry whose key an earlier entry of the list already uses, naming both. */
export function checkUnique<T>(
  bag: ErrorBag,
  entries: readonly Entry<T>[],
  keyOf: (value: T) => string,
  listPath: string,
  field: string,
  what: string,
): void {
  const seen = new Map<string, number>();
  for (const { index, value } of entries) {
    const key = keyOf(value);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
    } else {
      bag.add(
        `${listPath}[${index}].${field}`,
        `Duplicate ${what} "${key}": ${listPath}[${first}] already uses it.`,
      );
    }
  }
}

function indexed<T>(values: readonly T[]): Entry<T>[] {
  return values.map((value, index) => ({ index, value }));
}

/** Reports a component list's ids that an earlier list (or entry) of the site already used. */
export type ComponentIdCheck = (
  listPath: string,
  entries: readonly Entry<{ id: string }>[],
) => void;

/**
 * Component ids are unique across all pages and areas, as in the builder's database: the
 * generator derives element ids (`c-<id>`) from them, and areas share a page with its own.
 * Lists are visited one at a time so a streamed site can check each page as it is read.
 */
export function componentIdCheck(bag: ErrorBag): ComponentIdCheck {
  // Only a number per component (its list and position): a large site has hundreds of
  // thousands, and paths are spelled out only for duplicates.
  const lists: string[] = [];
  const seen = new Map<string, number>();
  // Room for 16 million components in a list and 500 million lists within 2^53.
  const SLOTS = 2 ** 24;
  return (listPath, entries) => {
    const list = lists.push(listPath) - 1;
    for (const { index, value } of entries) {
      const first = seen.get(value.id);
      if (first === undefined) {
        seen.set(value.id, list * SLOTS + index);
      } else {
        const where = `${lists[Math.floor(first / SLOTS)]}[${first % SLOTS}]`;
        bag.add(
          `${listPath}[${index}].id`,
          `Duplicate component id "${value.id}": ${where} already uses it.`,
        );
      }
    }
  };
}

/** Checks that ids and names are unique where later stages look things up by them (component ids: see componentIdCheck). */
export function checkDuplicates(site: ParsedSite, bag: ErrorBag): void {
  for (const name of ID_COLLECTIONS) {
    const entries: readonly Entry<{ id: string }>[] = site[name];
    checkUnique(bag, entries, (v) => v.id, name, "id", "id");
  }
  for (const { index, value: form } of site.forms) {
    checkUnique(
      bag,
      indexed(form.fields),
      (f) => f.name,
      `forms[${index}].fields`,
      "name",
      "field name",
    );
  }
  for (const { index, value: template } of site.templates) {
    const path = `templates[${index}].custom_fields`;
    checkUnique(bag, indexed(template.custom_fields), (f) => f.name, path, "name", "custom field");
  }
}
