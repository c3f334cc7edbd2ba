/**
 * Custom-field values checked by the type their template declares. Owner templates write
 * fields straight into `href`/`src` (`<a href="{{ fields.url }}">`), where autoescaping stops
 * a value from leaving the attribute but not a `javascript:` URL from running, so URL-like
 * fields are held to the same allow-list the renderer uses. Untyped and free-text fields
 * (`text`, `textarea`, `select`, `repeater`, ...) are left as given.
 */
import { safeUrl } from "../text/safe-url.js";
import type { Entry, ErrorBag } from "./error-bag.js";
import { linkedTemplateId } from "./normalize.js";
import type { ParsedSite } from "./parse-site.js";
import type { ParsedTemplate } from "./schema.js";
import type { ParsedComponent } from "./schema-page.js";

/** Why `value` does not fit a field of `type`, or null when it does (or the type is free-form). */
export type FieldValueCheck = (value: unknown) => string | null;

const SCHEME = /^\s*[a-z][a-z0-9+.-]*:/i;
const EMAIL = /^[^\s@<>"'()[\]\\,;:]+@[^\s@<>"'()[\]\\,;:]+\.[^\s@<>"'()[\]\\,;:]+$/;
const TEL = /^\+?[0-9 ()./-]{3,32}$/;
const NUMBER = /^\s*-?(?:\d+(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?\s*$/i;
// Written into style attributes by templates: nothing that can end a declaration or load a URL.
const COLOR = /^(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\))$/;

const URL_MESSAGE =
  "Must be a safe URL: http(s), mailto:, tel:, a site path or #anchor (not javascript:, data: or vbscript:).";

const linkCheck: FieldValueCheck = (value) => {
  if (typeof value !== "string") return "Must be a URL (text).";
  return safeUrl(value) === null ? URL_MESSAGE : null;
};

const imageCheck: FieldValueCheck = (value) => {
  if (typeof value !== "string") return "Must be an image URL (text).";
  const safe = safeUrl(value);
  // An image is loaded, never followed: mailto:/tel: would be a broken image at best.
  if (safe === null || (SCHEME.test(safe) && !/^\s*https?:/i.test(safe)))
    return "Must be an image URL: http(s) or a site path such as /assets/photo.jpg (not javascript:, data: or vbscript:).";
  return null;
};

/** The checks by declared field type; types not listed are free-form. */
export const FIELD_VALUE_CHECKS: Readonly<Record<string, FieldValueCheck>> = {
  url: linkCheck,
  link: linkCheck,
  image: imageCheck,
  file: linkCheck,
  email: (v) =>
    typeof v === "string" && EMAIL.test(v.trim()) ? null : "Must be an e-mail address.",
  tel: (v) =>
    typeof v === "string" && TEL.test(v.trim())
      ? null
      : "Must be a phone number (digits, spaces, + ( ) . / -).",
  number: (v) =>
    (typeof v === "number" && Number.isFinite(v)) || (typeof v === "string" && NUMBER.test(v))
      ? null
      : "Must be a number.",
  color: (v) =>
    typeof v === "string" && COLOR.test(v.trim())
      ? null
      : "Must be a hex, rgb(), hsl() or named CSS color.",
};

/** Why `value` does not fit a field of `type`; null, missing and blank text mean unset and pass. */
export function fieldValueProblem(type: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" && value.trim() === "") return null;
  const check = FIELD_VALUE_CHECKS[type.trim().toLowerCase()];
  return check ? check(value) : null;
}

/** Checks every template's field defaults (`templates[i].custom_fields[k].default`). */
export function checkTemplateFieldDefaults(site: ParsedSite, bag: ErrorBag): void {
  for (const { index, value: template } of site.templates) {
    template.custom_fields.forEach((field, k) => {
      const problem = fieldValueProblem(field.type, field.default);
      if (problem !== null) bag.add(`templates[${index}].custom_fields[${k}].default`, problem);
    });
  }
}

/** Templates by id, for looking up the field types of linked components. */
export function templatesById(site: ParsedSite): Map<string, ParsedTemplate> {
  return new Map(site.templates.map(({ value }) => [value.id, value]));
}

/**
 * Checks one component's `custom_fields` against its linked template's declared types
 * (`<listPath>[j].custom_fields.<name>`). Components with their own code declare no types.
 */
export function checkComponentFields(
  templates: Map<string, ParsedTemplate>,
  bag: ErrorBag,
  listPath: string,
  { index, value: component }: Entry<ParsedComponent>,
): void {
  const id = linkedTemplateId(component);
  const template = id === null ? undefined : templates.get(id);
  if (!template) return;
  for (const field of template.custom_fields) {
    if (!Object.hasOwn(component.custom_fields, field.name)) continue;
    const problem = fieldValueProblem(field.type, component.custom_fields[field.name]);
    if (problem !== null) bag.add(`${listPath}[${index}].custom_fields.${field.name}`, problem);
  }
}
