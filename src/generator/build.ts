import { performance } from "node:perf_hooks";
import { type OpenedSite, openSite } from "../site/load.js";
import { copySiteAssets } from "./assets.js";
import { createBuildContext, ownCodeSources, resolveBuildBaseUrl } from "./build-context.js";
import { buildConsentHtml } from "./consent.js";
import type { BuildWarning } from "./context.js";
import { writeFeeds } from "./feeds.js";
import { resolveImageDirs } from "./images/image-dirs.js";
import { createImageRegistry, type ImageCounts } from "./images/image-registry.js";
import { findImageReferences, type ImageReference } from "./images/scan.js";
import type { Manifest } from "./manifest.js";
import { planBuild } from "./plan.js";
import { documentShared, renderPage } from "./render-page.js";
import { type NotFoundPage, writeSiteFiles } from "./site-files.js";
import { type IndexedRoute, indexRoute } from "./site-index.js";
import { indexStructures } from "./structures/index-structures.js";
import { buildStylesheet } from "./stylesheet.js";
import type { TemplateSource } from "./template-registry.js";
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
  /**
   * A `pages/` folder whose JSON fits in this many bytes is held in memory from validation to
   * rendering; a larger one is streamed (each page read again while rendering, memory flat).
   * Default 64 MiB; 0 always streams.
   */
  keepPageBytes?: number;
  /** Encoded image variants kept between builds; default `<site dir>/.sitewright-cache/images`, or `<tmp>/sitewright-cache/images` for a bundle. */
  cacheDir?: string;
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
  // What the build needs of every page before rendering any, taken while each page's
  // components are in memory during validation: image references and components' own code.
  const pageImages: ImageReference[] = [];
  const pageCode: TemplateSource[] = [];
  const opened = await openSite(input, {
    keepBytes: options.keepPageBytes,
    onPage: (page, index) => {
      const path = `pages[${index}].components`;
      for (const ref of findImageReferences(page.components, path)) pageImages.push(ref);
      ownCodeSources(page.components, path, pageCode);
    },
  });
  const { site } = opened;
  const loaded = performance.now();

  const warnings: BuildWarning[] = [];
  const warn = (message: string, path: string) => {
    const warning = { message, path };
    warnings.push(warning);
    options.onWarning?.(warning);
  };
  const structures = indexStructures(site, options.now ?? new Date());
  const plan = planBuild(site, structures);
  const images = createImageRegistry({ ...(await resolveImageDirs(input, options)), warn });
  await images.prepare([...findImageReferences(site, ""), ...pageImages]);
  const settings = {
    baseUrl: resolveBuildBaseUrl(options.baseUrl, site, warn),
    strict: options.strict,
  };
  const build = createBuildContext(site, settings, warn, images, structures, pageCode);
  const shared = documentShared(build, buildConsentHtml(site.website.customization));

  const writer = await openOutputWriter(options.outDir);
  images.start(writer);
  let renderMs = 0;
  try {
    let done = 0;
    const indexed: IndexedRoute[] = [];
    for (const route of plan.routes) {
      const page = route.components
        ? { ...route.page, components: route.components }
        : await opened.loadPage(route.index);
      const t = performance.now();
      const html = renderPage({ ...route, page }, build, shared);
      renderMs += performance.now() - t;
      await writer.write(route.file, html);
      indexed.push(indexRoute(route, html));
      options.onProgress?.(++done, plan.routes.length);
    }
    const siteFiles = await writeSiteFiles(
      writer,
      build,
      shared,
      indexed,
      await loadNotFoundPage(opened),
    );
    const feeds = await writeFeeds(writer, build);
    await writer.write(
      "assets/site.css",
      buildStylesheet(site.website.customization, build.utilities),
    );
    await copySiteAssets(images.assetsDir, writer, warn);
    const imageCounts = await images.finish();
    const written = await writer.commit();
    const finished = performance.now();
    return {
      outDir: options.outDir,
      pages: plan.routes.length,
      skipped: plan.skipped,
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
    };
  } catch (err) {
    await images.cancel();
    await writer.abort();
    throw err;
  }
}

async function loadNotFoundPage(opened: OpenedSite): Promise<NotFoundPage | null> {
  const id = opened.site.website.not_found_page_id;
  const index = id === null ? -1 : opened.site.pages.findIndex((p) => p.id === id);
  return index < 0 ? null : { page: await opened.loadPage(index), index };
}
