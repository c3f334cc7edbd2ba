/**
 * The last step of every operation: the edited draft goes through `validateSite` again.
 *
 * Why the whole site and not only the edited parts: a normalized `Site` is itself valid raw
 * input (it keeps the API's field names), so re-validating it costs one pass (a few ms for the
 * demo) and guarantees exactly what a later `loadSite` would accept — references, unique ids,
 * URL clashes with structures and redirects, custom-field value types — without a second,
 * partial copy of those rules that could drift from the real ones.
 *
 * Problems inside the entity the request built are reported at the request's own fields
 * (`pages[2].components[4].meta.padding_top` → `meta.padding_top`); anything else means the
 * operation itself went wrong and is reported at its site path.
 */
import { SiteValidationError, type ValidationErrors } from "../errors.js";
import type { Site } from "../site/types.js";
import { validateSite } from "../site/validate.js";
import type { ChangeRecorder, OpResult } from "./changes.js";
import { requestError } from "./request.js";

/** Maps site paths below `prefix` to request paths: `rename` turns the rest into the field. */
export interface Focus {
  /** A site path such as `pages[3]` or `areas.header[2]`. */
  prefix: string;
  /** The request path for the rest (`.meta.padding_top`, `.post_name`); default: the rest itself. */
  rename?: (rest: string) => string | null;
  /**
   * A clash is reported at the other entity's path, its message naming this one as
   * `(<prefix>)` (a URL used by a page and a structure): such problems go to this field.
   */
  mentionedAt?: string;
}

function underFocus(
  path: string,
  messages: readonly string[],
  focus: readonly Focus[],
): string | null {
  for (const f of focus) {
    if (f.mentionedAt && messages.some((m) => m.includes(`(${f.prefix})`))) return f.mentionedAt;
    if (path !== f.prefix && !path.startsWith(`${f.prefix}.`) && !path.startsWith(`${f.prefix}[`))
      continue;
    const rest = path.slice(f.prefix.length).replace(/^\./, "");
    const mapped = f.rename ? f.rename(rest) : rest;
    if (mapped !== null) return mapped || "request";
  }
  return null;
}

/**
 * Validates the edited draft and returns the normalized site with the recorded changes, or
 * throws: request paths for problems in the focused entities, site paths for the rest.
 */
export function commit(
  draft: Site,
  recorder: ChangeRecorder,
  focus: readonly Focus[] = [],
): OpResult {
  let site: Site;
  try {
    site = validateSite(draft);
  } catch (err) {
    if (!(err instanceof SiteValidationError)) throw err;
    throw relocate(err.errors, focus);
  }
  return { site, changes: recorder.summary() };
}

function relocate(errors: ValidationErrors, focus: readonly Focus[]): SiteValidationError {
  const onRequest: ValidationErrors = {};
  const onSite: ValidationErrors = {};
  for (const [path, messages] of Object.entries(errors)) {
    const field = underFocus(path, messages, focus);
    const target = field === null ? onSite : onRequest;
    const key = field ?? path;
    target[key] = [...(target[key] ?? []), ...messages];
  }
  if (Object.keys(onSite).length === 0) return requestError(onRequest);
  return new SiteValidationError(
    { ...onRequest, ...onSite },
    { hint: "The operation would leave the site invalid; the site was not changed." },
  );
}

/** A private deep copy of the input, which the operation may edit freely. */
export function draftOf(site: Site): Site {
  return structuredClone(site);
}
