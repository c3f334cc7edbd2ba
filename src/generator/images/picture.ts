/**
 * Image markup. A processed image becomes a `<picture>` with a WebP `<source>` and an `<img>`
 * in the original format, both with `srcset` and `sizes`; the `<img>` carries the intrinsic
 * width and height (the largest variant's) so the browser reserves the space before loading.
 */

import { escapeAttr } from "../content/escape.js";
import type { Variant } from "./variants.js";

/** How an image is shown. */
export interface PictureOptions {
  /** The alt text, already escaped for an attribute. */
  altAttr: string;
  /** The `sizes` attribute (raw; escaped here); default `100vw`. */
  sizes?: string;
  /** Class names for the `<img>` (raw; escaped here). */
  className?: string;
  /** `eager` for images above the fold (a hero); default `lazy`. */
  loading?: "lazy" | "eager";
}

/** `<picture>` markup for a processed image's variants. */
export function pictureHtml(variants: Variant[], options: PictureOptions): string {
  const sizes = escapeAttr(options.sizes || "100vw");
  const webp = variants.filter((v) => v.format === "webp");
  const fallback = variants.filter((v) => v.format !== "webp");
  const main = fallback.length > 0 ? fallback : webp;
  const largest = main[main.length - 1];
  if (!largest) return "";
  const source =
    fallback.length > 0 && webp.length > 0
      ? `<source type="image/webp" srcset="${srcset(webp)}" sizes="${sizes}">`
      : "";
  const img =
    `<img${classAttr(options.className)} src="${escapeAttr(largest.url)}" srcset="${srcset(main)}" sizes="${sizes}"` +
    ` width="${largest.width}" height="${largest.height}"${commonAttrs(options)}>`;
  return source ? `<picture>${source}${img}</picture>` : img;
}

/** A plain `<img>` (remote images, GIF, SVG): width and height only when known. */
export function plainImgHtml(
  src: string,
  options: PictureOptions,
  size?: { width: number; height: number },
): string {
  const dims = size ? ` width="${size.width}" height="${size.height}"` : "";
  return `<img${classAttr(options.className)} src="${escapeAttr(src)}"${dims}${commonAttrs(options)}>`;
}

function srcset(variants: Variant[]): string {
  return variants.map((v) => `${escapeAttr(v.url)} ${v.width}w`).join(", ");
}

function commonAttrs(options: PictureOptions): string {
  return ` alt="${options.altAttr}" loading="${options.loading === "eager" ? "eager" : "lazy"}" decoding="async"`;
}

function classAttr(className: string | undefined): string {
  const value = className?.trim();
  return value ? ` class="${escapeAttr(value)}"` : "";
}

// Tailwind breakpoints the builder's `flex_grids` classes use (sm:, md:, lg:, xl:).
const BREAKPOINTS: Record<string, number> = { sm: 640, md: 768, lg: 1024, xl: 1280 };
const FRACTION = /^(?:(sm|md|lg|xl):)?w-(full|\d\/\d)$/;

/**
 * The `sizes` attribute for a section's `flex_grids` classes (`w-full md:w-1/2` →
 * `(min-width: 768px) 50vw, 100vw`), so a half-width image does not download the full-width file.
 */
export function sizesForGrid(flexGrids: unknown): string {
  if (typeof flexGrids !== "string") return "100vw";
  let base = "100vw";
  const rules = new Map<number, string>();
  for (const token of flexGrids.trim().split(/\s+/)) {
    const match = FRACTION.exec(token);
    if (!match) continue;
    const [, prefix, size] = match;
    const vw = size === "full" ? "100vw" : fractionVw(size as string);
    if (!vw) continue;
    if (prefix) rules.set(BREAKPOINTS[prefix] as number, vw);
    else base = vw;
  }
  const media = [...rules.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([px, vw]) => `(min-width: ${px}px) ${vw}`);
  return [...media, base].join(", ");
}

function fractionVw(fraction: string): string | null {
  const [top, bottom] = fraction.split("/").map(Number);
  if (!top || !bottom || top > bottom) return null;
  return `${Math.round((top / bottom) * 100)}vw`;
}
