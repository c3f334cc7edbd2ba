import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { SitewrightError } from "../errors.js";
import { type OpenedSite, openSite } from "../site/load.js";
import type { Component, Page, SiteFrame } from "../site/types.js";
import { copySiteAssets } from "./assets.js";
import { createMenuRenderer } from "./components/menu.js";
import { componentCodeName, templateName } from "./components/template.js";
import { buildConsentHtml } from "./consent.js";
import { createEditorJsRenderer } from "./content/editorjs.js";
import { createOwnerHtmlSanitizer } from "./content/owner-html.js";
import { type BuildContext, type BuildWarning, indexById } from "./context.js";
import { writeFeeds } from "./feeds.js";
import { resolveImageDirs } from "./images/image-dirs.js";
import {
  createImageRegistry,
  type ImageCounts,
  type ImageRegistry,
} from "./images/image-registry.js";
import { createPictureGlobal } from "./images/picture-global.js";
import { findImageReferences, type ImageReference } from "./images/scan.js";
import type { Manifest } from "./manifest.js";
import { type PlannedRoute, planBuild } from "./plan.js";
import { readAhead } from "./read-ahead.js";
import { DOCUMENT_TEMPLATE, documentShared, renderPage } from "./render-page.js";
import { type NotFoundPage, writeSiteFiles } from "./site-files.js";
import { type IndexedRoute, plainExcerpt } from "./site-index.js";
import { indexStructures, type StructureIndex } from "./structures/index-structures.js";
import { buildStylesheet } from "./stylesheet.js";
import { createTemplateRegistry, type TemplateSource } from "./template-registry.js";
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
   * Bytes of page JSON (of a `pages/` folder) kept in memory from validation to rendering;
   * pages beyond are read again while rendering. Default 32 MiB; lower it to cap memory.
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
  const build = createBuildContext(site, options, warn, images, structures, pageCode);
  const shared = documentShared(build, buildConsentHtml(site.website.customization));

  const writer = await openOutputWriter(options.outDir);
  images.start(writer);
  let renderMs = 0;
  try {
    let done = 0;
    const indexed: IndexedRoute[] = [];
    const pages = readAhead(plan.routes, READ_AHEAD, (route) =>
      route.components
        ? { ...route.page, components: route.components }
        : opened.loadPage(route.index),
    );
    for (const route of plan.routes) {
      const page = (await pages.next()).value as Page;
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

/**
 * Pages read ahead of the one rendering, so reading files overlaps rendering and writing;
 * a few are enough to keep the disk busy while memory holds only these pages.
 */
const READ_AHEAD = 16;

async function loadNotFoundPage(opened: OpenedSite): Promise<NotFoundPage | null> {
  const id = opened.site.website.not_found_page_id;
  const index = id === null ? -1 : opened.site.pages.findIndex((p) => p.id === id);
  return index < 0 ? null : { page: await opened.loadPage(index), index };
}

function createBuildContext(
  site: SiteFrame,
  options: BuildOptions,
  warn: (message: string, path: string) => void,
  images: ImageRegistry,
  structures: StructureIndex,
  pageCode: TemplateSource[],
): BuildContext {
  const baseUrl = normalizeBaseUrl(options.baseUrl) ?? site.website.base_url;
  if (!baseUrl)
    warn(
      "No base URL (website domain or --base-url): canonical and og:url are left out.",
      "website.domain",
    );
  const renderEditorJs = createEditorJsRenderer({
    strict: options.strict,
    onWarning: warn,
    resolveImage: (url, altAttr, path) => images.render(url, { altAttr }, path),
  });
  const sanitize = createOwnerHtmlSanitizer();
  const { website } = site;
  return {
    site,
    baseUrl,
    templates: createTemplateRegistry(templateSources(site, pageCode)),
    renderEditorJs: (data, path) => renderEditorJs(data as never, path),
    sanitizeOwnerHtml: sanitize,
    warn,
    images,
    picture: createPictureGlobal(images, warn),
    structures,
    renderMenu: createMenuRenderer(),
    utilities: new Set(),
    siteView: Object.freeze({
      id: website.id,
      name: website.name,
      domain: website.domain,
      url: baseUrl,
      language: website.language,
      logo: website.customization.logo,
      favicon: website.customization.favicon,
      colors: website.customization.colors,
      fonts: website.customization.fonts,
    }),
    byId: {
      templates: indexById(site.templates),
      layouts: indexById(site.layouts),
      menus: indexById(site.menus),
      forms: indexById(site.forms),
      blocks: indexById(site.blocks),
    },
  };
}

let documentSource: string | undefined;

/** Every template of the build: the built-in document, the site's templates, components' own code. */
function templateSources(site: SiteFrame, pageCode: TemplateSource[]): TemplateSource[] {
  documentSource ??= readFileSync(new URL("./templates/document.njk", import.meta.url), "utf8");
  const sources: TemplateSource[] = [
    {
      name: DOCUMENT_TEMPLATE,
      src: documentSource,
      path: "builtin/document.njk",
      label: "built-in document",
    },
  ];
  site.templates.forEach((t, i) => {
    sources.push({
      name: templateName(t.id),
      src: t.code,
      path: `templates[${i}].code`,
      label: `template "${t.name}"`,
    });
  });
  sources.push(...pageCode);
  for (const area of ["header", "footer", "secured"] as const)
    ownCodeSources(site.areas[area], `areas.${area}`, sources);
  return sources;
}

/** Adds the own code of components (code without a linked template) at list path `base` to `out`. */
function ownCodeSources(components: Component[], base: string, out: TemplateSource[]): void {
  components.forEach((c, i) => {
    if (c.code && !c.template_id) {
      const path = `${base}[${i}]`;
      out.push({
        name: componentCodeName(path),
        src: c.code,
        path: `${path}.code`,
        label: `component ${path}`,
      });
    }
  });
}

function indexRoute(route: PlannedRoute, html: string): IndexedRoute {
  const { page } = route;
  const main = html.indexOf("<main");
  return {
    url: route.url,
    title: page.meta_title || page.post_title,
    lastmod: page.updated_at,
    // A page whose canonical URL is another page's is a duplicate: search engines want only the
    // original. Secured (members') pages are never advertised in the sitemap or search index.
    indexable:
      !page.no_index &&
      !page.secured &&
      (!page.canonical_url || canonicalPath(page.canonical_url) === route.url),
    excerpt: page.meta_description || plainExcerpt(main >= 0 ? html.slice(main) : html),
  };
}

function canonicalPath(url: string): string | null {
  try {
    return new URL(url, "https://canonical.invalid").pathname;
  } catch {
    return null;
  }
}

function normalizeBaseUrl(url: string | undefined): string | null {
  if (!url) return null;
  if (!/^https?:\/\/[^/\s]+/i.test(url) || !URL.canParse(url)) {
    throw new SitewrightError("E_USAGE", `The base URL "${url}" is not an absolute http(s) URL.`, {
      hint: "Pass the site's public address, e.g. https://www.example.com/.",
    });
  }
  return url.endsWith("/") ? url : `${url}/`;
}
