/**
 * Thumbnails of many entities of one site at once: one build of all of them, one preview
 * server, one browser shooting a bounded number of pages at a time (the thumbnailer's).
 */
import type { EntityRef, EntityRoute } from "../generator/preview-routes.js";
import { startPreviewServer } from "../preview/server.js";
import { openSite } from "../site/load.js";
import { type EntityBuildOptions, withEntityBuild } from "./entity-build.js";
import type { Thumbnail, Thumbnailer } from "./thumbnailer.js";

/** How shootEntities works. */
export interface ShootOptions {
  thumbnailer: Thumbnailer;
  /** Thumbnail width (the @2x one is twice it); default the thumbnailer's. */
  width?: number;
  build?: EntityBuildOptions;
  /** Called after each thumbnail. */
  onProgress?: (done: number, total: number) => void;
}

/** Every page, template and layout of a site, in that order. */
export async function allEntities(site: string | object): Promise<EntityRef[]> {
  const { site: frame } = await openSite(site);
  return [
    ...frame.pages.map((p): EntityRef => ({ type: "page", id: p.id })),
    ...frame.templates.map((t): EntityRef => ({ type: "template", id: t.id })),
    ...frame.layouts.map((l): EntityRef => ({ type: "layout", id: l.id })),
  ];
}

/** Builds `refs` of `site`, shoots each and hands every thumbnail to `use`, in `refs` order. */
export async function shootEntities(
  site: string | object,
  refs: readonly EntityRef[],
  options: ShootOptions,
  use: (entity: EntityRoute, thumbnail: Thumbnail) => Promise<void>,
): Promise<number> {
  return withEntityBuild(site, refs, options.build ?? {}, async (root, entities) => {
    const server = await startPreviewServer({ root });
    try {
      let done = 0;
      const shots = entities.map((entity) =>
        options.thumbnailer
          .shoot(new URL(entity.url, server.url).href, { width: options.width })
          .then((thumbnail) => {
            options.onProgress?.(++done, entities.length);
            return thumbnail;
          }),
      );
      // Failures surface in order; a failure before its turn must not count as unhandled.
      for (const shot of shots) shot.catch(() => {});
      for (const [i, entity] of entities.entries())
        await use(entity, await (shots[i] as Promise<Thumbnail>));
      return entities.length;
    } finally {
      await server.close();
    }
  });
}
