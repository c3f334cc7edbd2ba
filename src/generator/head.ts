import { themeStylesheetPath } from "../site/schema-website.js";
import type { SeoFields, Website } from "../site/types.js";
import { safeAssetUrl, safeUrl } from "../text/safe-url.js";
import { absoluteUrl } from "./paths.js";

/** Everything the document template puts in `<head>` for one page. */
export interface HeadData {
  title: string;
  description: string | null;
  keywords: string | null;
  canonical: string | null;
  noindex: boolean;
  /** `<meta property=...>` pairs (Open Graph). */
  og: [string, string][];
  /** `<meta name=...>` pairs (Twitter cards). */
  twitter: [string, string][];
  /** Extra `<link>` elements: the theme stylesheet, feeds (rel=alternate), pagination (rel=prev/next). */
  links?: HeadLink[];
  /** The site's favicon URL, or null when it has none or it is not an http(s) URL or site path. */
  favicon: string | null;
}

/** One `<link>` element in `<head>`; values are escaped by the document template. */
export interface HeadLink {
  rel: string;
  href: string;
  type?: string;
  title?: string;
}

/** The SEO-relevant parts of a page or post. */
export interface HeadInput extends SeoFields {
  title: string;
  url: string;
  isHome: boolean;
}

/**
 * Title falls back from `meta_title` to "`title` | site name"; the canonical URL is absolute
 * (an owner's `canonical_url`, else the base URL plus the page path) or left out without a base.
 */
export function computeHead(input: HeadInput, website: Website, baseUrl: string | null): HeadData {
  const title =
    input.meta_title?.trim() ||
    (input.isHome || input.title === website.name
      ? input.title || website.name
      : `${input.title} | ${website.name}`);
  const description = input.meta_description?.trim() || null;
  const ownCanonical = input.canonical_url ? safeUrl(input.canonical_url) : null;
  const canonical = absoluteUrl(baseUrl, ownCanonical ?? input.url);
  const image = input.meta_image ? safeUrl(input.meta_image) : null;
  const imageUrl = image ? absoluteUrl(baseUrl, image) : null;

  const og: [string, string][] = [
    ["og:type", "website"],
    ["og:title", title],
    ["og:site_name", website.name],
    ["og:locale", website.language.replace("-", "_")],
  ];
  if (canonical) og.push(["og:url", canonical]);
  if (description) og.push(["og:description", description]);
  if (imageUrl) og.push(["og:image", imageUrl]);

  const twitter: [string, string][] = [
    ["twitter:card", imageUrl ? "summary_large_image" : "summary"],
    ["twitter:title", title],
  ];
  if (description) twitter.push(["twitter:description", description]);
  if (imageUrl) twitter.push(["twitter:image", imageUrl]);

  // Validated at input; checked again because a Site object may be built by hand.
  const theme = themeStylesheetPath(website.customization.stylesheet);
  return {
    title,
    description,
    keywords: input.meta_keyword?.trim() || null,
    canonical,
    noindex: input.no_index,
    og,
    twitter,
    // The document links these before assets/site.css; the engine's base sits in a cascade
    // layer there, so the theme still wins over it (see buildStylesheet).
    ...(theme ? { links: [{ rel: "stylesheet", href: theme }] } : {}),
    // Validated at input too; checked again here because it goes into every page's <head>.
    favicon: safeAssetUrl(website.customization.favicon),
  };
}

/** The Google Fonts stylesheet URL for the customization's families, or null when none. */
export function googleFontsHref(fonts: Record<string, string>): string | null {
  const families = [...new Set(Object.values(fonts).filter((f) => /^[A-Za-z0-9 ]{1,60}$/.test(f)))];
  if (families.length === 0) return null;
  const query = families.map((f) => `family=${f.trim().replace(/ /g, "+")}:wght@400;700`).join("&");
  return `https://fonts.googleapis.com/css2?${query}&display=swap`;
}
