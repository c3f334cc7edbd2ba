/**
 * Why a route was rendered again rather than carried from the previous build: one reason per
 * changed input, like the typed reasons of Hugo's deploy ("size differs", "md5 differs").
 */
import type { SiteFrame } from "../../site/types.js";

/** Why a build did not use a previous build at all. */
export type CleanReason =
  /** `incremental: false` / `--no-incremental`. */
  | "clean-requested"
  /** No record beside the output folder (first build, or a build before records existed). */
  | "no-record"
  /** The record cannot be read or is not a record. */
  | "record-unreadable"
  /** The record was written by another sitewright (code or output-shaping library). */
  | "other-version"
  /** The record is of another website. */
  | "other-site"
  /** The output folder is not the build the record describes (replaced, edited, or gone). */
  | "output-changed"
  /** `only` (entities rendered alone) never reads nor writes a record. */
  | "entities-only";

/** Why one route was rendered again. */
export type RebuildReason =
  | { kind: "no-record" }
  | { kind: "new-route" }
  | { kind: "route-changed" }
  | { kind: "page-changed" }
  /** Its position among the pages moved, and its warnings name that position. */
  | { kind: "position-changed" }
  | { kind: "settings-changed" }
  | { kind: "layout-changed"; id: string }
  | { kind: "area-changed"; area: string }
  | { kind: "template-changed"; template: string; id: string }
  | { kind: "menu-changed"; id: string }
  | { kind: "menus-changed" }
  | { kind: "form-changed"; id: string }
  | { kind: "block-changed"; id: string }
  | { kind: "structure-changed"; structure: string }
  | { kind: "structures-changed" }
  | { kind: "image-changed"; image: string }
  | { kind: "images-changed" }
  /** A template it uses names another by a way that cannot be read without running it. */
  | { kind: "dynamic" }
  /** The previous build's manifest does not list its file. */
  | { kind: "output-missing" }
  /** The set of inputs it depends on changed without any one of them changing (defensive). */
  | { kind: "inputs-changed" };

/** A route rendered by this build, and why. */
export interface RebuiltRoute {
  file: string;
  url: string;
  reasons: RebuildReason[];
}

/** The reason an input key's change gives. */
export function reasonForKey(key: string, site: SiteFrame): RebuildReason {
  const colon = key.indexOf(":");
  const kind = colon < 0 ? key : key.slice(0, colon);
  const id = colon < 0 ? "" : key.slice(colon + 1);
  switch (kind) {
    case "route":
      return { kind: "route-changed" };
    case "page":
      return { kind: "page-changed" };
    case "settings":
      return { kind: "settings-changed" };
    case "layout":
      return { kind: "layout-changed", id };
    case "area":
      return { kind: "area-changed", area: id };
    case "template":
      return {
        kind: "template-changed",
        template: site.templates.find((t) => t.id === id)?.name ?? id,
        id,
      };
    case "menu":
      return { kind: "menu-changed", id };
    case "menus":
      return { kind: "menus-changed" };
    case "form":
      return { kind: "form-changed", id };
    case "block":
      return { kind: "block-changed", id };
    case "structure":
      return { kind: "structure-changed", structure: id };
    case "structures":
      return { kind: "structures-changed" };
    case "image":
      return { kind: "image-changed", image: id };
    case "images":
      return { kind: "images-changed" };
    default:
      return { kind: "inputs-changed" };
  }
}

/** One line of text for a reason, as `sitewright build --explain` prints it. */
export function describeReason(reason: RebuildReason): string {
  switch (reason.kind) {
    case "no-record":
      return "no previous build to compare with";
    case "new-route":
      return "new route";
    case "route-changed":
      return "its URL or what it shows changed";
    case "page-changed":
      return "page changed";
    case "position-changed":
      return "its position among the pages moved (its warnings name it)";
    case "settings-changed":
      return "site settings or build options changed";
    case "layout-changed":
      return `layout ${reason.id} changed`;
    case "area-changed":
      return `${reason.area} area changed`;
    case "template-changed":
      return `template ${reason.template} changed`;
    case "menu-changed":
      return `menu ${reason.id} changed`;
    case "menus-changed":
      return "menus changed (a template reads any of them)";
    case "form-changed":
      return `form ${reason.id} changed`;
    case "block-changed":
      return `block ${reason.id} changed`;
    case "structure-changed":
      return `structure ${reason.structure} changed`;
    case "structures-changed":
      return "structures changed (a template reads any of them)";
    case "image-changed":
      return `image ${reason.image} changed`;
    case "images-changed":
      return "images changed (a template renders any of them with picture())";
    case "dynamic":
      return "a template's dependencies cannot be known; always rebuilt";
    case "output-missing":
      return "its file is missing from the previous build";
    case "inputs-changed":
      return "the set of inputs it depends on changed";
  }
}
