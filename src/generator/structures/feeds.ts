/**
 * RSS 2.0 and Atom (RFC 4287) feeds per structure: the newest listed posts (no drafts, no
 * scheduled posts, no `disable_listing`), absolute URLs, XML-escaped text. Feeds need the base
 * URL; without one they are skipped with a warning.
 */

import { FEED_FILES } from "../../site/reserved-paths.js";
import { slugPath } from "../../site/slug.js";
import { joinSlugs } from "../../site/structure-paths.js";
import type { Structure, StructurePost } from "../../site/types.js";
import type { BuildContext } from "../context.js";
import type { HeadLink } from "../head.js";
import { absoluteUrl } from "../paths.js";
import type { OutputWriter } from "../write.js";
import type { StructureState } from "./index-structures.js";
import { postParts } from "./post-parts.js";

/** Output paths of a structure's feeds: `<listing>/feed.xml` (RSS) and `<listing>/atom.xml`. */
export function feedFiles(structure: Structure): { rss: string; atom: string } {
  return {
    rss: joinSlugs(structure.url, FEED_FILES.rss),
    atom: joinSlugs(structure.url, FEED_FILES.atom),
  };
}

/** `<link rel="alternate">` entries for a structure's feeds; none without a base URL. */
export function feedLinks(structure: Structure, baseUrl: string | null): HeadLink[] {
  if (!baseUrl) return [];
  const files = feedFiles(structure);
  return [
    {
      rel: "alternate",
      type: "application/rss+xml",
      title: `${structure.title} (RSS)`,
      href: `${baseUrl}${files.rss}`,
    },
    {
      rel: "alternate",
      type: "application/atom+xml",
      title: `${structure.title} (Atom)`,
      href: `${baseUrl}${files.atom}`,
    },
  ];
}

// Characters XML 1.0 forbids even when escaped.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text escaped for XML content and attributes. */
export function xml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Site-relative `href`, `src` and `srcset` URLs made absolute: feed readers have no page to resolve them against. */
function absoluteHtml(html: string, baseUrl: string): string {
  return html
    .replace(/\b(href|src)="\/(?!\/)/g, `$1="${baseUrl}`)
    .replace(
      /\bsrcset="([^"]*)"/g,
      (_, list: string) => `srcset="${list.replace(/(^|,\s*)\/(?!\/)/g, `$1${baseUrl}`)}"`,
    );
}

interface FeedEntry {
  post: StructurePost;
  title: string;
  link: string;
  id: string;
  published: string;
  updated: string;
  summary: string | null;
  content: string;
  categories: { name: string; slug: string }[];
}

function entries(state: StructureState, build: BuildContext, baseUrl: string): FeedEntry[] {
  const parts = postParts(build);
  const host = new URL(baseUrl).hostname;
  const s = state.structure;
  return state.newest.slice(0, s.feed_limit).map((post) => {
    const href = build.structures.href(post);
    // Tag URIs stay the same when a post's slug or the site's scheme changes (RFC 4151).
    const id = `tag:${host},2000:${build.site.website.id}/${s.type}/${post.id}`;
    const published = build.structures.dateOf(post) ?? build.structures.now;
    return {
      post,
      title: post.title,
      link: absoluteUrl(baseUrl, href) ?? href,
      id,
      published,
      updated: post.updated_at && post.updated_at > published ? post.updated_at : published,
      summary: post.meta_description ?? parts.intro(post),
      content: absoluteHtml(parts.content(state, post), baseUrl),
      categories: post.categories
        .map((c) => state.categories.get(c))
        .filter((c) => c !== undefined)
        .map((c) => ({ name: c.name, slug: c.slug })),
    };
  });
}

const rfc822 = (iso: string) => new Date(iso).toUTCString();

/** The RSS 2.0 feed of a structure. */
export function buildRss(state: StructureState, build: BuildContext, baseUrl: string): string {
  const s = state.structure;
  const list = entries(state, build, baseUrl);
  const self = `${baseUrl}${feedFiles(s).rss}`;
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n' +
    `<title>${xml(`${s.title} | ${build.site.website.name}`)}</title>\n` +
    `<link>${xml(absoluteUrl(baseUrl, slugPath(s.url)) as string)}</link>\n` +
    `<description>${xml(s.description ?? s.title)}</description>\n` +
    `<language>${xml(build.site.website.language)}</language>\n` +
    `<atom:link href="${xml(self)}" rel="self" type="application/rss+xml"/>\n`;
  const newest = list[0];
  if (newest) out += `<lastBuildDate>${rfc822(newest.updated)}</lastBuildDate>\n`;
  for (const e of list) {
    out += `<item>\n<title>${xml(e.title)}</title>\n<link>${xml(e.link)}</link>\n`;
    out += `<guid isPermaLink="false">${xml(e.id)}</guid>\n<pubDate>${rfc822(e.published)}</pubDate>\n`;
    if (e.summary) out += `<description>${xml(e.summary)}</description>\n`;
    for (const c of e.categories) out += `<category>${xml(c.name)}</category>\n`;
    if (e.content) out += `<content:encoded>${xml(e.content)}</content:encoded>\n`;
    out += "</item>\n";
  }
  return `${out}</channel>\n</rss>\n`;
}

/** The Atom feed of a structure. */
export function buildAtom(state: StructureState, build: BuildContext, baseUrl: string): string {
  const s = state.structure;
  const { website } = build.site;
  const list = entries(state, build, baseUrl);
  // ISO 8601 UTC strings sort as text; an empty feed was last updated by this build.
  const updated =
    list
      .map((e) => e.updated)
      .sort()
      .pop() ?? build.structures.now;
  let out =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(website.language)}">\n` +
    `<id>${xml(`tag:${new URL(baseUrl).hostname},2000:${website.id}/${s.type}`)}</id>\n` +
    `<title>${xml(`${s.title} | ${website.name}`)}</title>\n` +
    (s.description ? `<subtitle>${xml(s.description)}</subtitle>\n` : "") +
    `<updated>${updated}</updated>\n` +
    `<link rel="alternate" type="text/html" href="${xml(absoluteUrl(baseUrl, slugPath(s.url)) as string)}"/>\n` +
    `<link rel="self" type="application/atom+xml" href="${xml(`${baseUrl}${feedFiles(s).atom}`)}"/>\n` +
    `<author><name>${xml(website.name)}</name></author>\n`;
  for (const e of list) {
    out += `<entry>\n<id>${xml(e.id)}</id>\n<title>${xml(e.title)}</title>\n`;
    out += `<updated>${e.updated}</updated>\n<published>${e.published}</published>\n`;
    out += `<link rel="alternate" type="text/html" href="${xml(e.link)}"/>\n`;
    for (const c of e.categories)
      out += `<category term="${xml(c.slug)}" label="${xml(c.name)}"/>\n`;
    if (e.summary) out += `<summary>${xml(e.summary)}</summary>\n`;
    if (e.content) out += `<content type="html">${xml(e.content)}</content>\n`;
    out += "</entry>\n";
  }
  return `${out}</feed>\n`;
}

/** Writes both feeds of every structure; returns the number of files written. */
export async function writeFeeds(writer: OutputWriter, build: BuildContext): Promise<number> {
  const { states } = build.structures;
  if (states.length === 0) return 0;
  const baseUrl = build.baseUrl;
  if (!baseUrl) {
    build.warn(
      "No base URL (website domain or --base-url): RSS and Atom feeds are left out.",
      "website.domain",
    );
    return 0;
  }
  let files = 0;
  for (const state of states) {
    const { rss, atom } = feedFiles(state.structure);
    await writer.write(rss, buildRss(state, build, baseUrl));
    await writer.write(atom, buildAtom(state, build, baseUrl));
    files += 2;
  }
  return files;
}
