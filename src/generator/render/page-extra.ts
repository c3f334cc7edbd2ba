/**
 * What checking a page file derives from the page's components besides the finding: its
 * images and owner code (the build needs both before anything renders) and its refs (the
 * build record's, so that a clean build's record already knows what each page uses). Render
 * processes derive it for the pages they check, the build process for the few it checks itself.
 */
import type { Component } from "../../site/types.js";
import { ownCodeSources } from "../build-context.js";
import { componentImageReferences } from "../images/scan.js";
import { componentRefs } from "../incremental/component-refs.js";
import type { PageExtra } from "./render-protocol.js";

/** The extra of page `index` from its converted components. */
export function pageExtra(components: Component[], index: number): PageExtra {
  const path = `pages[${index}].components`;
  const code: PageExtra["code"] = [];
  ownCodeSources(components, path, code);
  const images = componentImageReferences(components, path);
  return { images, code, refs: JSON.stringify(componentRefs(components, images)) };
}
