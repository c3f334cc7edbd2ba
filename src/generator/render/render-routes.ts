/** Feeds the planned routes to the render pool in order and takes the pages back in order. */
import type { OpenedSite } from "../../site/opened-site.js";
import type { PlannedRoute } from "../plan.js";
import type { PageTask, RenderedPage, RenderPool } from "./render-pool.js";

// Pages loaded and sent ahead of the one being written: enough to keep every process busy,
// few enough that a streamed site's memory stays flat.
const AHEAD = 64;

/** One planned route, and whether it is rendered (or carried from the previous build). */
export interface RouteWork {
  route: PlannedRoute;
  render: boolean;
}

/**
 * Renders the routes of `work` marked `render` in `pool` and calls `take` for every route in
 * route order, with its rendered page or null for a carried one, so output, warnings and the
 * search index come out as a one-process build would make them.
 */
export async function renderRoutes<W extends RouteWork>(
  work: readonly W[],
  opened: OpenedSite,
  pool: RenderPool,
  take: (item: W, page: RenderedPage | null) => Promise<void>,
): Promise<void> {
  const ahead: Array<{ item: W; result: Promise<RenderedPage> | null }> = [];
  // The render processes plan structure routes themselves and number them in plan order, so
  // carried structure routes count too.
  let structureRoutes = 0;
  const takeNext = async () => {
    const next = ahead.shift();
    if (next) await take(next.item, next.result && (await next.result));
  };
  for (const item of work) {
    const { route } = item;
    const structure = route.structure ? structureRoutes++ : undefined;
    let result: Promise<RenderedPage> | null = null;
    if (item.render) {
      result = pool.render(await taskOf(route, structure, opened));
      // Awaited in order below; a failure before its turn must not count as unhandled.
      result.catch(() => {});
    }
    ahead.push({ item, result });
    if (ahead.length >= AHEAD) await takeNext();
  }
  while (ahead.length > 0) await takeNext();
}

/**
 * How a route travels to a render process. Structure routes are planned the same way there;
 * pages of a `pages/` folder are read (or held) there (sending them would cost the build more
 * than reading them costs the render process); other pages travel with the task.
 */
async function taskOf(
  route: PlannedRoute,
  structure: number | undefined,
  opened: OpenedSite,
): Promise<PageTask> {
  const task: PageTask = { file: route.file, url: route.url, index: route.index };
  if (structure !== undefined) task.structure = structure;
  // A preview page (planEntities) is made here, whole.
  else if (route.components) task.page = { ...route.page, components: route.components };
  else if (opened.locate) task.read = { summary: route.page, location: opened.locate(route.index) };
  else task.page = await opened.loadPage(route.index);
  return task;
}
