import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { Manifest } from "../contracts/manifest.js";
import { SitewrightError } from "../errors.js";
import { openSite } from "../site/load.js";
import type { OpenedSite } from "../site/opened-site.js";
import { copySiteAssets } from "./assets.js";
import {
  createBuildContext,
  ownCodeSources,
  resolveBuildBaseUrl,
  templateSources,
} from "./build-context.js";
import type { BuildWarning } from "./context.js";
import { capHeapGrowth } from "./heap-growth.js";
import { resolveImageDirs } from "./images/image-dirs.js";
import { createImageRegistry, type ImageCounts } from "./images/image-registry.js";
import {
  componentImageReferences,
  findImageReferences,
  type ImageReference,
} from "./images/scan.js";
import type { RoutePlan } from "./incremental/carry-plan.js";
import { buildPool, type DeferredPool } from "./incremental/deferred-pool.js";
import { type IncrementalSummary, openIncremental } from "./incremental/incremental-build.js";
import { renderOrCarry } from "./incremental/route-stage.js";
import { openUnchangedWriter } from "./incremental/unchanged-writer.js";
import type { NotFoundPage } from "./not-found-page.js";
import { type PlannedRoute, planBuild } from "./plan.js";
import { type EntityRef, type EntityRoute, planEntities } from "./preview-routes.js";
import {
  defaultWorkers,
  initialHeapFor,
  type PagesFolder,
  type RenderPoolOptions,
  readPagesFolder,
} from "./render/render-pool.js";
import type { PageExtra } from "./render/render-protocol.js";
import { createSearchIndex } from "./search-index.js";
import { writeSiteFiles } from "./site-files.js";
import { writeFeeds } from "./structures/feeds.js";
import { indexStructures } from "./structures/index-structures.js";
import { buildStylesheet } from "./stylesheet.js";
import {
  checkTemplateSources,
  type TemplateRegistry,
  type TemplateSource,
} from "./template-registry.js";
import { openOutputWriter } from "./write.js";

/** Options of `buildSite`. */
export interface BuildOptions {
  /** Where the site is written; replaced atomically when the build succeeds. */
  outDir: string;
  /** Absolute base URL (`https://example.com/`) for canonical and Open Graph URLs; overrides the site's. */
  baseUrl?: string;
  /** The build's clock, for scheduled posts (built once `scheduled_at` has passed) and reproducible previews; default now. */
  now?: Date;
  /** Unknown Editor.js blocks become errors instead of warnings. */
  strict?: boolean;
  /** Called for each warning as it happens. */
  onWarning?: (warning: BuildWarning) => void;
  /** Called after each page is written. */
  onProgress?: (done: number, total: number) => void;
  /** The site's files (copied to `assets/`); default `<site dir>/assets` for a directory input, none for a bundle. */
  assetsDir?: string;
  /** Encoded image variants kept between builds; default `<site dir>/.sitewright-cache/images`, or `<tmp>/sitewright-cache/images` for a bundle. */
  cacheDir?: string;
  /** Render processes (owner code runs only in them); default the core count, at most 4, and at most one per 200 files of a `pages/` folder (defaultWorkers). */
  workers?: number;
  /** Time budget of one page in milliseconds; a page over it fails the build with E_RENDER_TIMEOUT. Default 10,000. */
  renderTimeoutMs?: number;
  /** Heap limit of each render process in MiB; a page that needs more fails with E_RENDER_LIMIT. Default 512. */
  renderHeapMb?: number;
  /**
   * Renders only these entities (see planEntities: a page as built, a template alone, a layout
   * around placeholder content) with the stylesheet and assets they need; no sitemap, feeds,
   * search index, redirects or 404 page. `BuildResult.entities` says where each went.
   */
  only?: readonly EntityRef[];
  /**
   * Re-render only what changed since the build in `outDir`, whose record (see
   * incremental/record.ts) lies beside it, and carry every other file over. Default: on when
   * that record exists and describes that build; `false` forces a clean build (which still
   * leaves a record for the next one). Ignored with `only`.
   */
  incremental?: boolean;
  /**
   * Carry from the build in this folder (its record beside it) instead of the one in
   * `outDir`: an incremental build into a new folder, the previous one left as it is.
   */
  previousDir?: string;
}

/** What a build produced. */
export interface BuildResult {
  outDir: string;
  pages: number;
  /** Drafts and other unpublished pages left out. */
  skipped: number;
  files: number;
  bytes: number;
  durationMs: number;
  timings: { loadMs: number; renderMs: number; writeMs: number };
  /** Sitemap files written (0 without a base URL; more than 1 means a sitemap index). */
  sitemaps: number;
  /** Redirects written as `_redirects`, nginx map and HTML pages. */
  redirects: number;
  /** Size of the prebuilt search index. */
  searchIndexBytes: number;
  /** Responsive images: sources rendered, variant files encoded now and reused from the cache. */
  images: ImageCounts;
  /** RSS and Atom files written (two per structure; 0 without a base URL). */
  feeds: number;
  /** When the earliest scheduled post goes live (ISO), so a scheduler knows when to rebuild; null when none. */
  nextScheduledAt: string | null;
  warnings: BuildWarning[];
  manifest: Manifest;
  /** With `only`: where each entity was written, in the order asked. */
  entities?: EntityRoute[];
  /** What was rendered again and why, and what was carried from the previous build. */
  incremental: IncrementalSummary;
}

/**
 * Renders a site (a directory, a bundle file, or an object in the site format) into `outDir`.
 * Nothing is written to `outDir` unless the whole build succeeds.
 */
export async function buildSite(
  input: string | object,
  options: BuildOptions,
): Promise<BuildResult> {
  const started = performance.now();
  const siteDir = siteDirectory(input);
  const folder = siteDir ? readPagesFolder(join(siteDir, "pages")) : null;
  const limits = renderLimits(options, siteDir, folder);
  // The render processes start now, so that their start-up overlaps with loading the site
  // (later, when needed, for a build that may carry everything: see buildPool).
  const pool = buildPool(limits, options);
  // A site too large to hold, whose render processes hold no pages (see renderLimits).
  const large = limits.holdPages === false;
  const releaseHeap = large ? capHeapGrowth() : undefined;
  try {
    return await buildWith(
      pool,
      { timeoutMs: limits.timeoutMs, siteDir, large },
      input,
      options,
      started,
    );
  } finally {
    releaseHeap?.();
    await pool.close();
  }
}

async function buildWith(
  pool: DeferredPool,
  { timeoutMs, siteDir, large }: { timeoutMs: number; siteDir: string | null; large: boolean },
  input: string | object,
  options: BuildOptions,
  started: number,
): Promise<BuildResult> {
  const inc = await openIncremental({
    outDir: options.outDir,
    incremental: options.incremental,
    previousDir: options.previousDir,
    only: options.only !== undefined,
    siteDir,
    pool,
  });
  // What the build needs of every page before rendering any, taken while each page's
  // components are in memory during validation: image references and components' own code.
  const pageImages: ImageReference[] = [];
  const pageCode: TemplateSource[] = [];
  const opened = await openSite<PageExtra>(input, {
    // The render processes read a `pages/` folder's pages themselves: hold none here.
    keepBytes: 0,
    onPage: (page, index) => {
      const path = `pages[${index}].components`;
      for (const ref of componentImageReferences(page.components, path)) pageImages.push(ref);
      ownCodeSources(page.components, path, pageCode);
      inc.pages.fromPage(page, index);
    },
    // A `pages/` folder is checked by the render processes, in parallel, which then hold
    // the pages they checked for rendering (files unchanged since the last build: see inc).
    checkPages: inc.pageFiles?.check,
    onChecked: (extra, index) => {
      inc.pages.fromChecked(extra.images, index);
      for (const ref of extra.images) pageImages.push(ref);
      for (const source of extra.code) pageCode.push(source);
    },
  });
  const loaded = performance.now();
  inc.sameSite(opened.site);

  const warnings: BuildWarning[] = [];
  const warn = (message: string, path: string) => {
    const warning = { message, path };
    warnings.push(warning);
    options.onWarning?.(warning);
  };
  const now = options.now ?? new Date();
  const structures = indexStructures(opened.site, now);
  const full = planBuild(opened.site, structures);
  const preview = options.only ? planEntities(opened.site, full, options.only) : null;
  const site = preview?.site ?? opened.site;
  const routes = preview?.routes ?? full.routes;
  const imageDirs = await resolveImageDirs(input, options);
  const images = createImageRegistry({ ...imageDirs, warn });
  // Areas hold components, sorted by menu_order: their paths name input positions.
  const areaImages = Object.entries(site.areas).flatMap(([area, list]) =>
    componentImageReferences(list, `areas.${area}`),
  );
  await images.prepare([
    ...findImageReferences({ ...site, areas: {} }, ""),
    ...areaImages,
    ...pageImages,
  ]);
  const settings = {
    baseUrl: resolveBuildBaseUrl(options.baseUrl, site, warn),
    strict: options.strict,
  };
  const sources = templateSources(site, pageCode);
  // Owner code is parsed and checked here but compiled and run only in the render processes.
  checkTemplateSources(sources);
  const build = createBuildContext(site, settings, warn, images, structures, OWNER_CODE_ELSEWHERE);
  const notFound = preview ? null : await loadNotFoundPage(opened);
  const planned = preview
    ? null
    : await inc.plan({ opened, routes, settings, structures, images: images.prepared(), notFound });
  const work = planned?.routes ?? routes.map(renderAlone);
  const rendering = work.some((w) => w.render) || planned?.notFound.render !== false;
  // Processes not started yet start now, while the writer opens and images are queued.
  if (rendering) pool.warm();

  // A build that renders nothing may well be the build already in place: then it writes nothing.
  const output =
    !rendering && inc.previous?.dir === resolve(options.outDir)
      ? openUnchangedWriter(options.outDir, inc.previous)
      : await openOutputWriter(options.outDir);
  const writer = inc.writer(output, imageDirs.cacheDir);
  images.start(writer);
  try {
    // Nothing to render, nothing changed: the processes would say what they said last time.
    const initWarnings = rendering
      ? await pool.start({
          site: { ...site, pages: [] },
          settings,
          now: now.getTime(),
          sources,
          images: images.prepared(),
          timeoutMs,
          siteDir,
        })
      : (inc.previous?.record.initWarnings ?? []);
    for (const w of initWarnings) warn(w.message, w.path);
    // Without a previous build the search index is made whatever happens: it is fed as routes
    // come back, while the render processes are busy, rather than all at once after them. Not
    // for a site too large to hold: the index would sit beside the render processes at their
    // peak (100,000 pages: ~145 MB), so it is made after them, from the routes.
    const search = planned && !inc.previous && !large ? createSearchIndex() : undefined;
    const renderStarted = performance.now();
    const { indexed, notFoundHtml } = await renderOrCarry(
      {
        routes,
        work,
        notFound: planned && { plan: planned.notFound, page: notFound },
        opened,
        pool,
        writer,
        inc,
      },
      {
        warn,
        utilities: build.utilities,
        images,
        onProgress: options.onProgress,
        onIndexed: search && ((entry) => search.add(entry)),
      },
    );
    await pool.close();
    const renderMs = performance.now() - renderStarted;
    const siteFiles = planned
      ? await writeSiteFiles(writer, build, indexed, notFoundHtml, inc.siteFiles(writer), search)
      : { sitemaps: 0, redirects: 0, searchIndexBytes: 0 };
    const feeds = preview ? 0 : await writeFeeds(writer, build);
    // Classes that carried routes use but may not have recorded (see settle-utilities.ts).
    await inc.settleUtilities(build.utilities);
    await writer.write(
      "assets/site.css",
      buildStylesheet(site.website.customization, build.utilities),
    );
    await copySiteAssets(images.assetsDir, writer, warn);
    const imageCounts = await images.finish();
    const written = await writer.commit();
    const unsaved = await inc.save(written, site.website.id, initWarnings);
    if (unsaved) warn(unsaved.message, unsaved.path);
    const finished = performance.now();
    return {
      outDir: options.outDir,
      pages: routes.length,
      skipped: preview ? 0 : full.skipped,
      files: written.files,
      bytes: written.bytes,
      durationMs: Math.round(finished - started),
      timings: {
        loadMs: Math.round(loaded - started),
        renderMs: Math.round(renderMs),
        writeMs: Math.round(finished - loaded - renderMs),
      },
      ...siteFiles,
      images: imageCounts,
      feeds,
      nextScheduledAt: structures.nextScheduledAt,
      warnings,
      manifest: written.manifest,
      incremental: inc.summary(planned),
      ...(preview && { entities: preview.entities }),
    };
  } catch (err) {
    await pool.close();
    await images.cancel();
    await writer.abort();
    throw err;
  }
}

/** A route of entities rendered alone: always rendered, never recorded. */
function renderAlone(route: PlannedRoute): RoutePlan {
  return {
    route,
    render: true,
    identity: "",
    deps: { keys: [], utilities: [], dynamic: false },
    page: null,
    carried: null,
    reasons: [],
  };
}

/** The input as an absolute directory path, or null for a bundle file or an object. */
function siteDirectory(input: string | object): string | null {
  if (typeof input !== "string") return null;
  try {
    return statSync(input).isDirectory() ? resolve(input) : null;
  } catch {
    return null; // openSite reports a missing input with its own error.
  }
}

/** The render pool's size and limits from the options, checked before any work. */
function renderLimits(
  options: BuildOptions,
  siteDir: string | null,
  folder: PagesFolder | null,
): RenderPoolOptions {
  const heapMb = wholeNumber(options.renderHeapMb ?? 512, "renderHeapMb (--render-heap)");
  return {
    readable: siteDir ? [join(siteDir, "pages")] : [],
    timeoutMs: wholeNumber(options.renderTimeoutMs ?? 10_000, "renderTimeoutMs (--render-timeout)"),
    heapMb,
    initialHeapMb: initialHeapFor(folder?.fit ?? "none", heapMb),
    holdPages: folder?.fit !== "too-large",
    workers: wholeNumber(
      options.workers ?? defaultWorkers(availableParallelism(), folder),
      "workers (--workers)",
    ),
  };
}

function wholeNumber(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new SitewrightError("E_USAGE", `${name} must be a whole number ≥ 1, not ${value}.`, {
      hint: "Pass a positive whole number, or leave the option out for its default.",
    });
  return value;
}

// The build process's context never renders owner code: only the render processes compile it.
const OWNER_CODE_ELSEWHERE: TemplateRegistry = {
  has: () => false,
  render(name) {
    throw new SitewrightError("E_RENDER", `Template ${name} cannot render in the build process.`, {
      hint: "This is a defect in sitewright: owner templates render only in render processes.",
    });
  },
};

async function loadNotFoundPage(opened: OpenedSite): Promise<NotFoundPage | null> {
  const id = opened.site.website.not_found_page_id;
  const index = id === null ? -1 : opened.site.pages.findIndex((p) => p.id === id);
  return index < 0 ? null : { page: await opened.loadPage(index), index };
}
