import type { Component, Page } from "../site/types.js";

/**
 * A page the generator makes itself (404, structure listings and posts), so it can go through
 * the same layout and document rendering as the site's own pages.
 */
export function syntheticPage(
  id: string,
  title: string,
  slug: string,
  layoutId: string | null,
  components: Component[] = [],
): Page {
  return {
    id,
    post_title: title,
    post_name: slug,
    status: true,
    layout_id: layoutId,
    secured: false,
    updated_at: null,
    meta_title: null,
    meta_description: null,
    meta_keyword: null,
    meta_image: null,
    canonical_url: null,
    no_index: false,
    components,
  };
}
