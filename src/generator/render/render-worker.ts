/**
 * Entry of a render process (see isolated-process.ts): compiles the build's templates and
 * renders the pages it is sent, one at a time, each under the page time budget. It holds only
 * what rendering needs: the site without its pages, prepared image sizes, the template code.
 */
import type { Page } from "../../site/types.js";
import { createBuildContext, type RenderSettings } from "../build-context.js";
import { buildConsentHtml } from "../consent.js";
import type { BuildContext, BuildWarning } from "../context.js";
import type { ImageProblem } from "../images/image-error.js";
import { createImageRender, type PreparedImage } from "../images/image-render.js";
import { renderNotFound } from "../not-found-page.js";
import type { PageRoute } from "../plan.js";
import { type DocumentShared, documentShared, renderPage } from "../render-page.js";
import { runWithBudget } from "../sandbox/index.js";
import { indexStructures } from "../structures/index-structures.js";
import { type PlannedStructureRoute, planStructureRoutes } from "../structures/plan-structures.js";
import { createTemplateRegistry, type TemplateRegistry } from "../template-registry.js";
import { flattenError } from "./error-transfer.js";
import type { RenderInit, RenderReply, RenderTask } from "./render-protocol.js";

const send = (reply: RenderReply) => process.send?.(reply);

interface Renderer {
  build: BuildContext;
  shared: DocumentShared;
  structureRoutes: PlannedStructureRoute[];
  timeoutMs: number;
  /** Per-task state the build context's callbacks fill in. */
  out: { warnings: BuildWarning[]; images: string[]; problems: ImageProblem[] };
  /** Where rendering is now, for budget errors: set before each owner template renders. */
  at: { task: RenderTask | null; where: string };
  reported: number;
}

let renderer: Renderer | undefined;

function setUp(init: RenderInit): Renderer {
  const out: Renderer["out"] = { warnings: [], images: [], problems: [] };
  const at: Renderer["at"] = { task: null, where: "" };
  const warn = (message: string, path: string) => out.warnings.push({ message, path });
  const table = new Map<string, PreparedImage>(init.images);
  const render = createImageRender(
    (rel) => table.get(rel),
    warn,
    (rel) => out.images.push(rel),
    out.problems,
  );
  const structures = indexStructures(init.site, new Date(init.now));
  const build = createBuildContext(
    init.site,
    init.settings as RenderSettings,
    warn,
    { render },
    structures,
    locate(createTemplateRegistry(init.sources), init, at),
  );
  return {
    build,
    shared: documentShared(build, buildConsentHtml(init.site.website.customization)),
    structureRoutes: planStructureRoutes(structures),
    timeoutMs: init.timeoutMs,
    out,
    at,
    reported: 0,
  };
}

/** Records which template renders where, and reports it first when the task is traced. */
function locate(
  registry: TemplateRegistry,
  init: RenderInit,
  at: Renderer["at"],
): TemplateRegistry {
  const labels = new Map(init.sources.map((s) => [s.name, `${s.label} (${s.path})`]));
  return {
    has: (name) => registry.has(name),
    render(name, context, where) {
      const previous = at.where;
      at.where = `page ${where}, ${labels.get(name) ?? name}`;
      if (at.task?.trace) send({ type: "at", id: at.task.id, where: at.where });
      const html = registry.render(name, context, where);
      at.where = previous;
      return html;
    },
  };
}

function renderTask(r: Renderer, task: RenderTask): string {
  const structure = task.structure === undefined ? undefined : r.structureRoutes[task.structure];
  const page = (structure?.page ?? task.page) as Page | undefined;
  const route: PageRoute | null = page
    ? { file: task.file, url: task.url, page, index: task.index, structure: structure?.structure }
    : null;
  r.at.task = task;
  r.at.where = `page ${task.url}`;
  return runWithBudget({ timeoutMs: r.timeoutMs, describe: () => r.at.where }, () =>
    task.notFound
      ? renderNotFound(r.build, r.shared, page ? { page, index: task.index } : null)
      : renderPage(route as PageRoute, r.build, r.shared),
  );
}

function onTask(task: RenderTask): void {
  const r = renderer;
  if (!r) return;
  r.out.warnings = [];
  r.out.images = [];
  r.out.problems.length = 0;
  try {
    const html = renderTask(r, task);
    const all = [...r.build.utilities];
    send({
      type: "done",
      id: task.id,
      html,
      warnings: r.out.warnings,
      utilities: all.slice(r.reported),
      images: r.out.images,
      imageProblems: [...r.out.problems],
    });
    r.reported = all.length;
  } catch (err) {
    const error = flattenError(err);
    error.details = { ...error.details, page: task.url, file: task.file, where: r.at.where };
    send({ type: "failed", id: task.id, error });
  } finally {
    r.at.task = null;
  }
}

process.on("message", (message: RenderInit | RenderTask) => {
  if (message.type === "init") {
    try {
      renderer = setUp(message);
      send({ type: "ready", warnings: renderer.out.warnings.splice(0) });
    } catch (err) {
      send({ type: "init-failed", error: flattenError(err) });
    }
  } else onTask(message);
});
// The build closes the channel when it is done (or gone): nothing is left to do then.
process.on("disconnect", () => process.exit(0));
