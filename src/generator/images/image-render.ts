/**
 * Image markup from images prepared before rendering. Pure and synchronous, so it runs the
 * same in the build process (feeds) and in the isolated render processes, which report the
 * images they used back to the build for encoding.
 */
import type { ImageProblem } from "./image-error.js";
import { assetUrl, localAssetPath } from "./image-url.js";
import { type PictureOptions, pictureHtml, plainImgHtml } from "./picture.js";
import type { SourceImage } from "./source.js";
import type { Variant } from "./variants.js";

/** Responsive markup for a URL: null when it is not a local image. */
export type ImageRender = (url: string, options: PictureOptions, path: string) => string | null;

/** A local image read by prepare: its header and the variants it renders as. */
export interface PreparedImage {
  source: SourceImage;
  /** Null for formats shown as they are (GIF, SVG, ...). */
  variants: Variant[] | null;
}

/**
 * Renders local images from prepared ones; `onUse` hears of each image rendered with variants,
 * and unusable local paths land in `problems`.
 */
export function createImageRender(
  prepared: (rel: string) => PreparedImage | undefined,
  warn: (message: string, path: string) => void,
  onUse: (rel: string) => void,
  problems: ImageProblem[],
): ImageRender {
  return (url, pictureOptions, path) => {
    const local = localAssetPath(url);
    if (local === null) return null;
    if (!local.ok) {
      problems.push({ path, url, file: null, reason: local.reason });
      return "";
    }
    const entry = prepared(local.rel);
    if (!entry) {
      warn(
        `The local image ${url} was not found in the site data before rendering (or has no image file extension); it is shown as a plain <img>, without responsive variants or size.`,
        path,
      );
      return plainImgHtml(assetUrl(local.rel), pictureOptions);
    }
    if (!entry.variants) return plainImgHtml(assetUrl(local.rel), pictureOptions, entry.source);
    onUse(local.rel);
    return pictureHtml(entry.variants, pictureOptions);
  };
}
