/**
 * Renderers of the blocks that point elsewhere: image, embed, linkTool and attaches. Every
 * URL goes through safeUrl; a block whose essential URL is unsafe or missing is malformed
 * (the caller warns and emits nothing), an unsafe optional URL only loses its element.
 */

import { safeUrl } from "../../text/safe-url.js";
import {
  BlockDataError,
  type BlockRenderer,
  classAttr,
  flag,
  optionalText,
  positiveInt,
  record,
} from "./block-support.js";
import { allowedEmbed } from "./embed-hosts.js";
import { escapeAttr, escapeHtml } from "./escape.js";
import { inlineHtmlToAttrText, isBlankInlineHtml, sanitizeInlineHtml } from "./inline-html.js";

const IMAGES = { allowDataImages: true };
const MAX_DIMENSION = 10_000;

/** `image` (and `simpleImage`): `{ file: { url } | url, caption, withBorder, stretched, withBackground }`. */
export const renderImage: BlockRenderer = (data, _block, ctx, path) => {
  const file = record(data.file);
  const src = safeUrl(file.url ?? data.url, IMAGES);
  if (src === null) throw new BlockDataError("it has no safe image URL");
  const caption = sanitizeInlineHtml(optionalText(data.caption) ?? "");
  const explicitAlt = optionalText(data.alt);
  const alt = explicitAlt !== undefined ? escapeAttr(explicitAlt) : inlineHtmlToAttrText(caption);
  const classes = classAttr(
    "sw-image",
    flag(data.withBorder) ? "sw-image--border" : "",
    flag(data.stretched) ? "sw-image--stretched" : "",
    flag(data.withBackground) ? "sw-image--background" : "",
  );
  const img =
    ctx.resolveImage?.(src, alt, `${path}.data.${file.url !== undefined ? "file.url" : "url"}`) ??
    `<img src="${escapeAttr(src)}" alt="${alt}"${dimensions(file)} loading="lazy" decoding="async">`;
  const figcaption = isBlankInlineHtml(caption) ? "" : `<figcaption>${caption}</figcaption>`;
  return `<figure${classes}>${img}${figcaption}</figure>`;
};

function dimensions(source: Record<string, unknown>): string {
  const width = positiveInt(source.width, MAX_DIMENSION);
  const height = positiveInt(source.height, MAX_DIMENSION);
  if (width === undefined || height === undefined) return "";
  return ` width="${width}" height="${height}"`;
}

/** `embed`: `{ service, source, embed, width, height, caption }`; allow-listed hosts are framed. */
export const renderEmbed: BlockRenderer = (data) => {
  const caption = sanitizeInlineHtml(optionalText(data.caption) ?? "");
  const hasCaption = !isBlankInlineHtml(caption);
  const service = (optionalText(data.service) ?? "").toLowerCase().replace(/[^a-z0-9-]/g, "");
  const serviceClass = service === "" ? "" : `sw-embed--${service}`;
  const embedUrl = safeUrl(data.embed);
  const frame = embedUrl === null ? null : allowedEmbed(embedUrl);
  if (frame !== null) {
    const title = hasCaption ? inlineHtmlToAttrText(caption) : `${escapeAttr(frame.label)} embed`;
    const iframe =
      `<iframe src="${escapeAttr(frame.url)}"${dimensions(data)} title="${title}" loading="lazy"` +
      ` referrerpolicy="strict-origin-when-cross-origin" allow="encrypted-media; picture-in-picture"` +
      " allowfullscreen></iframe>";
    const figcaption = hasCaption ? `<figcaption>${caption}</figcaption>` : "";
    return `<figure${classAttr("sw-embed", serviceClass)}>${iframe}${figcaption}</figure>`;
  }
  const href = safeUrl(data.source) ?? embedUrl;
  if (href === null) throw new BlockDataError("it has no safe source or embed URL");
  const text = hasCaption ? caption : escapeHtml(href);
  return `<p${classAttr("sw-embed", "sw-embed--link", serviceClass)}><a href="${escapeAttr(href)}">${text}</a></p>`;
};

/** `linkTool`: `{ link, meta: { title, description, site_name, image: { url } } }` as a card link. */
export const renderLinkTool: BlockRenderer = (data) => {
  const href = safeUrl(data.link);
  if (href === null) throw new BlockDataError("it has no safe link URL");
  const meta = record(data.meta);
  const title = optionalText(meta.title)?.trim() || href;
  const description = optionalText(meta.description)?.trim() ?? "";
  const image = safeUrl(record(meta.image).url, IMAGES);
  const host = hostOf(href);
  return (
    `<div class="sw-link-card"><a class="sw-link-card__link" href="${escapeAttr(href)}">` +
    `<span class="sw-link-card__title">${escapeHtml(title)}</span>` +
    (description === ""
      ? ""
      : `<span class="sw-link-card__description">${escapeHtml(description)}</span>`) +
    (host === "" ? "" : `<span class="sw-link-card__host">${escapeHtml(host)}</span>`) +
    (image === null
      ? ""
      : `<img class="sw-link-card__image" src="${escapeAttr(image)}" alt="" loading="lazy" decoding="async">`) +
    "</a></div>"
  );
};

function hostOf(href: string): string {
  try {
    return new URL(href).hostname;
  } catch {
    return "";
  }
}

/** `attaches`: `{ file: { url, name, size, extension }, title }` as a download link. */
export const renderAttaches: BlockRenderer = (data) => {
  const file = record(data.file);
  const href = safeUrl(file.url);
  if (href === null) throw new BlockDataError("it has no safe file URL");
  const name = optionalText(file.name)?.trim() ?? "";
  const title = optionalText(data.title)?.trim() || optionalText(file.title)?.trim() || name;
  const extension = fileExtension(optionalText(file.extension) ?? extensionOf(name));
  const size = formatBytes(file.size);
  const details = [extension, size].filter((part) => part !== "").join(", ");
  return (
    `<p class="sw-attachment"><a class="sw-attachment__link" href="${escapeAttr(href)}" download>` +
    `${escapeHtml(title || "Download")}</a>` +
    (details === ""
      ? ""
      : ` <span class="sw-attachment__details">(${escapeHtml(details)})</span>`) +
    "</p>"
  );
};

function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot === -1 ? "" : name.slice(dot + 1);
}

function fileExtension(value: string): string {
  const ext = value.replace(/^\./, "").toUpperCase();
  return /^[A-Z0-9]{1,8}$/.test(ext) ? ext : "";
}

const UNITS = ["KB", "MB", "GB", "TB"];

/** Human-readable size (1024-based, as file managers show it), `""` when unknown. */
export function formatBytes(value: unknown): string {
  const bytes = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof bytes !== "number" || !Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let size = bytes / 1024;
  let unit = 0;
  while (size >= 1024 && unit < UNITS.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size < 10 ? size.toFixed(1) : Math.round(size)} ${UNITS[unit]}`;
}
