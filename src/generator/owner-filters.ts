/**
 * Filters owner templates may use besides nunjucks' built-ins. Autoescaping keeps a value
 * inside its attribute but cannot stop `href="javascript:..."` from running, so templates
 * that put a value into `href`/`src` pass it through `safe_url` first:
 * `<a href="{{ fields.url | safe_url }}">`.
 */
import { safeUrl } from "../text/safe-url.js";

/** What `safe_url` writes instead of a URL that could run code: a link to nowhere. */
export const UNSAFE_URL_REPLACEMENT = "#";

/**
 * The URL (trimmed) when it is http(s), mailto:, tel:, a path or a `#fragment`; `#` for any
 * other scheme (`javascript:`, `data:`, `vbscript:`, obfuscated forms of them); `""` for an
 * empty or missing value, so `{% if fields.url | safe_url %}` skips the link.
 */
export function safeUrlFilter(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || text.trim() === "") return "";
  return safeUrl(text) ?? UNSAFE_URL_REPLACEMENT;
}

/** The filters to register into every owner template environment, by name. */
export const ownerFilters: Record<string, (...args: unknown[]) => unknown> = {
  safe_url: (value) => safeUrlFilter(value),
};
