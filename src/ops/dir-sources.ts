/**
 * The sites that cloning operations read from, given as paths: `theme=PATH` (a theme directory or
 * bundle, known by the id and version in its theme.json) and `website=PATH` (a site directory or
 * bundle, known by its website id; `website:ID=PATH` files it under another id).
 */
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { SiteValidationError, SitewrightError } from "../errors.js";
import { loadSite } from "../site/load.js";
import type { Site } from "../site/types.js";
import type { Sources } from "./sources.js";
import { loadTheme, type Theme } from "./theme-load.js";

/** One source: a theme or another website, at a path; `id` pins (theme) or sets (website) its id. */
export interface SourceSpec {
  kind: "theme" | "website";
  id: string | null;
  path: string;
}

const SPEC = /^(theme|website)(?::([^=]+))?=(.+)$/;

/** Parses `theme=PATH`, `theme:ID=PATH`, `website=PATH` or `website:ID=PATH`; E_USAGE otherwise. */
export function parseSourceSpec(text: string): SourceSpec {
  const match = SPEC.exec(text);
  if (!match)
    throw new SitewrightError("E_USAGE", `--source "${text}" is not KIND=PATH or KIND:ID=PATH.`, {
      hint: "Use e.g. --source theme=fixtures/themes/starter or --source website:12=sites/other.",
    });
  return {
    kind: match[1] as SourceSpec["kind"],
    id: match[2]?.trim() ?? null,
    path: match[3] as string,
  };
}

/** Sources read from paths; `assetsDir` is the assets folder of the last one an operation used. */
export interface DirSources {
  sources: Sources;
  themes: Theme[];
  assetsDir(): string | null;
}

async function folderOrNull(path: string): Promise<string | null> {
  return (await stat(path).catch(() => null))?.isDirectory() ? path : null;
}

/** Loading problems of a source are its own, not the request's: the hint names the source. */
async function loading<T>(spec: SourceSpec, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof SiteValidationError)) throw err;
    throw new SiteValidationError(err.errors, {
      code: err.code as "E_SITE_INVALID",
      hint: `Fix the ${spec.kind} given as --source ${spec.kind}=${spec.path}; nothing was changed.`,
    });
  }
}

/** Loads every source; a theme whose theme.json id differs from a pinned id is E_USAGE. */
export async function loadDirSources(specs: readonly SourceSpec[]): Promise<DirSources> {
  const themes: Theme[] = [];
  const websites = new Map<string, { site: Site; assetsDir: string | null }>();
  for (const spec of specs) {
    if (spec.kind === "theme") {
      const theme = await loading(spec, () => loadTheme(spec.path));
      if (spec.id !== null && spec.id !== theme.id)
        throw new SitewrightError(
          "E_USAGE",
          `--source theme:${spec.id}=${spec.path} holds theme ${theme.id}, not ${spec.id}.`,
        );
      themes.push(theme);
      continue;
    }
    const site = await loading(spec, () => loadSite(spec.path));
    const isDir = (await stat(spec.path)).isDirectory();
    const assetsDir = await folderOrNull(join(isDir ? spec.path : dirname(spec.path), "assets"));
    websites.set(spec.id ?? site.website.id, { site, assetsDir });
  }
  let used: string | null = null;
  return {
    themes,
    assetsDir: () => used,
    sources: {
      theme(themeId, versionId) {
        const theme = themes.find(
          (t) => t.id === themeId && (versionId === null || t.version_id === versionId),
        );
        if (theme) used = theme.assetsDir;
        return theme;
      },
      website(websiteId) {
        const found = websites.get(websiteId);
        if (found) used = found.assetsDir;
        return found?.site;
      },
    },
  };
}
