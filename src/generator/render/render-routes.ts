/** Feeds the planned routes to the render pool in order and takes the pages back in order. */
import type { OpenedSite } from "../../site/opened-site.js";
import type { PlannedRoute } from "../plan.js";
import type { PageTask, RenderedPage, RenderPool } from "./render-pool.js";

// Pages loaded and sent ahead of the one being written: enough to keep every process busy,
// few enough that a streamed site's memory stays flat.
const AHEAD = 64;

/**
 * Renders every route in `pool` and calls `take` for each in route order, so output, warnings
 * and the search index come out as a one-process build would make them.
 */
export async function renderRoutes(
  routes: readonly PlannedRoute[],
  opened: OpenedSite,
  pool: RenderPool,
  take: (route: PlannedRoute, page: RenderedPage) => Promise<void>,
): Promise<void> {
  const ahead: Array<{ route: PlannedRoute; result: Promise<RenderedPage> }> = [];
  let structureRoutes = 0;
  const takeNext = async () => {
    const next = ahead.shift();
    if (next) await take(next.route, await next.result);
  };
  for (const route of routes) {
    const task: PageTask = { file: route.file, url: route.url, index: route.index };
    // Structure routes are planned the same way in the render process; pages of a `pages/`
    // folder are read (or held) there (sending them would cost the build more than reading them costs
    // the render process); other pages travel with the task.
    if (route.structure) task.structure = structureRoutes++;
    // A preview page (planEntities) is made here, whole.
    else if (route.components) task.page = { ...route.page, components: route.components };
    else if (opened.locate)
      task.read = { summary: route.page, location: opened.locate(route.index) };
    else task.page = await opened.loadPage(route.index);
    const result = pool.render(task);
    // Awaited in order below; a failure before its turn must not count as unhandled.
    result.catch(() => {});
    ahead.push({ route, result });
    if (ahead.length >= AHEAD) await takeNext();
  }
  while (ahead.length > 0) await takeNext();
}
