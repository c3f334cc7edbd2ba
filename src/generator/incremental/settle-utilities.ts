/**
 * The stylesheet's utility classes when some carried routes know only part of theirs. A route
 * rendered while its page's refs were not known (see page-states.ts: rare since the page-file
 * checks derive them) records the classes its render process reported, which are only those
 * new to that process: together the build's routes report every class the build uses, but
 * one route's share may miss classes an earlier page reported. When a later build no longer
 * renders the route that reported a class, carried routes that may use it without having
 * reported it are read, until each such class is found or every one of them was looked at.
 */

import type { RoutePlan } from "./carry-plan.js";
import type { ComponentRefs } from "./component-refs.js";
import type { RouteOutcome } from "./record-builder.js";
import type { RouteDeps } from "./route-deps.js";

/**
 * Adds to `utilities` (what the routes of this build gave) the classes of the previous build
 * (`before`) that carried routes with partial sets (`partials`) still use, reading them with
 * `read`; each route read is then recorded with its page's refs and its own dependencies.
 */
export async function settleUtilities(
  utilities: Set<string>,
  before: readonly string[],
  partials: ReadonlyArray<readonly [RoutePlan, RouteOutcome]>,
  read: (plan: RoutePlan) => Promise<{ refs: ComponentRefs; deps: RouteDeps }>,
): Promise<void> {
  const open = new Set(before.filter((u) => !utilities.has(u)));
  for (const [plan, outcome] of partials) {
    if (open.size === 0) return;
    const { refs, deps } = await read(plan);
    // Carried: every input it depends on is as it was, so these are its dependencies then too.
    if (plan.page) plan.page.refs = refs;
    plan.deps = deps;
    outcome.utilities = deps.utilities;
    outcome.partial = false;
    for (const u of deps.utilities) {
      utilities.add(u);
      open.delete(u);
    }
  }
}
