/**
 * Raw-input schema of the website and its customization. Values that end up inside CSS or
 * URLs (colors, font families, domains) are checked strictly here, because the generator
 * writes them into `<style>` and `<link>` where escaping alone would not make them safe.
 */
import { z } from "zod";
import { safeAssetUrl } from "../text/safe-url.js";
import { flag, id, jsonOr, nullableText, optionalId, text } from "./coerce.js";

// Hex, functional notation with plain numbers, or a keyword: nothing that can close a rule.
const COLOR = /^(?:#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/]+\))$/;
const COLOR_NAME = /^[a-zA-Z0-9_-]+$/;
const FONT_FAMILY = /^[A-Za-z0-9][A-Za-z0-9 ]{0,63}$/;
const LANGUAGE = /^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/;
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$/;

const colors = jsonOr(
  z.record(
    z.string().regex(COLOR_NAME, "A color name may hold letters, digits, - and _ only."),
    z.string().trim().regex(COLOR, "Must be a hex, rgb(), hsl() or named CSS color."),
  ),
  () => ({}),
);

const fonts = jsonOr(
  z.record(
    z.string().regex(COLOR_NAME, "A font role may hold letters, digits, - and _ only."),
    z.string().trim().regex(FONT_FAMILY, "Must be a Google Fonts family name."),
  ),
  () => ({}),
);

const cookieConsent = z.object({
  enabled: flag(true),
  message: text(),
  accept_label: text("Accept"),
  decline_label: text("Decline"),
  policy_url: nullableText(),
});

const assetUrl = nullableText().pipe(
  z
    .string()
    .trim()
    .refine(
      (url) => safeAssetUrl(url) !== null,
      "Must be an http(s) URL or a path on the site such as /assets/logo.svg (not javascript:, data: or //host).",
    )
    .nullable(),
);

// A theme stylesheet must be one of the site's own files: CSS from another host could read the
// page through url() requests, and a file outside assets/ is never published. Segments may not
// start with a dot, so `.` and `..` cannot occur; assets/site.css is the engine's own file.
const STYLESHEET_PATH =
  /^\/?assets\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,199}\/)*[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,195}\.css$/;

/** The theme stylesheet's site path (`/assets/theme.css`), or null when `value` is not one. */
export function themeStylesheetPath(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const path = value.trim();
  if (!STYLESHEET_PATH.test(path) || /^\/?assets\/site\.css$/i.test(path)) return null;
  return path.startsWith("/") ? path : `/${path}`;
}

const stylesheet = nullableText().pipe(
  z
    .string()
    .refine(
      (path) => themeStylesheetPath(path) !== null,
      "Must be a .css file in the site's assets folder, such as /assets/theme.css (not a URL, not assets/site.css).",
    )
    .transform((path) => themeStylesheetPath(path) as string)
    .nullable(),
);

/** Raw customization: colors, Google Fonts, logo, favicon, theme stylesheet, consent, tracking. */
export const customizationSchema = z.object({
  colors,
  fonts,
  logo: assetUrl,
  favicon: assetUrl,
  stylesheet,
  cookie_consent: jsonOr(cookieConsent, () => null),
  tracking_code: nullableText(),
});

const language = text("en").pipe(
  z.string().trim().regex(LANGUAGE, "Must be a language tag such as en or nl-BE."),
);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const timezone = text("UTC").pipe(
  z.string().refine(isTimeZone, "Must be an IANA time zone such as Europe/Amsterdam."),
);

/** Strips a scheme and trailing slash people paste along with a domain, then checks it. */
const domain = nullableText().pipe(
  z
    .string()
    .transform((d) =>
      d
        .trim()
        .toLowerCase()
        .replace(/^https?:\/\//, "")
        .replace(/\/+$/, ""),
    )
    .refine((d) => HOSTNAME.test(d), "Must be a bare domain such as example.com.")
    .nullable(),
);

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

const httpUrl = nullableText().pipe(
  z.string().trim().refine(isHttpUrl, "Must be an absolute http(s) URL.").nullable(),
);

/** Raw website row. */
export const websiteSchema = z.object({
  id: id(),
  name: text(),
  domain,
  base_url: httpUrl,
  language,
  timezone,
  customization: jsonOr(customizationSchema, () => customizationSchema.parse({})),
  homepage_id: optionalId(),
  default_layout_id: optionalId(),
  not_found_page_id: optionalId(),
  form_endpoint: httpUrl,
});

/** The website after parsing, before normalization. */
export type ParsedWebsite = z.output<typeof websiteSchema>;
