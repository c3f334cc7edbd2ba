/**
 * What a list of components (a page's, or an area's) refers to, read from the components
 * alone: linked templates, the reach of their own code, the menus, forms, blocks and
 * structures their settings name, their local images, and the utility classes their section
 * wrappers add. A page's refs depend only on the page, so the record keeps them and an
 * unchanged page is never read again to find them.
 */
import type { Component } from "../../site/types.js";
import { safeUrl } from "../../text/safe-url.js";
import { wrapSection } from "../components/section.js";
import type { ComponentContext } from "../context.js";
import { localAssetPath } from "../images/image-url.js";
import { findImageReferences, type ImageReference } from "../images/scan.js";
import { mergeReach, NO_REACH, type TemplateReach, templateReach } from "./template-reach.js";

/**
 * When a component's utility classes reach the page: `always`, or only when the entity its
 * renderer needs exists (`menu:<id>`, `form:<id>`, `block:<id>`, `structure:<key>`); a
 * renderer that gives up without that entity renders no section wrapper.
 */
export type UtilityCondition = string;

/** What a component list refers to; see the module comment. */
export interface ComponentRefs {
  templates: string[];
  /** The reach of the components' own code (components without a linked template). */
  reach: TemplateReach;
  menus: string[];
  forms: string[];
  blocks: string[];
  structures: string[];
  /** Paths inside the assets folder of the local images the components' data names. */
  images: string[];
  /** Utility classes by the condition under which they are used. */
  utilities: Record<UtilityCondition, string[]>;
}

/**
 * Reads the refs of `components`; `images`, when given, are their image references already
 * found (see componentImageReferences), which spares walking their data again.
 */
export function componentRefs(
  components: readonly Component[],
  images?: readonly ImageReference[],
): ComponentRefs {
  const templates = new Set<string>();
  const menus = new Set<string>();
  const forms = new Set<string>();
  const blocks = new Set<string>();
  const structures = new Set<string>();
  const reach: TemplateReach = { ...NO_REACH, includes: [], menus: [], structures: [] };
  const utilities = new Map<UtilityCondition, Set<string>>();
  for (const c of components) {
    if (c.template_id) templates.add(c.template_id);
    else if (c.code) mergeReach(reach, templateReach(c.code));
    // Named ids count whatever the type: a reference too many costs a render, never a wrong byte.
    const meta = c.meta;
    if (meta.menu_id !== undefined && meta.menu_id !== null) menus.add(String(meta.menu_id));
    if (meta.form_id !== undefined && meta.form_id !== null) forms.add(String(meta.form_id));
    if (meta.block_id !== undefined && meta.block_id !== null) blocks.add(String(meta.block_id));
    const structure = meta.structure ?? meta.structure_id;
    if (structure !== undefined && structure !== null) structures.add(String(structure));
    const condition = wrapCondition(c);
    if (condition !== null) {
      const set = utilities.get(condition) ?? new Set<string>();
      utilities.set(condition, set);
      for (const cls of sectionUtilities(c)) set.add(cls);
    }
  }
  const rels = new Set<string>();
  for (const ref of images ?? findImageReferences(components, "")) {
    const local = localAssetPath(ref.url);
    if (local?.ok) rels.add(local.rel);
  }
  const byCondition: Record<UtilityCondition, string[]> = {};
  for (const [condition, set] of [...utilities].sort(([a], [b]) => (a < b ? -1 : 1)))
    if (set.size > 0) byCondition[condition] = [...set].sort();
  return {
    templates: [...templates].sort(),
    reach,
    menus: [...menus].sort(),
    forms: [...forms].sort(),
    blocks: [...blocks].sort(),
    structures: [...structures].sort(),
    images: [...rels].sort(),
    utilities: byCondition,
  };
}

/**
 * Whether `c` renders inside a section wrapper, mirroring renderComponent and the built-in
 * renderers' early returns (components/*.ts): null when it never does.
 */
function wrapCondition(c: Component): UtilityCondition | null {
  if (c.template_id || c.code) return "always";
  const meta = c.meta;
  switch (c.component_id) {
    case "sectionContent":
      return "always";
    case "sectionHtml":
      return typeof (meta.html ?? meta.code ?? "") === "string" ? "always" : null;
    case "sectionImage":
      return safeUrl(String(meta.image ?? meta.url ?? meta.src ?? "")) ? "always" : null;
    case "sectionMenu":
      return `menu:${String(meta.menu_id ?? "")}`;
    case "sectionForm":
      return `form:${String(meta.form_id ?? "")}`;
    case "sectionBlock":
      return `block:${String(meta.block_id ?? "")}`;
    case "sectionStructure": {
      const key = meta.structure ?? meta.structure_id;
      return key === undefined || key === null ? null : `structure:${String(key)}`;
    }
    default:
      return null;
  }
}

// The settings wrapSection turns into utility classes; nothing else of a component reaches them.
const SECTION_SETTINGS = [
  "padding_top",
  "padding_bottom",
  "flex_grids",
  "content_hotizontal_position",
] as const;
const sectionMemo = new Map<string, string[]>();

/**
 * The utility classes wrapSection adds for `c`, by running it on a context that only collects;
 * remembered by the settings it reads, which most components of a site share.
 */
function sectionUtilities(c: Component): string[] {
  const key = JSON.stringify(SECTION_SETTINGS.map((name) => c.meta[name] ?? null));
  let found = sectionMemo.get(key);
  if (!found) {
    const utilities = new Set<string>();
    const ctx = { build: { utilities, warn: () => {} }, path: "" } as unknown as ComponentContext;
    wrapSection(c, ctx, "");
    found = [...utilities];
    if (sectionMemo.size < 10_000) sectionMemo.set(key, found);
  }
  return found;
}
