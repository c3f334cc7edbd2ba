/**
 * Themes: a theme is a site in sitewright's format with an id and a version — a directory with
 * `theme.json` beside the usual files, or a bundle file with a `theme` key. Its files (images,
 * stylesheets) are the `assets/` folder beside them, which installations copy from.
 */
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { SiteValidationError, SitewrightError, type ValidationErrors } from "../errors.js";
import { id, text } from "../site/coerce.js";
import { errorMap, formatPath } from "../site/error-bag.js";
import { readBundle, statOrThrow } from "../site/input-files.js";
import { loadSite } from "../site/load.js";
import type { Site } from "../site/types.js";
import { validateSite } from "../site/validate.js";

/** A theme's identity: `theme.json`, or a bundle's `theme` key. */
export interface ThemeInfo {
  id: string;
  version_id: string;
  name: string;
}

/** A theme version: its identity, its site, and the folder of its files (null when it has none). */
export interface Theme extends ThemeInfo {
  site: Site;
  assetsDir: string | null;
}

const themeInfo = z.object({ id: id(), version_id: id(), name: text("") });

/** True for a Theme rather than a plain Site. */
export function isTheme(value: Site | Theme): value is Theme {
  return "site" in value && "version_id" in value;
}

/** Parses a theme's identity, or adds its problems under `at` (`theme.json`, `theme`). */
function parseInfo(raw: unknown, at: string, errors: ValidationErrors): ThemeInfo | null {
  const result = themeInfo.safeParse(raw ?? undefined, { error: errorMap });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = formatPath(issue.path);
    const key = path ? `${at}.${path}` : at;
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return null;
}

async function folderOrNull(path: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  return info?.isDirectory() ? path : null;
}

/** The loaded site, or its validation problems (any other failure is thrown). */
async function siteOrProblems(
  load: () => Site | Promise<Site>,
): Promise<Site | SiteValidationError> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof SiteValidationError) return err;
    throw err;
  }
}

/**
 * Loads a theme from a directory (`theme.json` with `id`, `version_id` and `name`, beside the
 * site's files) or a bundle file (`{ "theme": {...}, "website": ..., "pages": ... }`). Problems
 * of the identity and of the site are reported together (SiteValidationError); a missing path
 * is E_SITE_NOT_FOUND.
 */
export async function loadTheme(path: string): Promise<Theme> {
  const info = await statOrThrow(path);
  const isDir = info.isDirectory();
  const errors: ValidationErrors = {};
  let identity: ThemeInfo | null;
  let site: Site | SiteValidationError;
  if (isDir) {
    const file = join(path, "theme.json");
    if (!(await stat(file).catch(() => null))?.isFile())
      throw new SitewrightError("E_SITE_NOT_FOUND", `${path} has no theme.json.`, {
        hint: 'A theme directory needs theme.json: { "id": 5, "version_id": 7, "name": "..." }.',
        details: { path },
      });
    identity = parseInfo(await readBundle(file), "theme.json", errors);
    site = await siteOrProblems(() => loadSite(path));
  } else {
    const raw = await readBundle(path);
    const theme =
      typeof raw === "object" && raw !== null ? (raw as { theme?: unknown }).theme : undefined;
    identity = parseInfo(theme, "theme", errors);
    site = await siteOrProblems(() => validateSite(raw));
  }
  if (site instanceof SiteValidationError) {
    if (!identity) Object.assign(errors, site.errors);
    else throw site;
  }
  if (!identity || site instanceof SiteValidationError)
    throw new SiteValidationError(errors, { hint: `Fix the theme at ${path}; it was not loaded.` });
  const assetsDir = await folderOrNull(join(isDir ? path : dirname(path), "assets"));
  return { ...identity, site, assetsDir };
}
