/**
 * renderRoutes (render/render-routes.ts) for a build that carries some routes: only the routes
 * to render go to the render pool, and every route, carried or rendered, is taken in route
 * order, so warnings, the search index and the record come out as a clean build makes them.
 * The task is described exactly as renderRoutes describes it; keep the two in step.
 */
import type { OpenedSite } from "../../site/opened-site.js";
import type { PlannedRoute } from "../plan.js";
import type { PageTask, RenderedPage, RenderPool } from "../render/render-pool.js";

// As renderRoutes: enough pages in flight to keep every process busy, few enough that a
// streamed site's memory stays flat.
const AHEAD = 64;

/** One planned route and whether it is rendered or carried. */
export interface RouteWork {
  route: PlannedRoute;
  render: boolean;
}

/**
 * Renders the routes of `work` marked `render` in `pool` and calls `take` for every route in
 * route order: with the rendered page, or null for a carried route.
 */
export async function renderChanged<W extends RouteWork>(
  work: readonly W[],
  opened: OpenedSite,
  pool: RenderPool,
  take: (item: W, page: RenderedPage | null) => Promise<void>,
): Promise<void> {
  const ahead: Array<{ item: W; result: Promise<RenderedPage> | null }> = [];
  // The render processes plan structure routes themselves and number them in plan order.
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
      const task: PageTask = { file: route.file, url: route.url, index: route.index };
      if (structure !== undefined) task.structure = structure;
      else if (route.components) task.page = { ...route.page, components: route.components };
      else if (opened.locate)
        task.read = { summary: route.page, location: opened.locate(route.index) };
      else task.page = await opened.loadPage(route.index);
      result = pool.render(task);
      // Awaited in order below; a failure before its turn must not count as unhandled.
      result.catch(() => {});
    }
    ahead.push({ item, result });
    if (ahead.length >= AHEAD) await takeNext();
  }
  while (ahead.length > 0) await takeNext();
}
