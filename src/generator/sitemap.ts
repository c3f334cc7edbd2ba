import { parseBuilderDate } from "../text/builder-date.js";
import { escapeHtml } from "./content/escape.js";
import { absoluteUrl } from "./paths.js";
import type { IndexedRoute } from "./site-index.js";

/** The protocol's limits for one sitemap file. */
export const SITEMAP_LIMITS = { urls: 50_000, bytes: 50 * 1024 * 1024 };

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';

/**
 * sitemap.xml for every indexable route, absolute URLs, `lastmod` when known. Above 50,000
 * URLs or 50 MB the URLs go into sitemap-N.xml files and sitemap.xml becomes their index.
 * Returns output path → content.
 */
export function buildSitemaps(
  routes: Iterable<IndexedRoute>,
  baseUrl: string,
  limits = SITEMAP_LIMITS,
): Map<string, string> {
  const chunks: string[][] = [[]];
  let size = 0;
  const footer = "</urlset>\n";
  const header = `${HEAD}<urlset ${NS}>\n`;
  for (const route of routes) {
    if (!route.indexable) continue;
    const loc = absoluteUrl(baseUrl, route.url) as string;
    const date = route.lastmod ? w3cDate(route.lastmod) : null;
    const lastmod = date ? `<lastmod>${date}</lastmod>` : "";
    const entry = `<url><loc>${escapeHtml(loc)}</loc>${lastmod}</url>\n`;
    let current = chunks[chunks.length - 1] as string[];
    const entryBytes = Buffer.byteLength(entry);
    if (
      current.length >= limits.urls ||
      size + entryBytes + header.length + footer.length > limits.bytes
    ) {
      current = [];
      chunks.push(current);
      size = 0;
    }
    current.push(entry);
    size += entryBytes;
  }
  const files = new Map<string, string>();
  if (chunks.length === 1) {
    files.set("sitemap.xml", header + (chunks[0] as string[]).join("") + footer);
    return files;
  }
  let index = `${HEAD}<sitemapindex ${NS}>\n`;
  chunks.forEach((chunk, i) => {
    const name = `sitemap-${i + 1}.xml`;
    files.set(name, header + chunk.join("") + footer);
    index += `<sitemap><loc>${escapeHtml(absoluteUrl(baseUrl, `/${name}`) as string)}</loc></sitemap>\n`;
  });
  files.set("sitemap.xml", `${index}</sitemapindex>\n`);
  return files;
}

/** robots.txt allowing everything, with an absolute Sitemap line when the base URL is known. */
export function buildRobotsTxt(baseUrl: string | null): string {
  // `no_index` is expressed per page with a robots meta tag; a Disallow here would stop
  // crawlers from ever seeing that tag, so robots.txt never lists those pages.
  const lines = ["User-agent: *", "Allow: /"];
  if (baseUrl) lines.push("", `Sitemap: ${absoluteUrl(baseUrl, "/sitemap.xml")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * W3C datetime for sitemaps and feeds, or null when unreadable. Builder timestamps also come
 * as "2024-05-01 10:00:00" (UTC, no zone), which Date would read as local time.
 */
export function w3cDate(value: string): string | null {
  const date = parseBuilderDate(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}
