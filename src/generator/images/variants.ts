/**
 * Which files one source image becomes: the responsive widths (never upscaled) in WebP plus
 * the source's own format, and the output names they get. Names carry a hash of the content
 * and the encoder settings, so a changed image gets new URLs and caches can keep them forever.
 */

import { createHash } from "node:crypto";
import { ENCODER_KEY, type OutputFormat } from "./encode.js";

/** Widths every processed image is offered in, when the source is at least that wide. */
export const RESPONSIVE_WIDTHS: readonly number[] = [480, 960, 1600];

/** Folder (inside the output) that holds the generated variants. */
export const VARIANTS_DIR = "assets/_img";

/** One generated file of a source image. */
export interface Variant {
  width: number;
  height: number;
  format: OutputFormat;
  /** Output path, e.g. `assets/_img/bakery-960.3f9a1c2b7d.webp`. */
  file: string;
  /** Public URL of `file`. */
  url: string;
}

const EXTENSIONS: Record<OutputFormat, string> = { jpeg: "jpg", png: "png", webp: "webp" };

/** The widths for a source `width` pixels wide: the standard ones that fit, plus its own when smaller than the largest. */
export function variantWidths(width: number): number[] {
  const widths = RESPONSIVE_WIDTHS.filter((w) => w <= width);
  const largest = RESPONSIVE_WIDTHS[RESPONSIVE_WIDTHS.length - 1] ?? 0;
  if (width < largest && !widths.includes(width)) widths.push(width);
  return widths;
}

/** The output formats of a source format: WebP first, then the original; null when not processed. */
export function variantFormats(sourceFormat: string): OutputFormat[] | null {
  if (sourceFormat === "jpeg" || sourceFormat === "png") return ["webp", sourceFormat];
  if (sourceFormat === "webp") return ["webp"];
  return null;
}

/** Every variant of a source, smallest width first within each format. */
export function planVariants(
  rel: string,
  sha256: string,
  size: { width: number; height: number },
  formats: OutputFormat[],
): Variant[] {
  const hash = createHash("sha256").update(`${sha256}:${ENCODER_KEY}`).digest("hex").slice(0, 10);
  const stem = fileStem(rel);
  const variants: Variant[] = [];
  for (const format of formats) {
    for (const width of variantWidths(size.width)) {
      const file = `${VARIANTS_DIR}/${stem}-${width}.${hash}.${EXTENSIONS[format]}`;
      variants.push({
        width,
        height: Math.max(1, Math.round((size.height * width) / size.width)),
        format,
        file,
        url: `/${file}`,
      });
    }
  }
  return variants;
}

// Readable, URL-safe names: the source's base name in lowercase ASCII letters, digits and dashes.
function fileStem(rel: string): string {
  const base = rel.slice(rel.lastIndexOf("/") + 1).replace(/\.[^.]*$/, "");
  const stem = base
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return stem || "image";
}
