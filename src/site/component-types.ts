/**
 * The component types the generator renders itself. A component whose `component_id` is not
 * one of these is only valid when it is linked to a template or carries its own code.
 */

/** Every built-in component type, in the builder's spelling. */
export const COMPONENT_TYPES = [
  "sectionContent",
  "sectionImage",
  "sectionForm",
  "sectionMenu",
  "sectionHtml",
  "sectionBlock",
  // Reserved for the structures work: a listing of a structure's posts.
  "sectionStructure",
  "templatePartial",
] as const;

/** A built-in component type. */
export type ComponentType = (typeof COMPONENT_TYPES)[number];

const KNOWN: ReadonlySet<string> = new Set(COMPONENT_TYPES);

/** True when `type` is a built-in component type. */
export function isComponentType(type: string): type is ComponentType {
  return KNOWN.has(type);
}

/**
 * The `meta` key each type must reference and the collection it points into; validation
 * checks presence and resolution, so the renderer can look the entity up without guards.
 */
export const COMPONENT_REFERENCES = {
  sectionForm: { key: "form_id", collection: "forms" },
  sectionMenu: { key: "menu_id", collection: "menus" },
  sectionBlock: { key: "block_id", collection: "blocks" },
} as const satisfies Partial<Record<ComponentType, { key: string; collection: string }>>;
