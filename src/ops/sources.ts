/**
 * Where cloning operations read from: a theme version or another website of the builder
 * (seed 001 and 004's "infrastructure" website), each handed over by the caller as a `Site`
 * (a `Theme` from loadTheme also works for themes).
 */
import type { EntitySource, Site } from "../site/types.js";
import { fail } from "./request.js";
import { isTheme, type Theme } from "./theme-load.js";

/** Resolvers for the sites operations clone from; each may return a promise. */
export interface Sources {
  /** The site of a theme version (`theme_id`/`source_theme_id` and `version_id`). */
  theme?(
    themeId: string,
    versionId: string | null,
  ): Site | Theme | Promise<Site | Theme | undefined> | undefined;
  /** Another website of the builder (`infrastructure_website_id`). */
  website?(websiteId: string): Site | Promise<Site | undefined> | undefined;
}

/** Where clones come from: a `source` record without the entity's own id. */
export type Origin = Omit<EntitySource, "id">;

/** A source site and the origin its clones record. */
export interface Resolved {
  site: Site;
  origin: Origin;
}

/**
 * The theme's site, or a request error at `field` when it cannot be had. The version recorded
 * on clones is the requested one, else the returned Theme's, else unknown (null).
 */
export async function themeSite(
  sources: Sources,
  themeId: string,
  versionId: string | null,
  field: string,
): Promise<Resolved> {
  if (!sources.theme) fail(field, "No theme source is available to clone from.");
  const found = await sources.theme(themeId, versionId);
  if (!found)
    fail(field, `Theme ${themeId}${versionId ? ` version ${versionId}` : ""} was not found.`);
  const theme = isTheme(found) ? found : null;
  return {
    site: theme?.site ?? (found as Site),
    origin: {
      theme_id: themeId,
      version_id: versionId ?? theme?.version_id ?? null,
      website_id: null,
    },
  };
}

/** Another website's site, or a request error at `field` when it cannot be had. */
export async function websiteSite(
  sources: Sources,
  websiteId: string,
  field: string,
): Promise<Resolved> {
  if (!sources.website) fail(field, "No website source is available to clone from.");
  const site = await sources.website(websiteId);
  if (!site) fail(field, `Website ${websiteId} was not found.`);
  return { site, origin: { theme_id: null, version_id: null, website_id: websiteId } };
}
