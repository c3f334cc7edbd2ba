/**
 * Messages between the build and its render processes. Everything crosses as structured-clone
 * data: the child never gets a function, a handle or a path it could write to.
 */
import type { ValidationErrors } from "../../errors.js";
import type { PageFileFinding } from "../../site/check-page-files.js";
import type { PageLocation } from "../../site/stream-pages.js";
import type { Page, PageSummary, SiteFrame } from "../../site/types.js";
import type { RenderSettings } from "../build-context.js";
import type { BuildWarning } from "../context.js";
import type { ImageProblem } from "../images/image-error.js";
import type { PreparedImage } from "../images/image-render.js";
import type { ImageReference } from "../images/scan.js";
import type { IndexedRoute } from "../site-index.js";
import type { TemplateSource } from "../template-registry.js";

/**
 * Page files a process checks before the build is set up (see createPageFileChecker). It comes
 * before any owner code is compiled, so the findings it sends back are trusted as validation's.
 */
export interface CheckRequest {
  type: "check";
  /** The site directory's data without its pages. */
  frame: Record<string, unknown>;
  /** The site directory (absolute). */
  siteDir: string;
  /** The files to check: page index (one page per file) and path relative to siteDir. */
  files: Array<[number, string]>;
  /** JSON bytes of pages the process may hold from checking to rendering (all or none; negative: none). */
  keepBytes: number;
}

/** What the build needs of a page before rendering any: its images and its components' own code, and what it refers to (see page-extra.ts). */
export interface PageExtra {
  images: ImageReference[];
  code: TemplateSource[];
  /**
   * The page's ComponentRefs as JSON: one string per page crosses the process boundary, and
   * the build keeps one object per distinct string (most pages share theirs). Absent in
   * findings loaded from a build record, which keeps refs by page hash.
   */
  refs?: string;
}

/** What every render process of a build is set up with, sent once. */
export interface RenderInit {
  type: "init";
  /** The site without its pages (routes bring theirs). */
  site: SiteFrame;
  settings: RenderSettings;
  /** The build's clock (ms since the epoch), for structures' scheduled posts. */
  now: number;
  /** Every template of the build (see templateSources), compiled in the child. */
  sources: TemplateSource[];
  images: Array<[string, PreparedImage]>;
  /** Time budget of one page, enforced inside the child as well as by the build. */
  timeoutMs: number;
  /** The site directory (absolute), whose `pages/` folder the child may read; null for other inputs. */
  siteDir: string | null;
}

/** Pages sent together: one message costs as much as the rendering of a small page. */
export interface RenderBatch {
  type: "pages";
  tasks: RenderTask[];
}

/** One page to render: a site page (with its components), a structure route, or the 404 page. */
export interface RenderTask {
  id: number;
  file: string;
  url: string;
  /** Position in `site.pages`; -1 for generated pages. */
  index: number;
  /** A site page, or the chosen 404 page, given whole. */
  page?: Page;
  /** A site page the child reads itself (a `pages/` folder): its summary and where it is. */
  read?: { summary: PageSummary; location: PageLocation };
  /** The process holds this page's components from checking it (CheckRequest); read it otherwise. */
  kept?: boolean;
  /** Position among the structure routes (see planStructureRoutes), for generated pages. */
  structure?: number;
  /** Render as the 404 page (the built-in one when `page` is absent). */
  notFound?: boolean;
  /** Report each owner template before it renders (used to name the culprit of a crash). */
  trace?: boolean;
}

/** A coded error carried across the boundary. */
export interface SerializedError {
  code: string;
  message: string;
  hint?: string;
  details?: Record<string, unknown>;
  errors?: ValidationErrors;
}

/** One rendered page. */
export interface PageResult {
  id: number;
  /** UTF-8: bytes cross the boundary and reach the writer without a string copy. */
  html: Uint8Array;
  /** The page's sitemap and search entry; null for the 404 page. */
  index: IndexedRoute | null;
  warnings: BuildWarning[];
  /** Utility classes first used by this process since its last result. */
  utilities: string[];
  /** Local images rendered with variants, to encode. */
  images: string[];
  imageProblems: ImageProblem[];
}

/** What a render process sends back. */
export type RenderReply =
  /** Findings in file order; `kept` on the last says whether the process holds its pages. */
  | {
      type: "checked";
      findings: Array<[number, PageFileFinding<PageExtra>]>;
      last: boolean;
      kept: boolean;
    }
  | { type: "check-failed"; error: SerializedError }
  | { type: "ready"; warnings: BuildWarning[] }
  | { type: "init-failed"; error: SerializedError }
  /** Results in task order; sent at least every FLUSH_MS, which the build's watchdog relies on. */
  | { type: "done"; results: PageResult[] }
  | { type: "failed"; id: number; error: SerializedError }
  | { type: "at"; id: number; where: string };
