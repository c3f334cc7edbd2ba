/**
 * A site directory as files: the parsed JSON of each site file and the code of each template
 * `.njk`, kept apart so an edit can be written back into the file each entity came from.
 * `composeRaw` reads these files with the loader's rules (sorted names, array files, sibling
 * code), so a planned write can be checked before anything touches the disk.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { SiteValidationError, SitewrightError } from "../errors.js";
import { mapLimit } from "../util/map-limit.js";
import { parseJson } from "./json-file.js";
import { DIRECTORY_COLLECTIONS } from "./load-directory.js";

/** A collection a directory holds as `<name>.json` or a `<name>/` folder. */
export type Collection = (typeof DIRECTORY_COLLECTIONS)[number];

/** How a directory stores a collection: one array file, a folder of files, or not at all. */
export type CollectionForm = "file" | "folder" | null;

/** The site files of a directory by relative posix path. */
export interface SiteFiles {
  /** Parsed JSON of `website.json`, `areas.json`, `<name>.json` and `<name>/*.json`. */
  json: Map<string, unknown>;
  /** Template code of `templates/*.njk`. */
  code: Map<string, string>;
  /** Every collection's storage form. */
  forms: Record<Collection, CollectionForm>;
}

/** Where one entity of a collection is stored: its file, and its index when the file is an array. */
export interface Place {
  rel: string;
  index: number | null;
}

/** The raw site object the loader would read from `files`, and each entity's place. */
export interface ComposedSite {
  raw: Record<string, unknown>;
  places: Record<Collection, Place[]>;
}

const READ_CONCURRENCY = 16;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function names(dir: string): Promise<{ files: string[]; dirs: string[] }> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((cause: unknown) => {
    throw new SitewrightError("E_SITE_NOT_FOUND", `Cannot list ${dir}.`, { cause });
  });
  const visible = entries.filter((e) => !e.name.startsWith("."));
  return {
    files: visible.filter((e) => e.isFile()).map((e) => e.name),
    dirs: visible.filter((e) => e.isDirectory()).map((e) => e.name),
  };
}

/** Reads the site files of directory `dir` (see docs/site-format.md), and their texts. */
export async function readSiteFiles(
  dir: string,
): Promise<SiteFiles & { texts: Map<string, string> }> {
  const top = await names(dir);
  const rels = ["website.json", "areas.json"].filter((f) => top.files.includes(f));
  const forms = {} as Record<Collection, CollectionForm>;
  for (const name of DIRECTORY_COLLECTIONS) {
    forms[name] = top.files.includes(`${name}.json`)
      ? "file"
      : top.dirs.includes(name)
        ? "folder"
        : null;
    if (forms[name] === "file") rels.push(`${name}.json`);
    if (forms[name] !== "folder") continue;
    for (const file of (await names(join(dir, name))).files) {
      if (file.endsWith(".json") || (name === "templates" && file.endsWith(".njk")))
        rels.push(`${name}/${file}`);
    }
  }
  const texts = await mapLimit(rels, READ_CONCURRENCY, (rel) => readFile(join(dir, rel), "utf8"));
  const files: SiteFiles & { texts: Map<string, string> } = {
    json: new Map(),
    code: new Map(),
    forms,
    texts: new Map(),
  };
  rels.forEach((rel, i) => {
    const text = texts[i] as string;
    files.texts.set(rel, text);
    if (rel.endsWith(".njk")) {
      files.code.set(rel, text);
      return;
    }
    const parsed = parseJson(text);
    if ("problem" in parsed)
      throw new SiteValidationError(
        { [rel]: [`Invalid JSON at ${parsed.problem.message}`] },
        { code: "E_SITE_JSON", hint: "The file changed while it was read; try again." },
      );
    files.json.set(rel, parsed.value);
  });
  return files;
}

/** The `.njk` file holding the code of the template stored in `rel`. */
export const codeFileOf = (rel: string): string => rel.replace(/\.json$/, ".njk");

/** The JSON files of a collection folder, in the loader's order. */
export function folderFiles(files: SiteFiles, name: Collection): string[] {
  return [...files.json.keys()].filter((rel) => rel.startsWith(`${name}/`)).sort(byName);
}

/** The raw site `files` make, read as the loader reads a directory. */
export function composeRaw(files: SiteFiles): ComposedSite {
  const raw: Record<string, unknown> = {};
  const places = {} as Record<Collection, Place[]>;
  if (files.json.has("website.json")) raw.website = files.json.get("website.json");
  if (files.json.has("areas.json")) raw.areas = files.json.get("areas.json");
  for (const name of DIRECTORY_COLLECTIONS) {
    places[name] = [];
    const form = files.forms[name];
    if (form === "file") {
      const list = files.json.get(`${name}.json`);
      raw[name] = list;
      if (Array.isArray(list))
        places[name] = list.map((_, index) => ({ rel: `${name}.json`, index }));
    }
    if (form !== "folder") continue;
    const list: unknown[] = [];
    for (const rel of folderFiles(files, name)) {
      const value = files.json.get(rel);
      if (Array.isArray(value)) {
        value.forEach((item, index) => {
          list.push(item);
          places[name].push({ rel, index });
        });
        continue;
      }
      const code = files.code.get(codeFileOf(rel));
      list.push(
        name === "templates" && code !== undefined ? { ...(value as object), code } : value,
      );
      places[name].push({ rel, index: null });
    }
    raw[name] = list;
  }
  return { raw, places };
}
