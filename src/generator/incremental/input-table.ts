/**
 * The named inputs of one build and their hashes: `settings`, `template:<id>`, `menu:<id>`,
 * `layout:<id>`, `structure:<key>`, `image:<rel>`, ... Each key has one hash per build, so the
 * record stores the hashes once and every route only the names of the keys it depends on.
 * Hashes are computed when first asked for; an entity that does not exist hashes as "none", so
 * a route that names it notices when it appears.
 */
import type { SiteFrame } from "../../site/types.js";
import type { RenderSettings } from "../build-context.js";
import { indexById } from "../context.js";
import type { PreparedImage } from "../images/image-render.js";
import { localAssetPath } from "../images/image-url.js";
import { findImageReferences } from "../images/scan.js";
import type { StructureIndex, StructureState } from "../structures/index-structures.js";
import { hashValue } from "./hash.js";
import { type TemplateReach, templateReach } from "./template-reach.js";

/** The hash of an input that does not exist. */
export const NONE = "none";

/** The inputs of one build, hashed on demand. */
export interface InputTable {
  /** The hash of `key`. */
  hash(key: string): string;
  /** The site the inputs are read from. */
  readonly site: SiteFrame;
  /**
   * Every input of the site that exists, with its hash (an input not listed hashes as
   * "none"): what the record stores, so that a route whose dependencies were not worked out
   * can be compared input by input once they are. `site` is the hash of them all.
   */
  all(): Record<string, string>;
  /** The reach of template `id` (parsed once per build); null when there is no such template. */
  reachOf(id: string): TemplateReach | null;
  /** Local images named by the data of block `id`, or structure `key`. */
  imagesOf(kind: "block" | "structure", key: string): string[];
}

/** What the table reads its inputs from. */
export interface InputSources {
  site: SiteFrame;
  settings: RenderSettings;
  structures: StructureIndex;
  images: ReadonlyArray<readonly [string, PreparedImage]>;
}

/** Creates the input table of one build. */
export function createInputTable({ site, settings, structures, images }: InputSources): InputTable {
  const hashes = new Map<string, string>();
  const templates = indexById(site.templates);
  const reaches = new Map<string, TemplateReach>();
  const imageTable = new Map(images);
  const entityImages = new Map<string, string[]>();
  const position = <T>(list: readonly T[], item: T | undefined) =>
    item === undefined ? -1 : list.indexOf(item);

  const compute = (key: string): string => {
    const colon = key.indexOf(":");
    const kind = colon < 0 ? key : key.slice(0, colon);
    const id = colon < 0 ? "" : key.slice(colon + 1);
    switch (kind) {
      case "settings":
        return hashValue({ website: site.website, ...settings, strict: settings.strict ?? false });
      case "template": {
        const t = templates.get(id);
        // Its position names it in paths; its name labels it in messages.
        return t ? hashValue({ at: position(site.templates, t), t }) : NONE;
      }
      case "layout": {
        const l = site.layouts.find((x) => x.id === id);
        return l ? hashValue(l) : NONE;
      }
      case "area":
        return hashValue(site.areas[id as keyof SiteFrame["areas"]] ?? []);
      case "menu": {
        const m = site.menus.find((x) => x.id === id);
        return m ? hashValue(m) : NONE;
      }
      case "menus":
        return hashValue(site.menus);
      case "form": {
        const f = site.forms.find((x) => x.id === id);
        return f ? hashValue(f) : NONE;
      }
      case "block": {
        const b = site.blocks.find((x) => x.id === id);
        return b ? hashValue({ at: position(site.blocks, b), b }) : NONE;
      }
      case "structure": {
        const state = structures.byKey.get(id);
        return state ? stateHash(state) : NONE;
      }
      case "structures":
        return hashValue(structures.states.map(stateHash));
      case "image": {
        const entry = imageTable.get(id);
        return entry ? imageHash(entry) : NONE;
      }
      case "images": {
        // Sorted: images are prepared in parallel and land in the table as their reads finish.
        const rels = [...imageTable.keys()].sort();
        return hashValue(rels.map((rel) => [rel, imageHash(imageTable.get(rel) as PreparedImage)]));
      }
      case "site":
        return hashValue(Object.entries(everything()).sort(([a], [b]) => (a < b ? -1 : 1)));
      default:
        throw new Error(`No input named ${key}: a defect in sitewright's incremental build.`);
    }
  };

  const hash = (key: string) => {
    let h = hashes.get(key);
    if (h === undefined) {
      h = compute(key);
      hashes.set(key, h);
    }
    return h;
  };
  let all: Record<string, string> | undefined;
  const everything = () => {
    if (all) return all;
    const keys = [
      "settings",
      "area:header",
      "area:footer",
      "area:secured",
      "menus",
      "structures",
      "images",
      ...site.templates.map((t) => `template:${t.id}`),
      ...site.layouts.map((l) => `layout:${l.id}`),
      ...site.menus.map((m) => `menu:${m.id}`),
      ...site.forms.map((f) => `form:${f.id}`),
      ...site.blocks.map((b) => `block:${b.id}`),
      ...[...structures.byKey.keys()].map((k) => `structure:${k}`),
      ...[...imageTable.keys()].map((rel) => `image:${rel}`),
    ];
    all = Object.fromEntries(keys.map((key) => [key, hash(key)]));
    return all;
  };

  return {
    hash,
    site,
    all: () => ({ ...everything(), site: hash("site") }),
    reachOf(id) {
      const t = templates.get(id);
      if (!t) return null;
      const reach = reaches.get(id) ?? templateReach(t.code);
      reaches.set(id, reach);
      return reach;
    },
    imagesOf(kind, key) {
      const cacheKey = `${kind}:${key}`;
      let found = entityImages.get(cacheKey);
      if (!found) {
        const data =
          kind === "block"
            ? site.blocks.find((b) => b.id === key)
            : structures.byKey.get(key)?.structure;
        found = data ? localImages(data) : [];
        entityImages.set(cacheKey, found);
      }
      return found;
    },
  };
}

/** A structure as pages see it: its data, where it sits, and which posts are live at the build's clock. */
function stateHash(state: StructureState): string {
  return hashValue({
    at: state.index,
    structure: state.structure,
    live: state.live.map((p) => p.id),
  });
}

// Without the server path of the file, which says nothing about the output.
function imageHash(entry: PreparedImage): string {
  return hashValue({ source: { ...entry.source, file: "" }, variants: entry.variants });
}

function localImages(data: unknown): string[] {
  const rels = new Set<string>();
  for (const ref of findImageReferences(data, "")) {
    const local = localAssetPath(ref.url);
    if (local?.ok) rels.add(local.rel);
  }
  return [...rels].sort();
}
