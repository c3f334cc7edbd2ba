/**
 * The inputs one route's bytes can depend on, as keys of the InputTable, and the utility
 * classes it uses. Static and conservative: everything its page, layout and areas name, every
 * template they reach (through includes, imports and extends), the menus, forms, blocks and
 * structures those name, the images in all that data, and the settings.
 */
import type { AreaName, PageSummary, SiteFrame } from "../../site/types.js";
import type { StructureRoute } from "../structures/plan-structures.js";
import type { ComponentRefs } from "./component-refs.js";
import { type InputTable, NONE } from "./input-table.js";
import { mergeReach, NO_REACH, type TemplateReach } from "./template-reach.js";

/** What a route depends on and what it contributes to the stylesheet. */
export interface RouteDeps {
  /** Input keys, sorted. */
  keys: string[];
  /** Utility classes its page uses, sorted. */
  utilities: string[];
  /** Names a template whose dependencies are unknown: rebuilt every time. */
  dynamic: boolean;
}

/** What every route of a build shares when its dependencies are worked out. */
export interface DepsContext {
  site: SiteFrame;
  table: InputTable;
  /** The refs of an area's components (computed once per build). */
  areaRefs(area: AreaName): ComponentRefs;
}

/** A route as far as its dependencies go (its own identity and page are compared apart). */
export interface DepsRoute {
  page: PageSummary;
  structure?: StructureRoute;
}

const TEMPLATE = "template:";

/** The dependencies of `route`, whose page components have refs `own`. */
export function routeDeps(route: DepsRoute, own: ComponentRefs, ctx: DepsContext): RouteDeps {
  const { site, table } = ctx;
  const keys = new Set<string>(["settings"]);
  const lists = [own, ctx.areaRefs("header"), ctx.areaRefs("footer")];
  keys.add("area:header").add("area:footer");
  if (route.page.secured) {
    lists.push(ctx.areaRefs("secured"));
    keys.add("area:secured");
  }
  const reach: TemplateReach = { ...NO_REACH, includes: [], menus: [], structures: [] };
  const pending: string[] = [];
  const layoutId = route.page.layout_id ?? site.website.default_layout_id;
  if (layoutId !== null) {
    keys.add(`layout:${layoutId}`);
    const layout = site.layouts.find((l) => l.id === layoutId);
    for (const id of [
      ...(layout?.header_template_ids ?? []),
      ...(layout?.footer_template_ids ?? []),
    ])
      pending.push(TEMPLATE + id);
  }
  for (const refs of lists) {
    for (const id of refs.templates) pending.push(TEMPLATE + id);
    mergeReach(reach, refs.reach);
    pending.push(...refs.reach.includes);
  }
  // Templates reached, through includes of includes.
  const seen = new Set<string>();
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    if (name.startsWith(TEMPLATE)) {
      const id = name.slice(TEMPLATE.length);
      keys.add(name);
      const found = table.reachOf(id);
      if (found) {
        mergeReach(reach, found);
        pending.push(...found.includes);
      }
      // Built-in templates change only with sitewright, which the record is tied to.
    } else if (!name.startsWith("builtin:")) reach.unknown = true;
  }

  const structures = new Set(reach.structures);
  if (route.structure) structures.add(route.structure.state.structure.id);
  const blocks = new Set<string>();
  const images = new Set<string>();
  for (const refs of lists) {
    for (const id of refs.menus) keys.add(`menu:${id}`);
    for (const id of refs.forms) keys.add(`form:${id}`);
    for (const id of refs.blocks) blocks.add(id);
    for (const key of refs.structures) structures.add(key);
    for (const rel of refs.images) images.add(rel);
  }
  for (const id of reach.menus) keys.add(`menu:${id}`);
  if (reach.allMenus) keys.add("menus");
  if (reach.allStructures) keys.add("structures");
  if (reach.picture) keys.add("images");
  for (const id of blocks) {
    keys.add(`block:${id}`);
    for (const rel of table.imagesOf("block", id)) images.add(rel);
  }
  for (const key of structures) {
    keys.add(`structure:${key}`);
    for (const rel of table.imagesOf("structure", key)) images.add(rel);
  }
  for (const rel of images) keys.add(`image:${rel}`);

  return {
    keys: [...keys].sort(),
    utilities: utilitiesOf(lists, table),
    dynamic: reach.unknown,
  };
}

/** The classes of every component whose renderer wraps it in a section on this build. */
function utilitiesOf(lists: ComponentRefs[], table: InputTable): string[] {
  const classes = new Set<string>();
  for (const refs of lists) {
    for (const [condition, list] of Object.entries(refs.utilities)) {
      if (condition !== "always" && table.hash(condition) === NONE) continue;
      for (const cls of list) classes.add(cls);
    }
  }
  return [...classes].sort();
}
