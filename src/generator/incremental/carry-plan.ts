/**
 * Deciding, route by route, whether the previous build's file can be carried: it can when every
 * input the route depended on then hashes the same now. Otherwise the route is rendered, with
 * one reason per changed input.
 */
import type { PlannedRoute } from "../plan.js";
import type { RouteWork } from "../render/render-routes.js";
import type { StructureRoute } from "../structures/plan-structures.js";
import type { ComponentRefs } from "./component-refs.js";
import { hashValue } from "./hash.js";
import { type InputTable, NONE } from "./input-table.js";
import { type RebuildReason, reasonForKey } from "./reasons.js";
import type { RouteRecord } from "./record.js";
import type { PreviousBuild } from "./record-io.js";
import { type DepsContext, type RouteDeps, routeDeps } from "./route-deps.js";

/** A route of this build: what it depends on, and whether the previous build's file is carried. */
export interface RoutePlan extends RouteWork {
  /** What makes the route the route it is (its URL, whose page it shows), or a hash of that. */
  identity: string;
  /** What it depends on; `site` alone (everything but the pages) while its page's refs are not known. */
  deps: RouteDeps;
  /** A site page's content hash and refs (null while not known), for the record. */
  page: { hash: string; refs: ComponentRefs | null } | null;
  /** The previous build's record of the route, when its file is carried. */
  carried: RouteRecord | null;
  /** Why it is rendered; empty when carried. */
  reasons: RebuildReason[];
}

/** How one route is identified and what its own content is. */
export interface RouteInput {
  route: PlannedRoute;
  /** The components' refs of the page it shows; null for a site page whose refs are not known yet. */
  refs: ComponentRefs | null;
  /** A site page's content hash; null for generated pages. */
  pageHash: string | null;
  /** The 404 page: its identity covers the page it shows (`pageHash` of the chosen page). */
  notFound?: boolean;
}

/** The dependencies of a route whose page's refs are not known: every input but the pages. */
const UNKNOWN_DEPS: RouteDeps = Object.freeze({
  keys: ["site"],
  utilities: [],
  dynamic: false,
}) as RouteDeps;

/**
 * Plans every route: carried when its identity, its page and every input it depended on hash
 * as they did (its dependencies are then the recorded ones: they follow from those inputs),
 * otherwise rendered, with its dependencies worked out again. A route recorded without its
 * page's refs depended on `site`: when that changed, its page is read (`read`) and its own
 * inputs compared one by one with the previous build's.
 */
export async function planCarry(
  inputs: readonly RouteInput[],
  table: InputTable,
  ctx: DepsContext,
  previous: PreviousBuild | null,
  read: (route: PlannedRoute) => Promise<ComponentRefs>,
): Promise<RoutePlan[]> {
  const before = new Map(previous?.record.routes.map((r) => [r.file, r]));
  const depsOf = (route: PlannedRoute, refs: ComponentRefs | null) =>
    refs ? plannedRouteDeps(route, refs, ctx) : UNKNOWN_DEPS;
  const plans: RoutePlan[] = [];
  for (const { route, refs, pageHash, notFound } of inputs) {
    const identity = routeIdentity(route, pageHash, notFound);
    const own = notFound ? null : pageHash;
    const page = own === null ? null : { hash: own, refs };
    const prior = before.get(route.file);
    let reasons = previous ? changes(route, identity, own, prior, previous, table) : NO_RECORD;
    if (reasons === SITE_CHANGED && page && previous) {
      // Its own inputs, compared one by one now that its page's refs are read.
      page.refs = await read(route);
      const deps = depsOf(route, page.refs);
      reasons = compare(deps.keys, previous, table);
      if (reasons.length === 0) reasons = moved(route, prior as RouteRecord);
      const carried = reasons.length === 0 ? (prior as RouteRecord) : null;
      plans.push({ route, identity, deps, page, carried, reasons, render: carried === null });
    } else if (reasons.length === 0 && prior && previous) {
      const { keys, utilities } = previous.record;
      const deps: RouteDeps = {
        keys: prior.deps.map((at) => keys[at] as string),
        utilities: prior.utilities.map((at) => utilities[at] as string),
        dynamic: false,
      };
      plans.push({ route, identity, deps, page, carried: prior, reasons, render: false });
    } else {
      const deps = depsOf(route, refs);
      plans.push({ route, identity, deps, page, carried: null, reasons, render: true });
    }
  }
  return plans;
}

/** The dependencies of a planned route whose page's refs are known. */
export function plannedRouteDeps(
  route: PlannedRoute,
  refs: ComponentRefs,
  ctx: DepsContext,
): RouteDeps {
  return routeDeps({ page: route.page, structure: route.structure }, refs, ctx);
}

const NO_RECORD: RebuildReason[] = [{ kind: "no-record" }];
/** Only `site` changed, for a route recorded without its page's refs: compare its own inputs. */
const SITE_CHANGED: RebuildReason[] = [];

function changes(
  route: PlannedRoute,
  identity: string,
  pageHash: string | null,
  before: RouteRecord | undefined,
  previous: PreviousBuild,
  table: InputTable,
): RebuildReason[] {
  if (!before) return [{ kind: "new-route" }];
  if (before.dynamic) return [{ kind: "dynamic" }];
  if (!previous.manifest.files[route.file]) return [{ kind: "output-missing" }];
  const reasons: RebuildReason[] = [];
  if (before.route !== identity) reasons.push({ kind: "route-changed" });
  if ((before.page?.hash ?? null) !== pageHash) reasons.push({ kind: "page-changed" });
  if (reasons.length > 0) return reasons;
  const keys = before.deps.map((at) => previous.record.keys[at] as string);
  if (keys.length === 1 && keys[0] === "site")
    return previous.record.inputs.site === table.hash("site") ? moved(route, before) : SITE_CHANGED;
  const changed = compare(keys, previous, table);
  return changed.length > 0 ? changed : moved(route, before);
}

/** One reason per key whose input hashes otherwise than in the previous build. */
function compare(keys: readonly string[], previous: PreviousBuild, table: InputTable) {
  const reasons: RebuildReason[] = [];
  for (const key of keys)
    if ((previous.record.inputs[key] ?? NONE) !== table.hash(key))
      reasons.push(reasonForKey(key, table.site));
  return reasons.sort(byWeight);
}

/** A route whose warnings name its position is rendered again when that position moved. */
function moved(route: PlannedRoute, before: RouteRecord): RebuildReason[] {
  return before.warnings.length > 0 && before.index !== route.index
    ? [{ kind: "position-changed" }]
    : [];
}

// The route and its page first, then what surrounds it, then what it shows.
const WEIGHT = [
  "route-changed",
  "page-changed",
  "settings-changed",
  "layout-changed",
  "area-changed",
  "template-changed",
  "menu-changed",
  "menus-changed",
  "form-changed",
  "block-changed",
  "structure-changed",
  "structures-changed",
  "image-changed",
  "images-changed",
];
const byWeight = (a: RebuildReason, b: RebuildReason) =>
  WEIGHT.indexOf(a.kind) - WEIGHT.indexOf(b.kind);

/** What makes a route the route it is: its URL and whose page it shows (content aside). */
function routeIdentity(route: PlannedRoute, pageHash: string | null, notFound?: boolean): string {
  if (notFound) return hashValue({ url: route.url, page: pageHash });
  if (route.structure)
    return hashValue({
      url: route.url,
      page: { ...route.page, components: route.components },
      shows: describe(route.structure),
    });
  // A site page's route is its URL and id, kept as text: hashing 10,000 of them costs ~30 ms.
  return `${route.page.id} ${route.url}`;
}

function describe(s: StructureRoute): unknown {
  if (s.kind === "post") return { kind: s.kind, structure: s.state.structure.id, post: s.post.id };
  return {
    kind: s.kind,
    structure: s.state.structure.id,
    category: s.category?.id ?? null,
    pageNumber: s.pageNumber,
    pages: s.pages,
    base: s.base,
    posts: s.posts.map((p) => p.id),
  };
}
