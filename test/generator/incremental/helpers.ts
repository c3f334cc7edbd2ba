/** Helpers of the incremental build tests: a small site written as a directory, and file-by-file comparison. */
import {
  copyFileSync,
  type Dirent,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";
import { type BuildOptions, type BuildResult, buildSite } from "../../../src/generator/build.js";

/** A site in the directory format, as plain data: `pages` become one file each. */
export type SiteModel = Record<string, unknown> & { pages: Array<Record<string, unknown>> };

/**
 * Writes `model` into `dir` as a site directory, touching only the files whose content
 * changed (as an editor saving one entity would), so unchanged page files keep their stamps.
 * `assets` maps file names in `assets/` to source files to copy.
 */
export function writeSiteDir(
  dir: string,
  model: SiteModel,
  assets: Record<string, string> = {},
): void {
  const wanted = new Map<string, string | { copy: string }>();
  for (const [key, value] of Object.entries(model)) {
    if (key === "pages") continue;
    wanted.set(`${key}.json`, JSON.stringify(value, null, 1));
  }
  for (const page of model.pages)
    wanted.set(`pages/${String(page.id).padStart(4, "0")}.json`, JSON.stringify(page, null, 1));
  for (const [name, source] of Object.entries(assets))
    wanted.set(`assets/${name}`, { copy: source });
  const present = new Set(listFiles(dir).filter((f) => !f.startsWith(".")));
  for (const file of present) if (!wanted.has(file)) rmSync(join(dir, file));
  for (const [file, content] of wanted) {
    const full = join(dir, file);
    mkdirSync(dirname(full), { recursive: true });
    if (typeof content === "string") {
      const old = present.has(file) ? readFileSync(full, "utf8") : null;
      if (old !== content) writeFileSync(full, content);
    } else {
      const old = present.has(file) ? readFileSync(full) : null;
      if (!old?.equals(readFileSync(content.copy))) copyFileSync(content.copy, full);
    }
  }
}

/** Every file under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** Every file under `dir` with its bytes (base64), to compare two builds or a build before and after. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of listFiles(dir)) files[file] = readFileSync(join(dir, file), "base64");
  return files;
}

/**
 * Builds `site` incrementally into `incDir` and from scratch into `cleanDir`, and expects the
 * same files with the same bytes, the same manifest and the same warnings.
 */
export async function buildAndCompare(
  site: string | object,
  incDir: string,
  cleanDir: string,
  options: Omit<BuildOptions, "outDir"> = {},
): Promise<{ incremental: BuildResult; clean: BuildResult }> {
  const incremental = await buildSite(site, { ...options, outDir: incDir });
  const clean = await buildSite(site, { ...options, outDir: cleanDir, incremental: false });
  expectSameBuild(incDir, cleanDir);
  expect(incremental.manifest).toEqual(clean.manifest);
  expect(incremental.warnings).toEqual(clean.warnings);
  return { incremental, clean };
}

/** Expects two output folders to hold the same files with the same bytes. */
export function expectSameBuild(a: string, b: string): void {
  const left = snapshot(a);
  const right = snapshot(b);
  expect(Object.keys(left)).toEqual(Object.keys(right));
  const differing = Object.keys(left).filter((f) => left[f] !== right[f]);
  expect(differing).toEqual([]);
}

/** The files a build rendered again (not carried), sorted. */
export function rebuiltFiles(result: BuildResult): string[] {
  return result.incremental.rebuilt.map((r) => r.file).sort();
}
