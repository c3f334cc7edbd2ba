import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { EntityRef } from "../generator/preview-routes.js";
import { type EntityBuildOptions, withEntityBuild } from "./entity-build.js";

/** One entity rendered alone. */
export interface RenderedEntity {
  /** A complete HTML document; its stylesheet and assets are root-relative (`/assets/...`). */
  html: string;
  /** Where it sits in a build of the entity (`/`, `/about/`, `/_preview/template-3/`). */
  url: string;
}

/**
 * Renders one page, template or layout through the same isolated renderer as a build: a page
 * exactly as built, a template alone on a preview page with its fields' defaults (samples
 * where a default is empty), a layout's header and footer around placeholder content.
 * Unknown ids are E_ENTITY_NOT_FOUND.
 */
export async function renderEntity(
  site: string | object,
  ref: EntityRef,
  options: EntityBuildOptions = {},
): Promise<RenderedEntity> {
  return withEntityBuild(site, [ref], options, async (dir, [entity]) => {
    const route = entity as { file: string; url: string };
    return { html: await readFile(join(dir, route.file), "utf8"), url: route.url };
  });
}
