/** Shared pieces of the site-operation tests: the demo site once, frozen, and error capture. */
import { expect } from "vitest";
import { SiteValidationError } from "../../src/errors.js";
import { loadSite } from "../../src/site/load.js";
import type { Site } from "../../src/site/types.js";

/** The demo fixture's directory. */
export const DEMO = "fixtures/sites/demo";

let cached: Site | undefined;

/** The demo site, deep-frozen: an operation that edits its input throws a TypeError. */
export async function demo(): Promise<Site> {
  cached ??= deepFreeze(await loadSite(DEMO));
  return cached;
}

/** Freezes an object graph so any write to it throws (ESM code is strict mode). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Runs `fn`, expects a SiteValidationError and returns its `errors`. */
export function errorsOf(fn: () => unknown): Record<string, string[]> {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SiteValidationError);
    return (err as SiteValidationError).errors;
  }
  throw new Error("expected a SiteValidationError");
}

/** Awaits `fn()`, expects a SiteValidationError and returns its `errors`. */
export async function asyncErrorsOf(fn: () => Promise<unknown>): Promise<Record<string, string[]>> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SiteValidationError);
    return (err as SiteValidationError).errors;
  }
  throw new Error("expected a SiteValidationError");
}

/** The component with `id` anywhere in the site. */
export function findComponent(site: Site, id: string) {
  for (const list of [...site.pages.map((p) => p.components), ...Object.values(site.areas)]) {
    const found = list.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/** The site without components' `position` (their input index, which any re-validation renumbers). */
export function withoutPositions(site: Site): Site {
  const strip = (list: Site["pages"][number]["components"]) =>
    list.map(({ position: _, ...c }) => c);
  return {
    ...site,
    pages: site.pages.map((p) => ({ ...p, components: strip(p.components) })),
    areas: {
      header: strip(site.areas.header),
      footer: strip(site.areas.footer),
      secured: strip(site.areas.secured),
    },
  };
}
