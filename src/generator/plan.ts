import { SitewrightError } from "../errors.js";
import type { Page, Site } from "../site/types.js";
import { routeForSlug } from "./paths.js";
import { SITE_FILES } from "./site-files.js";

/** One HTML file the build will write. */
export interface PageRoute {
  /** Output path relative to the build root, e.g. `about/index.html`. */
  file: string;
  /** Public URL path, e.g. `/about/`. */
  url: string;
  page: Page;
  /** Position in `site.pages`, for error paths. */
  index: number;
}

/** Every file the build will write, decided before any rendering. */
export interface BuildPlan {
  routes: PageRoute[];
  /** Files the generator itself writes (stylesheet, manifest). */
  reserved: string[];
  /** Drafts that were left out. */
  skipped: number;
}

/** Files that belong to the generator; a page can never claim them. */
export const RESERVED_FILES = ["manifest.json", "assets/site.css", ...SITE_FILES];

/** Plans the routes of every published page; unsafe slugs and two writers of one file are errors. */
export function planBuild(site: Site): BuildPlan {
  const owners = new Map<string, string>(RESERVED_FILES.map((f) => [f, "the generator"]));
  const routes: PageRoute[] = [];
  let skipped = 0;
  site.pages.forEach((page, index) => {
    if (!page.status) {
      skipped++;
      return;
    }
    const owner = `pages[${index}] "${page.post_title}"`;
    // The website's homepage_id makes that page the home page whatever its own slug.
    const slug = page.id === site.website.homepage_id ? "/" : page.post_name;
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
    routes.push({ ...route, page, index });
  });
  return { routes, reserved: RESERVED_FILES, skipped };
}
