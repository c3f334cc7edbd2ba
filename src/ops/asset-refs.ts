/**
 * The site files (`/assets/...`) that entities mention anywhere in their fields: image custom
 * fields, Editor.js images, template code, SEO images. Clones carry these over to their new
 * site, and exported documents list them.
 */

function collect(value: unknown, out: Set<string>): void {
  if (typeof value === "string") {
    for (const m of value.matchAll(/\/assets\/[^\s"'()<>?#]+/g)) out.add(m[0]);
  } else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value && typeof value === "object")
    for (const v of Object.values(value)) collect(v, out);
}

/** Sorted site paths of the assets `value` mentions, each once (`/assets/hero.jpg`). */
export function assetReferences(value: unknown): string[] {
  const out = new Set<string>();
  collect(value, out);
  return [...out].sort();
}
