/**
 * Finds the local images a site refers to before anything is rendered. Rendering is
 * synchronous (nunjucks), so every image's size must be known up front; walking the whole
 * normalized data finds them wherever they sit (sectionImage `meta.image`, Editor.js image
 * blocks, template custom fields, the logo, structure posts, ...) with the input path of each.
 */

import { hasImageExtension, isLocalAssetUrl } from "./image-url.js";

/** One string in the site data that names a local image, and where it was found. */
export interface ImageReference {
  url: string;
  /** Input path, e.g. `pages[3].components[1].meta.image`. */
  path: string;
}

// Editor.js lists nest; anything deeper than this is not site data a builder produces.
const MAX_DEPTH = 64;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Every local image URL under `value`, with paths starting at `path` (`""` for the site root). */
export function findImageReferences(value: unknown, path: string): ImageReference[] {
  const found: ImageReference[] = [];
  // Keys are kept on a stack and joined only for a hit: most of a site is text, not images.
  const keys: (string | number)[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === "string") {
      // Cheap first-character filter: a local URL starts with "/", "." or "a" (or a blank).
      const first = node.charCodeAt(0);
      if (first !== 47 && first !== 46 && first !== 97 && first > 32) return;
      if (isLocalAssetUrl(node) && hasImageExtension(node.replace(/[?#].*$/s, "").trim())) {
        found.push({ url: node, path: joinPath(path, keys) });
      }
      return;
    }
    if (typeof node !== "object" || node === null || keys.length >= MAX_DEPTH) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        keys.push(i);
        walk(node[i]);
        keys.pop();
      }
      return;
    }
    // for-in over plain data objects: no key array allocated per object.
    for (const key in node) {
      keys.push(key);
      walk((node as Record<string, unknown>)[key]);
      keys.pop();
    }
  };
  walk(value);
  return found;
}

function joinPath(base: string, keys: (string | number)[]): string {
  let path = base;
  for (const key of keys) {
    if (typeof key === "number") path += `[${key}]`;
    else if (IDENTIFIER.test(key)) path += path === "" ? key : `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path;
}

/** The local images of a component list, each path naming the component's input position. */
export function componentImageReferences(
  components: readonly { position?: number }[],
  base: string,
): ImageReference[] {
  return components.flatMap((c, i) => findImageReferences(c, `${base}[${c.position ?? i}]`));
}
