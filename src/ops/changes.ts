/**
 * The change summary every site operation returns. It names each entity an operation added,
 * changed or removed, so an incremental build can re-render only what an edit reached and a
 * backend can mirror the edit into its own rows without diffing whole sites.
 */
import type { AreaName, Site } from "../site/types.js";

/** Kinds of entity a change can name; `area` is the header, footer or secured area itself. */
export type EntityKind =
  | "website"
  | "page"
  | "component"
  | "template"
  | "layout"
  | "area"
  | "menu"
  | "form"
  | "block"
  | "redirect"
  | "structure";

/** Where a component lives: a page (by id) or an area (by name). */
export type ComponentHost = { kind: "page"; id: string } | { kind: "area"; id: AreaName };

/** One entity by kind and id; a component also names its host, which renders it. */
export interface EntityKey {
  kind: EntityKind;
  id: string;
  /** For components: the page or area holding it (after the operation, or before a removal). */
  in?: ComponentHost;
}

/** What an operation did, entity by entity; each key appears in one list at most. */
export interface Changes {
  added: EntityKey[];
  changed: EntityKey[];
  removed: EntityKey[];
}

/** The result of every operation: a new valid site (the input untouched) and what changed. */
export interface OpResult<S = Site> {
  site: S;
  changes: Changes;
}

/**
 * The result of an operation that copies from another site: also the site paths of the asset
 * files its copies mention (`/assets/hero.jpg`), which the caller copies along (copyAssets).
 */
export interface CloneResult extends OpResult {
  assets: string[];
}

const keyOf = (e: EntityKey) => `${e.kind}\u0000${e.id}`;

/**
 * Collects changes while an operation edits its draft. Added-then-changed stays added, and
 * added-then-removed disappears, so the summary describes the net effect on the input site.
 */
export class ChangeRecorder {
  private readonly entries = new Map<string, { key: EntityKey; what: keyof Changes }>();

  /** Records a new entity. */
  added(key: EntityKey): void {
    const prior = this.entries.get(keyOf(key));
    // An entity removed earlier in the same operation and added again under its id is a change.
    this.entries.set(keyOf(key), { key, what: prior?.what === "removed" ? "changed" : "added" });
  }

  /** Records an edit of an existing entity (ignored when it was added by this operation). */
  changed(key: EntityKey): void {
    const prior = this.entries.get(keyOf(key));
    if (prior?.what === "added" || prior?.what === "removed") return;
    this.entries.set(keyOf(key), { key, what: "changed" });
  }

  /** Records a removal; removing something this operation added leaves no trace. */
  removed(key: EntityKey): void {
    const prior = this.entries.get(keyOf(key));
    if (prior?.what === "added") this.entries.delete(keyOf(key));
    else this.entries.set(keyOf(key), { key, what: "removed" });
  }

  /** The summary, in the order the changes were recorded. */
  summary(): Changes {
    const out: Changes = { added: [], changed: [], removed: [] };
    for (const { key, what } of this.entries.values()) out[what].push(key);
    return out;
  }
}
