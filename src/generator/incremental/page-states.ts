/**
 * Each published page's content hash and refs. The hash is the page's normalized JSON when the
 * page passes through the build process whole (bundles, objects), or the digest of its file
 * plus its summary when a `pages/` folder streams (its file is read by the checks anyway).
 * Refs come from the previous build while the hash is the same, else from the components.
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
   * build, from `checked` (pages checked in this process), or by reading the page again.
   * Returns how many pages were read again.
   */
  complete(opened: OpenedSite, checked: ReadonlyMap<number, ComponentRefs>): Promise<number>;
  hash(index: number): string;
  refs(index: number): ComponentRefs;
}

/** Creates the page states of a build; `previous` maps recorded page hashes to their refs. */
export function createPageStates(previous: ReadonlyMap<string, ComponentRefs>): PageStates {
  const hashes: string[] = [];
  const refs: ComponentRefs[] = [];
  const checkedImages = new Map<number, readonly ImageReference[]>();
  return {
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
      let read = 0;
      const { pages } = opened.site;
      for (let index = 0; index < pages.length; index++) {
        const summary = pages[index];
        if (!summary?.status || hashes[index] !== undefined) continue;
        const digest = opened.locate?.(index).digest;
        const hash = digest
          ? hashValue({ digest, summary })
          : hashValue(await opened.loadPage(index));
        hashes[index] = hash;
        let found = previous.get(hash) ?? checked.get(index);
        if (!found) {
          const { components } = await opened.loadPage(index);
          found = componentRefs(components, checkedImages.get(index) ?? []);
          read++;
        }
        refs[index] = found;
      }
      return read;
    },
    hash: (index) => hashes[index] as string,
    refs: (index) => refs[index] as ComponentRefs,
  };
}
