/**
 * The build record: what each file of a build was made from, kept beside the output (never in
 * it, so versions and deploys never see it) as `<outDir>.sitewright-build.json`. The next build
 * of the same site into the same folder reads it to re-render only what an edit reached.
 */
import { basename, dirname, join, resolve } from "node:path";
import type { FileStamp } from "../../site/file-stamp.js";
import type { BuildWarning } from "../context.js";
import type { IndexedRoute } from "../site-index.js";
import type { ComponentRefs } from "./component-refs.js";
import type { StoredFinding } from "./stored-finding.js";

/** Suffix of the record's file name, after the output folder's own name. */
const RECORD_SUFFIX = ".sitewright-build.json";

/** Bumped whenever the record's shape or meaning changes; another format means a clean build. */
export const RECORD_FORMAT = 1;

/** Where the record of the build in `outDir` lives: beside it, `<outDir>.sitewright-build.json`. */
export function recordPath(outDir: string): string {
  const target = resolve(outDir);
  return join(dirname(target), `${basename(target)}${RECORD_SUFFIX}`);
}

/** RouteRecord.page.refs of a page whose refs were not read. */
export const UNKNOWN_REFS = -1;

/** One rendered route (or the 404 page) of the recorded build. */
export interface RouteRecord {
  file: string;
  url: string;
  /** Position in `site.pages` (-1 for generated pages): warnings name it, so it matters only when there are warnings. */
  index: number;
  /** What makes it this route: its URL and whose page it shows, or a hash of that (see carry-plan.ts). */
  route: string;
  /** Indexes into BuildRecord.keys. */
  deps: number[];
  /** Names a template whose dependencies could not be read: rebuilt every time. */
  dynamic?: true;
  /**
   * A site page's content hash and its components' refs (an index into BuildRecord.refs, or
   * UNKNOWN_REFS when they were not read: its deps are then `site` alone), reused while the
   * page is unchanged.
   */
  page?: { hash: string; refs: number };
  /** `utilities` are what its render process reported first, not all it uses (see settle-utilities.ts). */
  partial?: true;
  /** Its sitemap and search entry (null for the 404 page). */
  indexed: IndexedRoute | null;
  /** Indexes into BuildRecord.utilities. */
  utilities: number[];
  /** Local images it renders with variants (encoded into the build). */
  images: string[];
  warnings: BuildWarning[];
}

/** A site-wide file group (sitemap, search index) carried while its inputs are unchanged. */
export interface SiteFileRecord {
  inputs: string;
  files: string[];
  /** What BuildResult reports of it (sitemap files, search index bytes). */
  figure: number;
}

/** The page files' check results of a build, reused while a file and the rest of the site are unchanged. */
export interface PageFilesRecord {
  /** Hash of the site's data without its pages, template code left out (what page checks read). */
  frame: string;
  /** Hash of the site's data without its pages, all of it. */
  content: string;
  /** The page summaries' key lists (see stored-finding.ts). */
  summaryKeys: string[][];
  files: PageFileRecord[];
}

/** One file of a `pages/` folder as checked by the recorded build. */
export interface PageFileRecord {
  rel: string;
  stamp: FileStamp;
  index: number;
  finding: StoredFinding;
}

/** The record of one build; see the module comment. */
export interface BuildRecord {
  format: typeof RECORD_FORMAT;
  /** generatorFingerprint() of the sitewright that made it. */
  generator: string;
  websiteId: string;
  /** sha256 of the build's manifest.json: a record whose build was replaced is not trusted. */
  manifestSha256: string;
  /** Every input of the site with its hash in that build (`site`: all of them); one absent was "none". */
  inputs: Record<string, string>;
  keys: string[];
  utilities: string[];
  /** Distinct component refs of pages (most pages of a site share theirs). */
  refs: ComponentRefs[];
  /** In route order, the 404 page last. */
  routes: RouteRecord[];
  /** Warnings the render processes gave when they were set up. */
  initWarnings: BuildWarning[];
  siteFiles: Record<string, SiteFileRecord>;
  /** Site assets copied to `assets/`, by output path, with the stamp their source had. */
  assets: Record<string, FileStamp>;
  pageFiles: PageFilesRecord | null;
}
