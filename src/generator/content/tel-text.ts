/**
 * Telephone links: a phone number must not wrap mid-number, and html-validate's recommended
 * `tel-non-breaking` rule rejects plain spaces and hyphens in the text of `tel:` links.
 */

const TEXT_RUNS = /(^|>)([^<]+)/g;

function nonBreaking(_: string, lead: string, text: string): string {
  return lead + text.replace(/ /g, "&nbsp;").replace(/-/g, "&#8209;");
}

/** Replaces spaces and hyphens in the text (not the tags) of serialized HTML with non-breaking ones. */
export function nonBreakingTelText(html: string): string {
  return html.replace(TEXT_RUNS, nonBreaking);
}

const TEL_LINK = /(<a\b[^>]*\shref="tel:[^"]*"[^>]*>)([\s\S]*?)(<\/a>)/g;

/** Applies nonBreakingTelText inside every `tel:` link of canonical serialized HTML. */
export function nonBreakingTelLinks(html: string): string {
  if (html.indexOf('href="tel:') === -1) return html;
  return html.replace(TEL_LINK, (_, open: string, text: string, close: string) => {
    return open + nonBreakingTelText(text) + close;
  });
}
