/**
 * The `picture()` template global: `{{ picture(fields.image, alt="...", sizes="...") }}`
 * renders an image field as responsive markup. Local images get `<picture>` with variants,
 * other URLs a plain `<img>`; an empty value renders nothing, so optional fields need no `if`.
 */

import nunjucks from "nunjucks";
import { safeUrl } from "../../text/safe-url.js";
import { escapeAttr } from "../content/escape.js";
import type { ImageRegistry } from "./image-registry.js";
import { type PictureOptions, plainImgHtml } from "./picture.js";

type Keywords = Record<string, unknown> & { __keywords?: boolean };

/** Creates the `picture(src, alt=, sizes=, class=, loading=)` global for one build. */
export function createPictureGlobal(
  images: Pick<ImageRegistry, "render">,
  warn: (message: string, path: string) => void,
): (this: unknown, src: unknown, ...args: unknown[]) => unknown {
  return function picture(this: unknown, src: unknown, ...args: unknown[]) {
    const last = args[args.length - 1] as Keywords | undefined;
    const kwargs: Keywords = last && typeof last === "object" && last.__keywords ? last : {};
    const positionalAlt = typeof args[0] === "string" ? args[0] : undefined;
    if (src === null || src === undefined || src === "") return "";
    const where = location(this);
    const url = safeUrl(String(src));
    if (!url) {
      warn("picture(): the image URL is unsafe; nothing rendered.", where);
      return "";
    }
    const options: PictureOptions = {
      altAttr: escapeAttr(text(kwargs.alt ?? positionalAlt)),
      sizes: text(kwargs.sizes) || undefined,
      className: text(kwargs.class) || undefined,
      loading: kwargs.loading === "eager" ? "eager" : "lazy",
    };
    const html = images.render(url, options, where) ?? plainImgHtml(url, options);
    return new nunjucks.runtime.SafeString(html);
  };
}

function text(value: unknown): string {
  return value === null || value === undefined ? "" : String(value);
}

// Nunjucks calls globals with its render Context as `this`; its variables say which page and
// component is rendering, which is the best location a warning can give for template code.
function location(context: unknown): string {
  const vars = (context as { ctx?: Record<string, unknown> } | undefined)?.ctx;
  const page = vars?.page as { url?: unknown } | undefined;
  const component = vars?.component as { id?: unknown } | null | undefined;
  const on = typeof page?.url === "string" ? ` on ${page.url}` : "";
  const of = component?.id !== undefined ? ` (component ${String(component.id)})` : "";
  return `picture()${on}${of}`;
}
