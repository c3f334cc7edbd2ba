/**
 * `source` on cloned entities: the theme version or website a page, component, template,
 * layout, menu, form, block or structure was copied from, and its id there. Builds ignore it;
 * site operations write it when they clone, and theme uninstallation reads it to find what a
 * theme brought in. Absent on entities made in the site itself.
 */
import { type Converter, Invalid, isBlank, toId, toObject, toOptionalId } from "./convert.js";
import type { EntitySource } from "./types.js";

const toSourceFields = toObject({
  theme_id: toOptionalId,
  version_id: toOptionalId,
  website_id: toOptionalId,
  id: toId,
});

/** A `source` object; missing, null and "" mean none. */
export const toSource: Converter<EntitySource | null> = (v) => {
  if (isBlank(v)) return null;
  const out = toSourceFields(v);
  if (out instanceof Invalid) return out;
  if (out.theme_id === null && out.website_id === null)
    return new Invalid([
      { message: "Name the theme_id or the website_id it was copied from.", path: ["theme_id"] },
    ]);
  if (out.version_id !== null && out.theme_id === null)
    return new Invalid([{ message: "A version_id needs its theme_id.", path: ["theme_id"] }]);
  return out;
};

/** The entity without a null `source`, so sites without clones keep their exact shape. */
export function withSource<T extends { source: EntitySource | null }>(
  entity: T,
): Omit<T, "source"> & { source?: EntitySource } {
  const { source, ...rest } = entity;
  return source === null ? rest : { ...rest, source };
}
