/**
 * The route stage of a build: every planned route is rendered (its HTML written) or carried
 * (its file linked from the previous build), in route order, and either way what it gives the
 * site-wide files (warnings, utility classes, images to encode, its search and sitemap entry)
 * joins the build's findings and the new record.
 */
import type { OpenedSite } from "../../site/opened-site.js";
import type { NotFoundPage } from "../not-found-page.js";
import type { PlannedRoute } from "../plan.js";
import type { RenderedPage, RenderPool } from "../render/render-pool.js";
import { renderRoutes } from "../render/render-routes.js";
import type { IndexedRoute } from "../site-index.js";
import type { OutputWriter } from "../write.js";
import type { RoutePlan } from "./carry-plan.js";
import type { IncrementalBuild } from "./incremental-build.js";
import { renderedOutcome } from "./record-builder.js";

/** What the route stage adds its findings to. */
export interface RouteStageSinks {
  warn: (message: string, path: string) => void;
  utilities: Set<string>;
  images: {
    used(rels: readonly string[], problems: RenderedPage["imageProblems"]): void;
  };
  onProgress?: (done: number, total: number) => void;
  /** Hears each route's search/sitemap entry as it joins, in route order. */
  onIndexed?: (entry: IndexedRoute) => void;
}

/** What the route stage works on. */
export interface RouteStageInput {
  routes: readonly PlannedRoute[];
  /** One per route, in the same order. */
  work: readonly RoutePlan[];
  /** The 404 page's plan and page; null for entities rendered alone, which have none. */
  notFound: { plan: RoutePlan; page: NotFoundPage | null } | null;
  opened: OpenedSite;
  pool: RenderPool;
  writer: OutputWriter;
  inc: IncrementalBuild;
}

/** Renders or carries every route and the 404 page; returns the search/sitemap entries and the 404 HTML (null when carried or absent). */
export async function renderOrCarry(
  { routes, work, notFound, opened, pool, writer, inc }: RouteStageInput,
  sinks: RouteStageSinks,
): Promise<{ indexed: IndexedRoute[]; notFoundHtml: Buffer | null }> {
  // What a render process found besides the HTML joins the build's own findings.
  const absorb = (page: RenderedPage) => {
    for (const w of page.warnings) sinks.warn(w.message, w.path);
    for (const u of page.utilities) sinks.utilities.add(u);
    sinks.images.used(page.images, page.imageProblems);
    // A copy with a buffer of its own, which moves to the writer thread without another copy;
    // the view shares its buffer with every page of its message, and a clone would copy that.
    const html = new Uint8Array(page.html);
    return Buffer.from(html.buffer, 0, html.byteLength);
  };
  // A carried route's findings, as the build that rendered it recorded them.
  const replay = (plan: RoutePlan) => {
    const outcome = inc.outcomeOf(plan);
    for (const w of outcome.warnings) sinks.warn(w.message, w.path);
    for (const u of outcome.utilities) sinks.utilities.add(u);
    sinks.images.used(outcome.images, []);
    return outcome;
  };
  const indexed: IndexedRoute[] = [];
  const addIndexed = (entry: IndexedRoute | null) => {
    if (!entry) return;
    indexed.push(entry);
    sinks.onIndexed?.(entry);
  };
  let done = 0;
  const take = async (plan: RoutePlan, page: RenderedPage | null) => {
    const { route } = plan;
    if (page) {
      const html = absorb(page);
      // The URL comes from the build's own plan, never from a render process.
      const entry = page.index && { ...page.index, url: route.url };
      addIndexed(entry);
      inc.record.route(plan, renderedOutcome(page, entry, plan));
      await writer.write(route.file, html);
    } else {
      const outcome = replay(plan);
      addIndexed(outcome.indexed);
      inc.record.route(plan, outcome);
      await inc.carry(writer, route.file);
    }
    sinks.onProgress?.(++done, routes.length);
  };
  await renderRoutes(work, opened, pool, take);

  let notFoundHtml: Buffer | null = null;
  if (notFound?.plan.render) {
    const page = await pool.render({
      file: "404.html",
      url: "/404.html",
      index: notFound.page?.index ?? -1,
      page: notFound.page?.page,
      notFound: true,
    });
    notFoundHtml = absorb(page);
    inc.record.route(notFound.plan, renderedOutcome(page, null, notFound.plan));
  } else if (notFound) {
    inc.record.route(notFound.plan, replay(notFound.plan));
    await inc.carry(writer, "404.html");
  }
  return { indexed, notFoundHtml };
}
