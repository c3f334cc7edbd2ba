/** Reading sanitized inline HTML as text: for `alt`/`title` attributes and emptiness checks. */

const INVISIBLE_TEXT = /<[^>]*>|&nbsp;|&#160;|&#[xX]0*[aA]0;|\s/g;

/** The text content of sanitized inline HTML, ready for an attribute (`alt`, `title`). */
export function inlineHtmlToAttrText(sanitized: string): string {
  if (sanitized.indexOf("<") === -1 && sanitized.indexOf('"') === -1) return sanitized.trim();
  return sanitized
    .replace(/<[^>]*>/g, "")
    .replace(/"/g, "&quot;")
    .trim();
}

/** True when sanitized inline HTML shows no text (empty, tags only, spaces, `&nbsp;`). */
export function isBlankInlineHtml(sanitized: string): boolean {
  return sanitized.replace(INVISIBLE_TEXT, "") === "";
}
