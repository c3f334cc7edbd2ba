/**
 * The contract of an opened site: what `openSite` returns and accepts. Below both load.ts and
 * open-streamed.ts, which each build one.
 */
import type { PageFileFinding } from "./check-page-files.js";
import type { PageLocation } from "./stream-pages.js";
import type { Page, SiteFrame } from "./types.js";

/** A validated site whose pages' components are read when asked for. */
export interface OpenedSite {
  site: SiteFrame;
  /**
   * Page `index` of `site.pages` with its components. A streamed directory hands a page kept
   * from validation over once (see keepBytes) and otherwise reads its file again.
   */
  loadPage(index: number): Promise<Page>;
  /**
   * For a `pages/` folder: where page `index` is on disk, so that another process can read it
   * itself (readPageAt, then pageFromChecked). Absent for bundles and objects.
   */
  locate?(index: number): PageLocation;
}

/** Options of openSite; `X` is what `checkPages` derives from each page elsewhere. */
export interface OpenSiteOptions<X = never> {
  /** Called once per page, in order, while its components are in memory; only while no problem was found. */
  onPage?: (page: Page, index: number) => void;
  /**
   * Checks the files of a `pages/` folder elsewhere (other processes, see createPageFileChecker)
   * and returns a finding per file, in order; `frame` is the rest of the site's data. Used
   * when every file holds one page; otherwise (or when it returns undefined) pages are checked
   * here, one file at a time, and `onPage` is called instead of `onChecked`.
   */
  checkPages?: (
    frame: Record<string, unknown>,
    files: readonly string[],
  ) => Promise<PageFileFinding<X>[] | undefined>;
  /** Called once per page checked by `checkPages`, in order, with what it derived; only while no problem was found. */
  onChecked?: (extra: X, index: number) => void;
  /**
   * A `pages/` folder whose JSON fits in this many bytes stays in memory from validation to
   * rendering, so it is read and converted once; a larger one is streamed: every page is read
   * again by loadPage and memory does not grow with the page count. Default 64 MiB (about
   * 13,000 pages of 5 KB; held pages cost about 3x their JSON in heap).
   */
  keepBytes?: number;
}
