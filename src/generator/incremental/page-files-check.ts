/**
 * Checking a `pages/` folder without reading the files that did not move. A file whose size,
 * mtime, ctime and inode are the ones the previous build recorded, in a site whose other data
 * (template code aside, which no page check reads) is unchanged, keeps the finding recorded
 * for it; the few files that moved are checked here, in the build process. When many moved
 * (a first build, or an edit to the rest of the site) the render processes check every file,
 * in parallel, as a clean build does.
 */
import { join } from "node:path";
import { createPageFileChecker, type PageFileFinding } from "../../site/check-page-files.js";
import { type FileStamp, NO_STAMP, sameStamp, stampOf } from "../../site/file-stamp.js";
import { pageExtra } from "../render/page-extra.js";
import type { RenderPool } from "../render/render-pool.js";
import type { PageExtra } from "../render/render-protocol.js";
import type { ComponentRefs } from "./component-refs.js";
import { hashValue } from "./hash.js";
import type { PageFilesRecord } from "./record.js";
import { createFindingStore, loadFinding } from "./stored-finding.js";

/**
 * Moved files checked here rather than by the render processes: a file costs ~0.1 ms here,
 * and handing the whole folder to the processes costs their share of every file. Past this
 * many files or bytes the processes check them all, in parallel and within their heap limit,
 * so a huge page file never weighs on the build process.
 */
const CHECK_HERE = { files: 256, bytes: 8 * 2 ** 20 };

/**
 * Page files whose findings a record keeps, at most. At 100,000 pages they held ~75 MB of the
 * build process's heap (~160 MB of its RSS) and pushed its peak past 1 GB; a larger site's
 * next build checks every file again, in the render processes, and still carries every route
 * that did not change.
 */
export const RECORD_FINDINGS_UP_TO = 25_000;

/** The page-file check of one build, remembering what it found for the record. */
export interface PageFilesCheck {
  /** openSite's `checkPages`. */
  check(
    frame: Record<string, unknown>,
    files: readonly string[],
  ): Promise<PageFileFinding<PageExtra>[]>;
  /** What to record for the next build; null when the folder is not one page per file, or too large (RECORD_FINDINGS_UP_TO). */
  recorded(): PageFilesRecord | null;
  /** Refs of the pages this build checked (here or in the render processes), by page index. */
  readonly refs: Map<number, ComponentRefs>;
  /** Files whose recorded finding was reused. */
  reused(): number;
}

/** The check of `siteDir`'s page files, reusing `previous` findings where files did not move. */
export function createPageFilesCheck(
  siteDir: string,
  pool: RenderPool,
  previous: PageFilesRecord | null,
  /** Called as soon as anything moved: pages will likely render, their processes may start. */
  onChange: () => void,
  recordUpTo = RECORD_FINDINGS_UP_TO,
): PageFilesCheck {
  const refs = new Map<number, ComponentRefs>();
  let recorded: PageFilesRecord | null = null;
  let reused = 0;
  return {
    refs,
    recorded: () => recorded,
    reused: () => reused,
    async check(frame, files) {
      const frameKey = frameHash(frame);
      const content = hashValue(frame);
      if (previous?.content !== content) onChange();
      const findings: PageFileFinding<PageExtra>[] = [];
      const moved: number[] = [];
      const before =
        previous?.frame === frameKey ? new Map(previous.files.map((f) => [f.rel, f])) : null;
      // Stamps before any read, to find the files that did not move: a file written during
      // the check then looks moved next time. With nothing to compare (a first build, an edit
      // to the frame) every file is checked, and each check stamps the descriptor it reads.
      let stamps: FileStamp[] | null = null;
      if (before && previous) {
        const taken = files.map((rel) => stampOf(join(siteDir, rel)));
        files.forEach((rel, index) => {
          const known = before.get(rel);
          if (known && sameStamp(known.stamp, taken[index] as FileStamp)) {
            const finding = loadFinding(known.finding, previous.summaryKeys);
            findings[index] = moveFinding(finding, known.index, index);
          } else moved.push(index);
        });
        stamps = taken;
      } else for (let index = 0; index < files.length; index++) moved.push(index);
      if (moved.length > 0) onChange();
      let movedBytes = 0;
      for (const index of moved) movedBytes += Math.max(0, stamps?.[index]?.size ?? 0);
      if (stamps && moved.length <= CHECK_HERE.files && movedBytes <= CHECK_HERE.bytes) {
        reused = files.length - moved.length;
        if (moved.length > 0) {
          const checkHere = createPageFileChecker(frame, pageExtra);
          for (const index of moved)
            findings[index] = checkHere(siteDir, files[index] as string, index);
        }
      } else {
        findings.splice(0, findings.length, ...(await pool.check({ frame, siteDir, files })));
        stamps ??= findings.map((f) => f.stamp ?? NO_STAMP);
      }
      takeRefs(findings, refs);
      recorded =
        files.length <= recordUpTo ? record(files, stamps, findings, frameKey, content) : null;
      return findings;
    },
  };
}

/** The record of a check whose every file held one problem-free page; null otherwise. */
function record(
  files: readonly string[],
  stamps: readonly FileStamp[],
  findings: readonly PageFileFinding<PageExtra>[],
  frame: string,
  content: string,
): PageFilesRecord | null {
  const store = createFindingStore();
  const stored: PageFilesRecord["files"] = [];
  for (let index = 0; index < files.length; index++) {
    const finding = store.store(findings[index] as PageFileFinding<PageExtra>);
    if (!finding) return null;
    stored.push({ rel: files[index] as string, stamp: stamps[index] as FileStamp, index, finding });
  }
  return { frame, content, summaryKeys: store.keys(), files: stored };
}

/**
 * Moves the refs the checks derived out of `findings` into `refs`, one object per distinct
 * JSON: a 100,000-page site's findings held as many refs objects cost its build ~130 MB.
 */
function takeRefs(
  findings: readonly PageFileFinding<PageExtra>[],
  refs: Map<number, ComponentRefs>,
): void {
  const distinct = new Map<string, ComponentRefs>();
  findings.forEach((f, index) => {
    const json = f.extra?.refs;
    if (json === undefined || !f.extra) return;
    let found = distinct.get(json);
    if (!found) {
      found = JSON.parse(json) as ComponentRefs;
      distinct.set(json, found);
    }
    refs.set(index, found);
    f.extra.refs = undefined;
  });
}

/**
 * The rest of the site as page checks see it: template code is left out (pages are checked
 * against templates' ids and custom fields, never their code), so a template edit keeps every
 * page file's finding.
 */
function frameHash(frame: Record<string, unknown>): string {
  const templates = frame.templates;
  if (!Array.isArray(templates)) return hashValue(frame);
  return hashValue({
    ...frame,
    templates: templates.map((t) => {
      if (typeof t !== "object" || t === null) return t;
      const { code: _code, ...rest } = t as Record<string, unknown>;
      return rest;
    }),
  });
}

/**
 * A recorded finding for a page now at `to` rather than `from`: the paths and template names
 * its extra carries start with `pages[<index>].components`, which is all that names the index.
 */
function moveFinding(
  finding: PageFileFinding<PageExtra>,
  from: number,
  to: number,
): PageFileFinding<PageExtra> {
  if (from === to || !finding.extra) return finding;
  const old = `pages[${from}].components`;
  const now = `pages[${to}].components`;
  const swap = (text: string) => text.replace(old, now);
  return {
    ...finding,
    extra: {
      images: finding.extra.images.map((r) => ({ ...r, path: swap(r.path) })),
      refs: finding.extra.refs,
      code: finding.extra.code.map((s) => ({
        ...s,
        name: swap(s.name),
        path: swap(s.path),
        label: swap(s.label),
      })),
    },
  };
}
