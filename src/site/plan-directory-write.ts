/**
 * Plans writing an edited `Site` back into the directory it was loaded from: each entity goes
 * into the file it came from, merged over its raw row (merge-raw.ts), new ones into new files
 * named to keep the collection's order, and only files whose bytes change are touched. The plan
 * is read back with the loader's rules and validated; an entity whose merged row would load
 * differently is written in its normalized form instead, and anything else is refused.
 */
import { isDeepStrictEqual } from "node:util";
import { SiteValidationError, SitewrightError } from "../errors.js";
import {
  type Collection,
  codeFileOf,
  composeRaw,
  folderFiles,
  type Place,
  type SiteFiles,
} from "./directory-files.js";
import { fileNameBetween, fileSlug } from "./entry-file-name.js";
import { DIRECTORY_COLLECTIONS } from "./load-directory.js";
import { mergeRaw } from "./merge-raw.js";
import type { Component, Site } from "./types.js";
import { validateSite } from "./validate.js";

/** Relative path → new text, or null to delete; only files whose bytes change. */
export type DirectoryWrite = Map<string, string | null>;

type Entity = Record<string, unknown>;

/** Sites are compared without `position`, which only records an input index. */
function comparable(site: Site): Site {
  const bare = (list: Component[]) => list.map(({ position: _, ...c }) => c);
  return {
    ...site,
    pages: site.pages.map((p) => ({ ...p, components: bare(p.components) })),
    areas: {
      header: bare(site.areas.header),
      footer: bare(site.areas.footer),
      secured: bare(site.areas.secured),
    },
  };
}

// Redirects have no id; an edited one is a removal and an addition.
const keyOf = (name: Collection, e: Entity): string =>
  name === "redirects" ? JSON.stringify(e) : String(e.id);

const unitOf = (name: Collection, e: Entity) => `${name}:${keyOf(name, e)}`;

function slugOf(name: Collection, e: Entity): string {
  const text =
    name === "pages"
      ? e.post_name === "/"
        ? "home"
        : e.post_name
      : name === "structures"
        ? e.type
        : name === "redirects"
          ? e.from
          : e.name;
  return fileSlug(typeof text === "string" ? text : "", `${name.replace(/s$/, "")}-${e.id}`);
}

/** A draft of the files after the edit; `units` are the entities it wrote anew. */
interface Draft extends SiteFiles {
  dirty: Set<string>;
  units: Set<string>;
}

const basename = (rel: string) => rel.slice(rel.indexOf("/") + 1);

/** Writes one changed collection into the draft. */
function draftCollection(
  draft: Draft,
  name: Collection,
  original: { raw: unknown[]; places: Place[] },
  before: Entity[],
  after: Entity[],
  forced: ReadonlySet<string>,
): void {
  const old = new Map(before.map((e, i) => [keyOf(name, e), i]));
  const values = after.map((e) => {
    const i = old.get(keyOf(name, e));
    if (i === undefined) {
      draft.units.add(unitOf(name, e));
      return e;
    }
    const prior = before[i] as Entity;
    if (isDeepStrictEqual(prior, e)) return original.raw[i];
    draft.units.add(unitOf(name, e));
    return forced.has(unitOf(name, e)) ? e : mergeRaw(original.raw[i], prior, e);
  });
  if (draft.forms[name] !== "folder") {
    draft.forms[name] = "file";
    draft.json.set(`${name}.json`, values);
    draft.dirty.add(`${name}.json`);
    return;
  }
  draftFolder(draft, name, original.places, before, after, values);
}

interface Slot {
  array: boolean;
  keys: string[];
  fresh: boolean;
}

/** Places a folder collection's entities into its files, new files for new entities. */
function draftFolder(
  draft: Draft,
  name: Collection,
  places: Place[],
  before: Entity[],
  after: Entity[],
  values: unknown[],
): void {
  const slots = new Map<string, Slot>();
  const where = new Map<string, string>();
  for (const rel of folderFiles(draft, name))
    slots.set(rel, { array: Array.isArray(draft.json.get(rel)), keys: [], fresh: false });
  before.forEach((e, i) => {
    const place = places[i] as Place;
    (slots.get(place.rel) as Slot).keys[place.index ?? 0] = keyOf(name, e);
    where.set(keyOf(name, e), place.rel);
  });
  const kept = new Set(after.map((e) => keyOf(name, e)));
  for (const [rel, slot] of slots) {
    const keys = slot.keys.filter((k) => kept.has(k));
    if (keys.length !== slot.keys.length) draft.dirty.add(rel);
    slot.keys = keys;
  }
  after.forEach((e, k) => {
    const key = keyOf(name, e);
    let rel = where.get(key);
    if (rel === undefined) {
      rel = placeNew(slots, where, name, after, k, slugOf(name, e), draft);
      where.set(key, rel);
    }
    if (draft.units.has(unitOf(name, e))) draft.dirty.add(rel);
  });
  const valueByKey = new Map(after.map((e, k) => [keyOf(name, e), values[k]]));
  for (const [rel, slot] of slots) {
    if (!draft.dirty.has(rel)) continue;
    if (slot.keys.length === 0) {
      draft.json.delete(rel);
      if (draft.code.delete(codeFileOf(rel))) draft.dirty.add(codeFileOf(rel));
      continue;
    }
    const list = slot.keys.map((k) => valueByKey.get(k));
    if (slot.array) draft.json.set(rel, list);
    else writeSingle(draft, name, rel, list[0] as Entity, slot.fresh);
  }
}

/** A new entity goes into the array file of its predecessor, else a new file after it. */
function placeNew(
  slots: Map<string, Slot>,
  where: Map<string, string>,
  name: Collection,
  after: Entity[],
  k: number,
  slug: string,
  draft: Draft,
): string {
  const key = keyOf(name, after[k] as Entity);
  const prevKey = k > 0 ? keyOf(name, after[k - 1] as Entity) : null;
  const prev = prevKey === null ? null : (where.get(prevKey) as string);
  const prevSlot = prev === null ? undefined : slots.get(prev);
  if (prevSlot?.array && prevKey !== null) {
    const at = prevSlot.keys.indexOf(prevKey) + 1;
    if (at < prevSlot.keys.length) {
      prevSlot.keys.splice(at, 0, key);
      return prev as string;
    }
  }
  const rels = [...slots.keys()].sort();
  const next = rels.find((rel) => prev === null || rel > prev) ?? null;
  const taken = new Set([...rels, ...draft.code.keys()].map(basename));
  const file = fileNameBetween(
    prev === null ? null : basename(prev),
    next === null ? null : basename(next),
    slug,
    taken,
  );
  if (file === null)
    throw new SitewrightError(
      "E_OUTPUT",
      `No file name in ${name}/ sorts between ${prev ?? "the start"} and ${next ?? "the end"}.`,
      { hint: `Rename the files of ${name}/ to leave gaps in their numbers (010-, 020-, ...).` },
    );
  const rel = `${name}/${file}`;
  slots.set(rel, { array: false, keys: [key], fresh: true });
  return rel;
}

/** A one-entity file; a template's code goes into its `.njk` when it had one (or is new). */
function writeSingle(draft: Draft, name: Collection, rel: string, value: Entity, fresh: boolean) {
  const njk = codeFileOf(rel);
  if (name !== "templates" || typeof value.code !== "string" || !(fresh || draft.code.has(njk))) {
    draft.json.set(rel, value);
    return;
  }
  const { code, ...rest } = value;
  draft.json.set(rel, rest);
  draft.code.set(njk, code as string);
  draft.dirty.add(njk);
}

function draftFiles(files: SiteFiles, before: Site, after: Site, forced: ReadonlySet<string>) {
  const draft: Draft = {
    json: new Map(files.json),
    code: new Map(files.code),
    forms: { ...files.forms },
    dirty: new Set(),
    units: new Set(),
  };
  const { raw, places } = composeRaw(files);
  for (const unit of ["website", "areas"] as const) {
    if (isDeepStrictEqual(before[unit], after[unit])) continue;
    draft.units.add(unit);
    const rel = `${unit}.json`;
    const value = forced.has(unit) ? after[unit] : mergeRaw(raw[unit], before[unit], after[unit]);
    draft.json.set(rel, value);
    draft.dirty.add(rel);
  }
  for (const name of DIRECTORY_COLLECTIONS) {
    const b = before[name] as unknown as Entity[];
    const a = after[name] as unknown as Entity[];
    if (isDeepStrictEqual(b, a)) continue;
    const list = Array.isArray(raw[name]) ? (raw[name] as unknown[]) : [];
    draftCollection(draft, name, { raw: list, places: places[name] }, b, a, forced);
  }
  return draft;
}

/** The entities of `draft` that load differently from `after` (every written one if invalid). */
function mismatches(draft: Draft, after: Site): Set<string> {
  let loaded: Site;
  try {
    loaded = comparable(validateSite(composeRaw(draft).raw));
  } catch (err) {
    if (err instanceof SiteValidationError) return draft.units;
    throw err;
  }
  const out = new Set<string>();
  for (const unit of ["website", "areas"] as const)
    if (!isDeepStrictEqual(loaded[unit], after[unit])) out.add(unit);
  for (const name of DIRECTORY_COLLECTIONS) {
    const a = after[name] as unknown as Entity[];
    const l = loaded[name] as unknown as Entity[];
    const order = (list: Entity[]) => list.map((e) => keyOf(name, e));
    if (!isDeepStrictEqual(order(a), order(l)))
      throw new SitewrightError(
        "E_OUTPUT",
        `The ${name} of the edited site cannot be stored in their order.`,
        {
          hint: "Report this as a bug, with the operation and the site directory's file names.",
        },
      );
    a.forEach((e, i) => {
      if (!isDeepStrictEqual(e, l[i])) out.add(unitOf(name, e));
    });
  }
  return out;
}

const serialize = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The file changes that store `after` in a directory whose files are `files` and which loads as
 * `before`. Throws E_OUTPUT when no layout of the files loads back as `after`.
 */
export function planDirectoryWrite(
  files: SiteFiles & { texts: ReadonlyMap<string, string> },
  before: Site,
  after: Site,
): DirectoryWrite {
  const from = comparable(before);
  const to = comparable(after);
  let draft = draftFiles(files, from, to, new Set());
  let wrong = mismatches(draft, to);
  if (wrong.size > 0) {
    draft = draftFiles(files, from, to, wrong);
    wrong = mismatches(draft, to);
  }
  if (wrong.size > 0)
    throw new SitewrightError(
      "E_OUTPUT",
      `The edited site cannot be written back: ${[...wrong].join(", ")} would load differently.`,
      { hint: "Report this as a bug, with the operation and the site directory." },
    );
  const out: DirectoryWrite = new Map();
  for (const rel of draft.dirty) {
    const value = draft.json.get(rel);
    const text = rel.endsWith(".njk")
      ? (draft.code.get(rel) ?? null)
      : value === undefined
        ? null
        : serialize(value);
    if (text !== (files.texts.get(rel) ?? null)) out.set(rel, text);
  }
  return out;
}
