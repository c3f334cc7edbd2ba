/**
 * Each published page's content hash and refs. The hash is the page's normalized JSON when the
 * page passes through the build process whole (bundles, objects), or the digest of its file
 * plus its summary when a `pages/` folder streams (its file is read by the checks anyway).
 * Refs come from the previous build while the hash is the same, from the components when
 * they pass through this process, or from the check that read the page's file (render
 * processes derive them while checking: render/page-extra.ts). A page with none of these (its
 * file unchanged but no route of it in the previous record) is read again when asked (`read`).
 */
import type { OpenedSite } from "../../site/opened-site.js";
import type { Page } from "../../site/types.js";
import type { ImageReference } from "../images/scan.js";
import { type ComponentRefs, componentRefs } from "./component-refs.js";
import { hashValue } from "./hash.js";

/** Content hashes and refs of a build's published pages, by page index. */
export interface PageStates {
  /** For a page the site loader hands over whole (openSite's onPage). */
  fromPage(page: Page, index: number): void;
  /** The image references a render process found in page `index` while checking it (openSite's onChecked). */
  fromChecked(images: readonly ImageReference[], index: number): void;
  /**
   * Fills in the pages not seen whole: hashes from file digests, refs from the previous
   * build or from `checked` (what this build's page-file checks derived) when known there.
   */
  complete(opened: OpenedSite, checked: ReadonlyMap<number, ComponentRefs>): Promise<void>;
  hash(index: number): string;
  /** The page's refs, or null when they are not known without reading it. */
  refs(index: number): ComponentRefs | null;
  /** Reads page `index` again (checked against its digest) for its refs. */
  read(index: number): Promise<ComponentRefs>;
  /** How many pages were read again. */
  readonly reads: number;
}

/** Creates the page states of a build; `previous` maps recorded page hashes to their refs. */
export function createPageStates(previous: ReadonlyMap<string, ComponentRefs>): PageStates {
  const hashes: string[] = [];
  const refs: ComponentRefs[] = [];
  const checkedImages = new Map<number, readonly ImageReference[]>();
  let site: OpenedSite | null = null;
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    fromPage(page, index) {
      if (!page.status) return;
      const hash = hashValue(page);
      hashes[index] = hash;
      refs[index] = previous.get(hash) ?? componentRefs(page.components);
    },
    fromChecked(images, index) {
      if (images.length > 0) checkedImages.set(index, images);
    },
    async complete(opened, checked) {
      site = opened;
      const { pages } = opened.site;
      for (let index = 0; index < pages.length; index++) {
        const summary = pages[index];
        if (!summary?.status || hashes[index] !== undefined) continue;
        const digest = opened.locate?.(index).digest;
        const hash = digest
          ? hashValue({ digest, summary })
          : hashValue(await opened.loadPage(index));
        hashes[index] = hash;
        const found = previous.get(hash) ?? checked.get(index);
        if (found) refs[index] = found;
      }
    },
    hash: (index) => hashes[index] as string,
    refs: (index) => refs[index] ?? null,
    async read(index) {
      let found = refs[index];
      if (!found) {
        const { components } = await (site as OpenedSite).loadPage(index);
        found = componentRefs(components, checkedImages.get(index) ?? []);
        refs[index] = found;
        reads++;
      }
      return found;
    },
  };
}
