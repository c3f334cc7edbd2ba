/**
 * Renderers of the text blocks: paragraph, header, quote, code, delimiter, warning, raw and
 * table. Inline text goes through the inline sanitizer, plain text through escapeHtml.
 */

import {
  alignmentClass,
  BlockDataError,
  type BlockRenderer,
  classAttr,
  flag,
  optionalText,
  requiredText,
} from "./block-support.js";
import { escapeHtml } from "./escape.js";
import { isBlankInlineHtml, sanitizeInlineHtml } from "./inline-html.js";

const LANGUAGE = /^[\w+#.-]{1,32}$/;

/** `paragraph`: `{ text }`. */
export const renderParagraph: BlockRenderer = (data, block) =>
  `<p${classAttr(alignmentClass(data, block))}>${sanitizeInlineHtml(requiredText(data, "text"))}</p>`;

/** `header`: `{ text, level }`; level clamped to 1–6 (default 2); empty headings are skipped. */
export const renderHeader: BlockRenderer = (data, block) => {
  const text = sanitizeInlineHtml(requiredText(data, "text"));
  // An empty heading is invalid HTML (html-validate `empty-heading`) and means nothing.
  if (isBlankInlineHtml(text)) return "";
  const level = headingLevel(data.level);
  return `<h${level}${classAttr(alignmentClass(data, block))}>${text}</h${level}>`;
};

function headingLevel(value: unknown): number {
  const n = typeof value === "string" ? Number.parseInt(value, 10) : value;
  if (typeof n !== "number" || !Number.isFinite(n)) return 2;
  return Math.min(6, Math.max(1, Math.trunc(n)));
}

/** `quote`: `{ text, caption, alignment }` as a figure with blockquote and figcaption. */
export const renderQuote: BlockRenderer = (data) => {
  const text = sanitizeInlineHtml(requiredText(data, "text"));
  if (isBlankInlineHtml(text)) return "";
  const caption = sanitizeInlineHtml(optionalText(data.caption) ?? "");
  const align = optionalText(data.alignment)?.toLowerCase() === "center" ? "sw-quote--center" : "";
  const figcaption = isBlankInlineHtml(caption) ? "" : `<figcaption>${caption}</figcaption>`;
  return `<figure${classAttr("sw-quote", align)}><blockquote><p>${text}</p></blockquote>${figcaption}</figure>`;
};

/** `code`: `{ code, language? }`; plain text, escaped inside pre/code. */
export const renderCode: BlockRenderer = (data) => {
  // Trailing blanks are invisible but html-validate's `no-trailing-whitespace` rejects them.
  const code = requiredText(data, "code").replace(/[ \t]+$/gm, "");
  const lang = optionalText(data.language) ?? optionalText(data.languageCode);
  const langClass = lang !== undefined && LANGUAGE.test(lang) ? `language-${lang}` : "";
  return `<pre class="sw-code"><code${classAttr(langClass)}>${escapeHtml(code)}</code></pre>`;
};

/** `delimiter`: a thematic break. */
export const renderDelimiter: BlockRenderer = () => `<hr class="sw-delimiter">`;

/** `warning`: `{ title, message }` as a callout. */
export const renderWarning: BlockRenderer = (data) => {
  const title = sanitizeInlineHtml(optionalText(data.title) ?? "");
  const message = sanitizeInlineHtml(optionalText(data.message) ?? "");
  const hasTitle = !isBlankInlineHtml(title);
  const hasMessage = !isBlankInlineHtml(message);
  if (!hasTitle && !hasMessage) return "";
  return (
    `<div class="sw-warning">` +
    (hasTitle ? `<p class="sw-warning__title"><strong>${title}</strong></p>` : "") +
    (hasMessage ? `<p class="sw-warning__message">${message}</p>` : "") +
    `</div>`
  );
};

/** `raw`: `{ html }`, the owner's HTML through the owner-html sanitizer. */
export const renderRaw: BlockRenderer = (data, _block, ctx) =>
  ctx.ownerHtml()(requiredText(data, "html")).trim();

/** `table`: `{ withHeadings, content: string[][] }`; the first row becomes a thead when asked. */
export const renderTable: BlockRenderer = (data) => {
  const content = data.content;
  if (!Array.isArray(content)) throw new BlockDataError(`"content" is not an array of rows`);
  const rows = content.map((row, r) => {
    if (!Array.isArray(row)) throw new BlockDataError(`"content[${r}]" is not an array of cells`);
    return row.map((cell) => sanitizeInlineHtml(optionalText(cell) ?? ""));
  });
  if (rows.length === 0) return "";
  const withHeadings = flag(data.withHeadings) && rows.length > 0;
  const head = withHeadings ? rows.shift() : undefined;
  let html = `<table class="sw-table">`;
  if (head !== undefined) {
    html += `<thead><tr>${head.map((cell) => `<th scope="col">${cell}</th>`).join("")}</tr></thead>`;
  }
  html += "<tbody>";
  for (const row of rows) html += `<tr>${row.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
  return `${html}</tbody></table>`;
};
