/**
 * HTML escaping for text and attribute values. These run for every string the renderer
 * emits, so each is one regex test (the common case: nothing to escape) and at most one
 * regex replace.
 */

const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPABLE = /[&<>"']/g;

const REPLACEMENTS: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function replaceChar(ch: string): string {
  return REPLACEMENTS[ch] as string;
}

/** Escapes text for use as HTML element content (`&`, `<`, `>`, and both quotes). */
export function escapeHtml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(ESCAPABLE, replaceChar);
}

/**
 * Escapes a value for a double- or single-quoted HTML attribute. The same set as
 * escapeHtml: escaping `<`/`>` too keeps the output unambiguous for naive re-parsers.
 */
export function escapeAttr(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(ESCAPABLE, replaceChar);
}
