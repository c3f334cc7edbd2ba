/** sharp, loaded on first use. */
import type sharpFunction from "sharp";
import { SitewrightError } from "../../errors.js";

type Sharp = typeof sharpFunction;

let loading: Promise<Sharp> | undefined;

/**
 * Loads sharp when the first image needs it: its native library takes ~0.3 s to load
 * (measured, 10,000-page bench), and most builds of a site read and encode no image at all.
 */
export function loadSharp(): Promise<Sharp> {
  loading ??= import("sharp").then(
    (m) => m.default,
    (cause: unknown) => {
      loading = undefined;
      throw new SitewrightError("E_IMAGE", "The image library sharp cannot be loaded.", {
        cause,
        hint: "Reinstall the dependencies (npm ci); sharp needs its prebuilt libvips for this platform.",
      });
    },
  );
  return loading;
}
