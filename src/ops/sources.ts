/**
 * Where cloning operations read from: a theme version or another website of the builder
 * (seed 001 and 004's "infrastructure" website), each handed over by the caller as a `Site`.
 */
import type { Site } from "../site/types.js";
import { fail } from "./request.js";

/** Resolvers for the sites operations clone from; each may return a promise. */
export interface Sources {
  /** The site of a theme version (`theme_id`/`source_theme_id` and `version_id`). */
  theme?(themeId: string, versionId: string | null): Site | Promise<Site | undefined> | undefined;
  /** Another website of the builder (`infrastructure_website_id`). */
  website?(websiteId: string): Site | Promise<Site | undefined> | undefined;
}

/** The theme's site, or a request error at `field` when it cannot be had. */
export async function themeSite(
  sources: Sources,
  themeId: string,
  versionId: string | null,
  field: string,
): Promise<Site> {
  if (!sources.theme) fail(field, "No theme source is available to clone from.");
  const site = await sources.theme(themeId, versionId);
  if (!site)
    fail(field, `Theme ${themeId}${versionId ? ` version ${versionId}` : ""} was not found.`);
  return site;
}

/** Another website's site, or a request error at `field` when it cannot be had. */
export async function websiteSite(
  sources: Sources,
  websiteId: string,
  field: string,
): Promise<Site> {
  if (!sources.website) fail(field, "No website source is available to clone from.");
  const site = await sources.website(websiteId);
  if (!site) fail(field, `Website ${websiteId} was not found.`);
  return site;
}
