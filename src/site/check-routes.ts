/**
 * Route checks: slugs must be safe to turn into output paths, and no two published pages
 * (or a page and a redirect) may claim the same URL. Messages name both sides of a clash.
 */
import { unsafeUrlScheme } from "./check-references.js";
import { claimFeedRoutes, claimStructureRoutes } from "./check-structure-routes.js";
import type { ErrorBag } from "./error-bag.js";
import { rawSlug } from "./normalize.js";
import type { ParsedSite } from "./parse-site.js";
import { reservedSlugProblem } from "./reserved-paths.js";
import { normalizeSlug, pagePath, slugPath, slugProblem } from "./slug.js";

interface Claim {
  path: string;
  label: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: line breaks would split a server config line
const CONTROL = /[\u0000-\u001f\u007f]/;
/**
 * `//host/` and `/\host/` (browsers read `\` as `/`): an external URL to a browser and to
 * nginx, but a path to anything that joins it onto the base URL. Refused, so every output of
 * a redirect agrees on where it goes.
 */
const PROTOCOL_RELATIVE = /^\s*[/\\]{2}/;

/** Checks page slugs, URL uniqueness among published pages and posts, and redirect sources and targets. */
export function checkRoutes(site: ParsedSite, bag: ErrorBag): void {
  const homepageId = site.website?.homepage_id ?? null;
  const claims = new Map<string, Claim>();
  claimFeedRoutes(site, claims);

  for (const { index, value: page } of site.pages) {
    const slug = rawSlug(page);
    if (slug === null) {
      bag.add(
        `pages[${index}].post_name`,
        "A page needs a post_name (or url); use / for the home page.",
      );
      continue;
    }
    const key = `pages[${index}].${slug.field}`;
    const problem = slugProblem(slug.value) ?? reservedSlugProblem(normalizeSlug(slug.value));
    if (problem !== null) {
      bag.add(
        key,
        `Unsafe slug ${JSON.stringify(slug.value)} on page ${page.id} "${page.post_title}": it ${problem}.`,
      );
      continue;
    }
    if (!page.status) continue;
    const url = pagePath(
      { id: page.id, post_name: normalizeSlug(slug.value) },
      { homepage_id: homepageId },
    );
    const label = `page ${page.id} "${page.post_title}" (pages[${index}])`;
    const first = claims.get(url);
    if (first) {
      bag.add(key, `URL ${url} is used by both ${first.label} and ${label}.`);
    } else {
      claims.set(url, { path: key, label });
    }
  }

  claimStructureRoutes(site, bag, claims);

  const sources = new Map<string, number>();
  for (const { index, value: redirect } of site.redirects) {
    const at = `redirects[${index}]`;
    const problem = slugProblem(redirect.from) ?? reservedSlugProblem(normalizeSlug(redirect.from));
    if (problem !== null) {
      bag.add(
        `${at}.from`,
        `Unsafe redirect source ${JSON.stringify(redirect.from)}: it ${problem}.`,
      );
    } else {
      const url = slugPath(normalizeSlug(redirect.from));
      const page = claims.get(url);
      if (page) bag.add(`${at}.from`, `Redirect from ${url} would replace ${page.label}.`);
      const earlier = sources.get(url);
      if (earlier !== undefined) {
        bag.add(`${at}.from`, `Redirect from ${url} is also defined by redirects[${earlier}].`);
      } else {
        sources.set(url, index);
      }
    }
    if (CONTROL.test(redirect.to) || redirect.to.trim() === "") {
      bag.add(`${at}.to`, "Must be a path or URL without control characters.");
    } else if (unsafeUrlScheme(redirect.to)) {
      bag.add(`${at}.to`, "Must not use a javascript:, vbscript: or data: URL.");
    } else if (PROTOCOL_RELATIVE.test(redirect.to)) {
      bag.add(
        `${at}.to`,
        "Must not start with // or a backslash: browsers read that as another site. Write the full URL (https://host/...) or a path (/page/).",
      );
    }
  }
}
