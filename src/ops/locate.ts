/**
 * Finding things in a site by the request's ids, and minting fresh ids. Shared by every
 * operation so "not found" reads the same everywhere.
 */
import type { AreaName, Component, Page, Site } from "../site/types.js";
import type { ComponentHost } from "./changes.js";
import { fail } from "./request.js";

/** The areas components can be added to directly (seed 004 `type` besides `page`). */
export const AREA_NAMES: readonly AreaName[] = ["header", "footer", "secured"];

/** A component and where it sits in a site (its host's list and index in it). */
export interface ComponentLocation {
  component: Component;
  host: ComponentHost;
  list: Component[];
  index: number;
  /** The site path of the host's list, for mapping validation errors (`pages[2].components`). */
  path: string;
}

/** Every component list of a site with its host and path. */
export function componentLists(
  site: Site,
): { host: ComponentHost; list: Component[]; path: string }[] {
  return [
    ...site.pages.map((page, i) => ({
      host: { kind: "page", id: page.id } as ComponentHost,
      list: page.components,
      path: `pages[${i}].components`,
    })),
    ...AREA_NAMES.map((area) => ({
      host: { kind: "area", id: area } as ComponentHost,
      list: site.areas[area],
      path: `areas.${area}`,
    })),
  ];
}

/** The component with `id`, or null. */
export function locateComponent(site: Site, id: string): ComponentLocation | null {
  for (const { host, list, path } of componentLists(site)) {
    const index = list.findIndex((c) => c.id === id);
    if (index >= 0) return { component: list[index] as Component, host, list, index, path };
  }
  return null;
}

/** The component with `id`, or a request error at `field`. */
export function requireComponent(site: Site, id: string, field = "id"): ComponentLocation {
  return (
    locateComponent(site, id) ?? fail(field, `No component with id "${id}" exists in this site.`)
  );
}

/** The page with `id` and its index, or a request error at `field`. */
export function requirePage(site: Site, id: string, field = "id"): { page: Page; index: number } {
  const index = site.pages.findIndex((p) => p.id === id);
  if (index < 0) fail(field, `No page with id "${id}" exists in this site.`);
  return { page: site.pages[index] as Page, index };
}

/** A fresh id: one more than the largest numeric id taken (ids are integers in the API). */
export function freshId(taken: Iterable<string>): string {
  const used = new Set(taken);
  let max = 0;
  for (const id of used) if (/^\d+$/.test(id)) max = Math.max(max, Number(id));
  let next = max + 1;
  while (used.has(String(next))) next += 1;
  return String(next);
}

/** Ids of every component of a site (they are unique site-wide). */
export function componentIds(site: Site): string[] {
  return componentLists(site).flatMap(({ list }) => list.map((c) => c.id));
}

/** Mints fresh ids of one kind, remembering those handed out in the same operation. */
export class IdMinter {
  private readonly used: Set<string>;
  private max = 0;
  constructor(taken: Iterable<string>) {
    this.used = new Set(taken);
    for (const id of this.used) if (/^\d+$/.test(id)) this.max = Math.max(this.max, Number(id));
  }
  /** `preferred` when it is free (kept, so a round trip keeps ids), else the next free id. */
  claim(preferred: string): string {
    if (this.used.has(preferred)) return this.next();
    this.used.add(preferred);
    if (/^\d+$/.test(preferred)) this.max = Math.max(this.max, Number(preferred));
    return preferred;
  }

  /** The next free id. */
  next(): string {
    do this.max += 1;
    while (this.used.has(String(this.max)));
    const id = String(this.max);
    this.used.add(id);
    return id;
  }
}
