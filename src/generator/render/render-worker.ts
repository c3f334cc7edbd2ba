/**
 * Entry of a render process (see isolated-process.ts): compiles the build's templates and
 * renders the pages it is sent, one at a time, each under the page time budget. It holds only
 * what rendering needs: the site without its pages, prepared image sizes, the template code.
 */
import { createPageFileChecker } from "../../site/check-page-files.js";
import { pageFromChecked } from "../../site/open-streamed.js";
import { readPageAt } from "../../site/stream-pages.js";
import type { Component, Page } from "../../site/types.js";
import { createBuildContext, type RenderSettings } from "../build-context.js";
import { buildConsentHtml } from "../consent.js";
import type { BuildContext, BuildWarning, PageRoute } from "../context.js";
import type { ImageProblem } from "../images/image-error.js";
import { createImageRender, type PreparedImage } from "../images/image-render.js";
import { renderNotFound } from "../not-found-page.js";
import { type DocumentShared, documentShared, renderPage } from "../render-page.js";
import { runWithBudget } from "../sandbox/index.js";
import { indexRoute } from "../site-index.js";
import { indexStructures } from "../structures/index-structures.js";
import { type PlannedStructureRoute, planStructureRoutes } from "../structures/plan-structures.js";
import { createTemplateRegistry, type TemplateRegistry } from "../template-registry.js";
import { flattenError } from "./error-transfer.js";
import { pageExtra } from "./page-extra.js";
import type {
  CheckRequest,
  PageExtra,
  PageResult,
  RenderBatch,
  RenderInit,
  RenderReply,
  RenderTask,
} from "./render-protocol.js";

const send = (reply: RenderReply) => process.send?.(reply);

/** Components of the pages this process checked, held for rendering while they fit (see CheckRequest.keepBytes). */
const kept = new Map<number, Component[]>();

// Findings go back in groups: one message per page would cost the build more than the check.
const CHECKED_GROUP = 64;

/** Checks the page files of a CheckRequest, keeping their pages' components while they fit. */
function onCheck(request: CheckRequest): void {
  let room = request.keepBytes;
  const check = createPageFileChecker(request.frame, (components, index): PageExtra => {
    if (room >= 0) kept.set(index, components);
    return pageExtra(components, index);
  });
  let findings: Extract<RenderReply, { type: "checked" }>["findings"] = [];
  for (const [index, rel] of request.files) {
    const finding = check(request.siteDir, rel, index);
    // All or nothing, as in the build process: past the budget every page is read again.
    room -= finding.bytes;
    if (room < 0) kept.clear();
    findings.push([index, finding]);
    if (findings.length >= CHECKED_GROUP) {
      send({ type: "checked", findings, last: false, kept: false });
      findings = [];
    }
  }
  send({ type: "checked", findings, last: true, kept: room >= 0 });
}

/** A page of the site's `pages/` folder: held since it was checked, or read here rather than sent (its file is checked against the digest from validation). */
function readPage(r: Renderer, task: RenderTask, read: NonNullable<RenderTask["read"]>): Page {
  const components = task.kept ? kept.get(task.index) : undefined;
  if (components) {
    // Rendered once: memory shrinks as the build goes.
    kept.delete(task.index);
    return { ...read.summary, components };
  }
  if (!r.siteDir)
    throw new Error("A page to read was sent to a render process without a site directory.");
  return pageFromChecked(read.summary, readPageAt(r.siteDir, read.location), task.index);
}

interface Renderer {
  build: BuildContext;
  shared: DocumentShared;
  structureRoutes: PlannedStructureRoute[];
  timeoutMs: number;
  siteDir: string | null;
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
    siteDir: init.siteDir,
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

function renderTask(r: Renderer, task: RenderTask): { html: string; page: Page | undefined } {
  const structure = task.structure === undefined ? undefined : r.structureRoutes[task.structure];
  const page = structure?.page ?? task.page ?? (task.read && readPage(r, task, task.read));
  const route: PageRoute | null = page
    ? { file: task.file, url: task.url, page, index: task.index, structure: structure?.structure }
    : null;
  r.at.task = task;
  r.at.where = `page ${task.url}`;
  const html = runWithBudget({ timeoutMs: r.timeoutMs, describe: () => r.at.where }, () =>
    task.notFound
      ? renderNotFound(r.build, r.shared, page ? { page, index: task.index } : null)
      : renderPage(route as PageRoute, r.build, r.shared),
  );
  return { html, page };
}

// Results wait for company at most this long, so the build hears from a busy process often.
const FLUSH_MS = 20;
const FLUSH_COUNT = 16;

/** Renders a batch in order; results go back in groups, and the first failure ends the batch. */
function onBatch(r: Renderer, tasks: RenderTask[]): void {
  let results: PageResult[] = [];
  let flushed = performance.now();
  const flush = () => {
    if (results.length > 0) send({ type: "done", results });
    results = [];
    flushed = performance.now();
  };
  for (const task of tasks) {
    const result = renderOne(r, task);
    if ("error" in result) {
      // Pages before the failed one are answered first: the build matches answers by order.
      flush();
      send(result);
      return;
    }
    results.push(result);
    if (results.length >= FLUSH_COUNT || performance.now() - flushed >= FLUSH_MS) flush();
  }
  flush();
}

function renderOne(
  r: Renderer,
  task: RenderTask,
): PageResult | Extract<RenderReply, { type: "failed" }> {
  r.out.warnings = [];
  r.out.images = [];
  r.out.problems.length = 0;
  try {
    const { html, page } = renderTask(r, task);
    const all = [...r.build.utilities];
    const utilities = all.slice(r.reported);
    r.reported = all.length;
    return {
      id: task.id,
      html: Buffer.from(html),
      // The 404 page is in neither the sitemap nor the search index.
      index: page && !task.notFound ? indexRoute({ url: task.url, page }, html) : null,
      warnings: r.out.warnings,
      utilities,
      images: r.out.images,
      imageProblems: [...r.out.problems],
    };
  } catch (err) {
    const error = flattenError(err);
    error.details = { ...error.details, page: task.url, file: task.file, where: r.at.where };
    return { type: "failed", id: task.id, error };
  } finally {
    r.at.task = null;
  }
}

process.on("message", (message: CheckRequest | RenderInit | RenderBatch) => {
  if (message.type === "check") {
    try {
      onCheck(message);
    } catch (err) {
      send({ type: "check-failed", error: flattenError(err) });
    }
  } else if (message.type === "init") {
    try {
      renderer = setUp(message);
      send({ type: "ready", warnings: renderer.out.warnings.splice(0) });
    } catch (err) {
      send({ type: "init-failed", error: flattenError(err) });
    }
  } else if (renderer) onBatch(renderer, message.tasks);
});
// The build closes the channel when it is done (or gone): nothing is left to do then.
process.on("disconnect", () => process.exit(0));
