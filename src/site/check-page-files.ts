/**
 * Checking the files of a `pages/` folder away from the build process: each file is read,
 * hashed and, when it holds one page, checked on its own against the site frame. The build
 * process then only merges the findings and runs the cross-page checks (openStreamed), so the
 * largest part of validation runs in parallel and each page is read and converted once.
 */
import { createPageOwnCheck } from "./check-page.js";
import { ErrorBag } from "./error-bag.js";
import { examinePage, type PageFinding } from "./examine-page.js";
import type { FileStamp } from "./file-stamp.js";
import { parseSite } from "./parse-site.js";
import { readPageFile } from "./stream-pages.js";
import type { Component } from "./types.js";

/** What checking one file of a `pages/` folder found. */
export interface PageFileFinding<X = never> {
  /** sha1 (base64) of the file, so that a later read can tell it changed. */
  digest: string;
  /** Size of the file. */
  bytes: number;
  /** The file as it was read (see FileStamp); absent on a finding a build record kept. */
  stamp?: FileStamp;
  /** Why the file is not JSON; absent when it parsed. */
  jsonError?: string;
  /** Pages the file holds (0 when it is not JSON). */
  pages: number;
  /**
   * The page's finding when the file holds exactly one; its index is taken to be the file's
   * own, which holds when every file before it holds one page too (the reader checks that).
   */
  finding?: PageFinding;
  /** What the caller derived from the page's components (see checkPageFile's `derive`). */
  extra?: X;
}

/**
 * A checker of page files against `frame` (a site directory's data without its pages, as
 * openSite reads it). `derive` sees each problem-free page's converted components.
 */
export function createPageFileChecker<X>(
  frame: Record<string, unknown>,
  derive: (components: Component[], index: number) => X,
): (dir: string, rel: string, index: number) => PageFileFinding<X> {
  // The frame's own problems are the build process's to report: only pages' are wanted here.
  const own = createPageOwnCheck(parseSite(frame, new ErrorBag()));
  return (dir, rel, index) => {
    const read = readPageFile(dir, rel);
    const { digest, bytes, stamp } = read;
    if ("jsonError" in read) return { digest, bytes, stamp, jsonError: read.jsonError, pages: 0 };
    if (Array.isArray(read.value)) return { digest, bytes, stamp, pages: read.value.length };
    const { finding, components } = examinePage(read.value, index, own);
    const out: PageFileFinding<X> = { digest, bytes, stamp, pages: 1, finding };
    if (components) out.extra = derive(components, index);
    return out;
  };
}
