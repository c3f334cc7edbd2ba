/**
 * Reading the site input as given: a path that must exist, a bundle file that must be JSON,
 * and validation problems labelled with the file each entity came from.
 */
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import {
  type SiteValidationCode,
  SiteValidationError,
  SitewrightError,
  type ValidationErrors,
} from "../errors.js";
import { parseJson } from "./json-file.js";

/** Stats the site input, or throws E_SITE_NOT_FOUND saying why it cannot be used. */
export async function statOrThrow(path: string) {
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

/** Reads and parses a bundle file; E_SITE_JSON names the line and column of a syntax error. */
export async function readBundle(path: string): Promise<unknown> {
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

/** The file an entity came from, by its path: `pages[3]` (one entity) or `website` (a collection). */
export type SourceLookup = (entity: string) => string | undefined;

/** The file an error path's entity came from: `pages[3]…` → its file, `website…` → website.json. */
function sourceOf(path: string, lookup: SourceLookup): string | undefined {
  const match = /^([a-z]+)(\[\d+\])?/.exec(path);
  if (!match) return undefined;
  return (match[2] ? lookup(match[0]) : undefined) ?? lookup(match[1] as string);
}

/** Adds the file each problem came from to its messages; the path keys stay the same. */
export function withSources(err: SiteValidationError, lookup: SourceLookup): SiteValidationError {
  const errors: ValidationErrors = {};
  for (const [path, messages] of Object.entries(err.errors)) {
    const file = sourceOf(path, lookup);
    errors[path] = file ? messages.map((m) => `${m} (in ${file})`) : messages;
  }
  const files = [...new Set(Object.keys(errors).map((p) => sourceOf(p, lookup)))].filter(Boolean);
  return new SiteValidationError(errors, {
    code: err.code as SiteValidationCode,
    hint: err.hint,
    details: { files },
  });
}

/** Throws E_SITE_JSON listing every malformed file, if there is one. */
export function throwJsonErrors(errors: ValidationErrors): void {
  if (Object.keys(errors).length === 0) return;
  throw new SiteValidationError(errors, {
    code: "E_SITE_JSON",
    hint: "Fix the JSON syntax at the given line and column.",
  });
}
