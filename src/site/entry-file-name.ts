/**
 * Names for new files in a collection folder. A folder is read in sorted file-name order and
 * that order is the collection's, so a page inserted after `040-brood.json` must get a name
 * that sorts between it and the next file, such as `045-brood-copy.json`.
 */

/** A file-name-safe form of an entity's slug or name (`diensten/catering` → `diensten-catering`). */
export function fileSlug(text: string, fallback: string): string {
  const slug = text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug === "" ? fallback : slug;
}

const PREFIX = /^(\d+)-/;

/** The numbered candidate: halfway between the neighbours' numbers, or 10 past the last. */
function numbered(prev: string | null, next: string | null, slug: string): string | null {
  const p = prev === null ? null : PREFIX.exec(prev);
  const n = next === null ? null : PREFIX.exec(next);
  if ((prev !== null && !p) || (next !== null && !n)) return null;
  const width = (p ?? n)?.[1]?.length ?? 3;
  const low = p ? Number(p[1]) : 0;
  const number = n ? Math.floor((low + Number(n[1])) / 2) : low + 10;
  if (number === low && p) return null;
  return `${String(number).padStart(width, "0")}-${slug}.json`;
}

/**
 * A `.json` file name that sorts strictly between `prev` and `next` (null: no neighbour) in
 * code-point order and is not `taken`; null when none of the candidates fits.
 */
export function fileNameBetween(
  prev: string | null,
  next: string | null,
  slug: string,
  taken: ReadonlySet<string>,
): string | null {
  const candidates = [
    numbered(prev, next, slug),
    `${slug}.json`,
    prev === null ? null : `${prev.replace(/\.json$/, "")}_${slug}.json`,
  ];
  return (
    candidates.find(
      (name): name is string =>
        name !== null &&
        !taken.has(name) &&
        (prev === null || prev < name) &&
        (next === null || name < next),
    ) ?? null
  );
}
