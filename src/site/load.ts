/**
 * `loadSite`: the front door of the input stage. Accepts a site directory, a bundle file or
 * an already-parsed object and returns the validated, normalized Site.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { SiteValidationError, SitewrightError, type ValidationErrors } from "../errors.js";
import { parseJson } from "./json-file.js";
import { readSiteDirectoryWithSources } from "./load-directory.js";
import type { Site } from "./types.js";
import { validateSite } from "./validate.js";

async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SitewrightError(
      "E_SITE_NOT_FOUND",
      code === "ENOENT"
        ? `The site input ${path} does not exist.`
        : `The site input ${path} cannot be read (${code ?? "unknown error"}).`,
      {
        cause: err,
        hint: "Pass a site directory, a bundle .json file, or the site object itself.",
        details: { path },
      },
    );
  }
}

async function readBundle(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new SitewrightError("E_SITE_NOT_FOUND", `The site bundle ${path} cannot be read.`, {
      cause: err,
      details: { path },
    });
  }
  const result = parseJson(text);
  if ("problem" in result) {
    throw new SiteValidationError(
      { [basename(path)]: [`Invalid JSON at ${result.problem.message}`] },
      { code: "E_SITE_JSON", hint: "Fix the JSON syntax at the given line and column." },
    );
  }
  return result.value;
}

/** The file an error path's entity came from: `pages[3]…` → its file, `website…` → website.json. */
function sourceOf(path: string, sources: Map<string, string>): string | undefined {
  const match = /^([a-z]+)(\[\d+\])?/.exec(path);
  if (!match) return undefined;
  return (match[2] ? sources.get(match[0]) : undefined) ?? sources.get(match[1] as string);
}

/** Adds the file each problem came from to its messages; the path keys stay the same. */
function withSources(err: SiteValidationError, sources: Map<string, string>): SiteValidationError {
  const errors: ValidationErrors = {};
  for (const [path, messages] of Object.entries(err.errors)) {
    const file = sourceOf(path, sources);
    errors[path] = file ? messages.map((m) => `${m} (in ${file})`) : messages;
  }
  const files = [...new Set(Object.keys(errors).map((p) => sourceOf(p, sources)))].filter(Boolean);
  return new SiteValidationError(errors, { hint: err.hint, details: { files } });
}

/**
 * Loads a site from a directory of JSON files, a bundle `.json` file or a parsed object,
 * validates and normalizes it. Throws SitewrightError `E_SITE_NOT_FOUND` for a missing path
 * and SiteValidationError (`E_SITE_JSON` or `E_SITE_INVALID`) listing every problem.
 */
export async function loadSite(input: string | object): Promise<Site> {
  if (typeof input !== "string") return validateSite(input);
  const info = await statOrThrow(input);
  if (!info.isDirectory()) return validateSite(await readBundle(input));
  const { raw, sources } = await readSiteDirectoryWithSources(input);
  try {
    return validateSite(raw);
  } catch (err) {
    if (err instanceof SiteValidationError) throw withSources(err, sources);
    throw err;
  }
}
