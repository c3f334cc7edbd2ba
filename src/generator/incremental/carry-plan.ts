/**
 * Deciding, route by route, whether the previous build's file can be carried: it can when every
 * input the route depended on then hashes the same now. Otherwise the route is rendered, with
 * one reason per changed input.
 */
import type { PlannedRoute } from "../plan.js";
import type { StructureRoute } from "../structures/plan-structures.js";
import type { ComponentRefs } from "./component-refs.js";
import { hashValue } from "./hash.js";
import type { InputTable } from "./input-table.js";
import { type RebuildReason, reasonForKey } from "./reasons.js";
import type { RouteRecord } from "./record.js";
import type { PreviousBuild } from "./record-io.js";
import type { RouteWork } from "./render-changed.js";
import { type DepsContext, type RouteDeps, routeDeps } from "./route-deps.js";

/** A route of this build: what it depends on, and whether the previous build's file is carried. */
export interface RoutePlan extends RouteWork {
  /** What makes the route the route it is (its URL, whose page it shows), or a hash of that. */
  identity: string;
  deps: RouteDeps;
  /** A site page's content hash and refs, for the record. */
  page: { hash: string; refs: ComponentRefs } | null;
  /** The previous build's record of the route, when its file is carried. */
  carried: RouteRecord | null;
  /** Why it is rendered; empty when carried. */
  reasons: RebuildReason[];
}

/** How one route is identified and what its own content is. */
export interface RouteInput {
  route: PlannedRoute;
  /** The components' refs of the page it shows (its own page, a generated one, the 404 page). */
  refs: ComponentRefs;
  /** A site page's content hash; null for generated pages. */
  pageHash: string | null;
  /** The 404 page: its identity covers the page it shows (`pageHash` of the chosen page). */
  notFound?: boolean;
}

/**
 * Plans every route: carried when its identity, its page and every input it depended on hash
 * as they did (its dependencies are then the recorded ones: they follow from those inputs),
 * otherwise rendered, with its dependencies worked out again.
 */
export function planCarry(
  inputs: readonly RouteInput[],
  table: InputTable,
  ctx: DepsContext,
  previous: PreviousBuild | null,
): RoutePlan[] {
  const before = new Map(previous?.record.routes.map((r) => [r.file, r]));
  return inputs.map(({ route, refs, pageHash, notFound }) => {
    const identity = routeIdentity(route, pageHash, notFound);
    const own = notFound ? null : pageHash;
    const page = own === null ? null : { hash: own, refs };
    const prior = before.get(route.file);
    const reasons = previous ? changes(route, identity, own, prior, previous, table) : NO_RECORD;
    if (reasons.length === 0 && prior && previous) {
      const { keys, utilities } = previous.record;
      const deps: RouteDeps = {
        keys: prior.deps.map((at) => keys[at] as string),
        utilities: prior.utilities.map((at) => utilities[at] as string),
        dynamic: false,
      };
      return { route, identity, deps, page, carried: prior, reasons, render: false };
    }
    const deps = routeDeps({ page: route.page, structure: route.structure }, refs, ctx);
    return { route, identity, deps, page, carried: null, reasons, render: true };
  });
}

const NO_RECORD: RebuildReason[] = [{ kind: "no-record" }];

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
  const { record } = previous;
  const reasons: RebuildReason[] = [];
  if (before.route !== identity) reasons.push({ kind: "route-changed" });
  if ((before.page?.hash ?? null) !== pageHash) reasons.push({ kind: "page-changed" });
  for (const at of before.deps) {
    const key = record.keys[at] as string;
    if (record.inputs[key] !== table.hash(key)) reasons.push(reasonForKey(key, table.site));
  }
  if (reasons.length > 0) return reasons.sort(byWeight);
  if (before.warnings.length > 0 && before.index !== route.index)
    return [{ kind: "position-changed" }];
  return [];
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
