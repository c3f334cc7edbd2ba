import { SitewrightError } from "../errors.js";
import { BUILD_RECORD_FILES, SITE_FILES } from "../site/reserved-paths.js";
import type { Component, PageSummary, SiteFrame } from "../site/types.js";
import type { PageRoute } from "./context.js";
import { routeForSlug } from "./paths.js";
import type { StructureIndex } from "./structures/index-structures.js";
import { planStructureRoutes } from "./structures/plan-structures.js";

/**
 * A route as planned: site pages are summaries whose components are read only when the page
 * is rendered (`components` null); generated pages (structures) carry theirs.
 */
export interface PlannedRoute extends Omit<PageRoute, "page"> {
  page: PageSummary;
  components: Component[] | null;
}

/** Every file the build will write, decided before any rendering. */
export interface BuildPlan {
  routes: PlannedRoute[];
  /** Files the generator itself writes (stylesheet, manifest). */
  reserved: string[];
  /** Drafts (pages and posts) and scheduled posts that were left out. */
  skipped: number;
}

/** Files that belong to the generator; a page can never claim them. */
export const RESERVED_FILES = [...BUILD_RECORD_FILES, "assets/site.css", ...SITE_FILES];

/**
 * Plans the routes of every published page and of every structure's live posts, listings and
 * category pages; unsafe slugs and two writers of one file are errors.
 */
export function planBuild(site: SiteFrame, structures?: StructureIndex): BuildPlan {
  const owners = new Map<string, string>(RESERVED_FILES.map((f) => [f, "the generator"]));
  const routes: PlannedRoute[] = [];
  let skipped = 0;
  const claim = (slug: string, owner: string) => {
    const route = routeForSlug(slug, owner);
    const previous = owners.get(route.file);
    if (previous) {
      throw new SitewrightError(
        "E_ROUTE_CONFLICT",
        `${owner} and ${previous} would both write ${route.file}.`,
        {
          hint: "Give one of them a different URL.",
          details: { file: route.file, owners: [previous, owner] },
        },
      );
    }
    owners.set(route.file, owner);
    return route;
  };
  site.pages.forEach((page, index) => {
    if (!page.status) {
      skipped++;
      return;
    }
    // The website's homepage_id makes that page the home page whatever its own slug.
    const slug = page.id === site.website.homepage_id ? "/" : page.post_name;
    const route = claim(slug, `pages[${index}] "${page.post_title}"`);
    routes.push({ ...route, page, components: null, index });
  });
  if (structures) {
    for (const planned of planStructureRoutes(structures)) {
      const route = claim(planned.slug, planned.owner);
      const { page } = planned;
      routes.push({
        ...route,
        page,
        components: page.components,
        index: -1,
        structure: planned.structure,
      });
    }
    for (const state of structures.states)
      skipped += state.structure.posts.length - state.live.length;
  }
  return { routes, reserved: RESERVED_FILES, skipped };
}
