/**
 * A site operation on a site directory: load it, apply the operation, and write back only the
 * files whose bytes change, with the assets the operation's clones mention, all or nothing
 * (see commit-files.ts). Nothing in the directory changes when anything fails.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { SiteValidationError, SitewrightError } from "../errors.js";
import { commitFiles, type FileChange } from "../site/commit-files.js";
import { readSiteFiles } from "../site/directory-files.js";
import { parseJson } from "../site/json-file.js";
import { loadSite } from "../site/load.js";
import { planDirectoryWrite } from "../site/plan-directory-write.js";
import type { Changes } from "./changes.js";
import type { AssetCopyReport } from "./copy-assets.js";
import { loadDirSources, type SourceSpec } from "./dir-sources.js";
import { SITE_OPERATIONS } from "./site-operations.js";
import { stageAssets } from "./stage-assets.js";

/** What `runSiteOperation` did. */
export interface SiteOperationReport {
  operation: string;
  /** The change summary of an edit; null for a document-only operation (export, preview). */
  changes: Changes | null;
  /** The edit's other results (`page`, `component`, `theme`, `assets`), without the site. */
  result: Record<string, unknown> | null;
  /** Files below the site directory written (new or changed) and removed, relative paths. */
  files: { written: string[]; removed: string[] };
  /** What became of the assets the clones mention; null when there were none. */
  assets: AssetCopyReport | null;
  /** The exported document or install preview; null for an edit. */
  document: unknown;
}

/** Options of runSiteOperation. */
export interface SiteOperationOptions {
  /** Themes and websites to clone from (see parseSourceSpec). */
  sources?: readonly SourceSpec[];
}

/** The operation names runSiteOperation accepts (`add-component`, `install-theme`, ...). */
export const SITE_OPERATION_NAMES = Object.keys(SITE_OPERATIONS);

/** Reads a request file: JSON, or E_SITE_JSON naming the line and column; E_USAGE when unreadable. */
export async function readRequestFile(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8").catch((cause: unknown) => {
    throw new SitewrightError("E_USAGE", `Cannot read the request file ${path}.`, { cause });
  });
  const parsed = parseJson(text);
  if ("problem" in parsed)
    throw new SiteValidationError(
      { [path]: [`Invalid JSON at ${parsed.problem.message}`] },
      { code: "E_SITE_JSON", hint: "Fix the request's JSON syntax; nothing was changed." },
    );
  return parsed.value;
}

async function requireDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory())
    throw new SitewrightError("E_SITE_NOT_FOUND", `${dir} is not a site directory.`, {
      hint: "Site operations write back into a directory of JSON files (docs/site-format.md).",
      details: { path: dir },
    });
}

/**
 * Applies `operation` (a name of SITE_OPERATION_NAMES) with `request` to the site directory
 * `dir` and writes the result back. A bad request is the operation's SiteValidationError.
 */
export async function runSiteOperation(
  dir: string,
  operation: string,
  request: unknown,
  options: SiteOperationOptions = {},
): Promise<SiteOperationReport> {
  const run = SITE_OPERATIONS[operation];
  if (!run)
    throw new SitewrightError("E_USAGE", `Unknown site operation "${operation}".`, {
      hint: `Use one of: ${SITE_OPERATION_NAMES.join(", ")}.`,
    });
  await requireDirectory(dir);
  const from = await loadDirSources(options.sources ?? []);
  const before = await loadSite(dir);
  const outcome = await run(before, request, from);
  const report: SiteOperationReport = {
    operation,
    changes: null,
    result: null,
    files: { written: [], removed: [] },
    assets: null,
    document: null,
  };
  if (!outcome.edit) return { ...report, document: outcome.document };
  const { site: after, changes, ...result } = outcome.edit;
  const plan = planDirectoryWrite(await readSiteFiles(dir), before, after);
  const fileChanges: FileChange[] = [...plan].map(([rel, text]) =>
    text === null ? { rel, remove: true } : { rel, content: text },
  );
  const stage = await mkdtemp(join(dir, ".sitewright-stage-"));
  try {
    const assets = result.assets?.length
      ? await stageAssets(
          result.assets,
          outcome.assetsFrom !== undefined ? outcome.assetsFrom : from.assetsDir(),
          dir,
          stage,
        )
      : null;
    const all = [...fileChanges, ...(assets?.changes ?? [])];
    await commitFiles(dir, stage, all);
    return {
      ...report,
      changes,
      result,
      assets: assets?.report ?? null,
      files: {
        written: all.filter((c) => !("remove" in c)).map((c) => c.rel),
        removed: all.filter((c) => "remove" in c).map((c) => c.rel),
      },
    };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}
