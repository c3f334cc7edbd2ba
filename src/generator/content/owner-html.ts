/**
 * Sanitizer for site owners' raw HTML (`sectionHtml` components and Editor.js `raw` blocks).
 *
 * Owner HTML is arbitrary markup, so it goes through sanitize-html (a real parser) with a
 * generous allow-list for layout and content. The options object is built once at module
 * load and shared, so no page pays for set-up.
 *
 * `style` attributes are dropped, not filtered: CSS is an injection channel of its own
 * (`url()` beacons, overlay/clickjacking with `position:fixed`, legacy `expression()`), a
 * safe subset would have to parse every value with postcss on every page, and the page is
 * validated with html-validate's recommended rules whose `no-inline-style` rejects inline
 * styles anyway. Owners style through classes and the site's stylesheet.
 */

import sanitizeHtml from "sanitize-html";
import { safeUrl } from "../../text/safe-url.js";
import { tidyOwnerHtml } from "./owner-html-tidy.js";

/** Sanitizes one owner HTML fragment; safe to call concurrently and per page. */
export type OwnerHtmlSanitizer = (html: string) => string;

/** Hosts an owner iframe may load (exact hostnames, https only). */
export const OWNER_IFRAME_HOSTS: readonly string[] = [
  "www.youtube.com",
  "youtube.com",
  "www.youtube-nocookie.com",
  "player.vimeo.com",
  "www.google.com",
  "maps.google.com",
];

const GOOGLE_HOSTS = new Set(["www.google.com", "maps.google.com"]);
const VALID_ID = /^[A-Za-z][\w-]*$/;
/**
 * Ids the engine gives its own elements: `sw-*` (the consent banner `sw-consent`, whose script
 * finds it with getElementById, and `sw-tracking`), `main` (the skip link's target), `c-<id>`
 * (components) and `f<id>-<field>` (form fields). An owner element earlier in the document with
 * one of them would be found first, e.g. a fake consent banner whose "accept" is the owner's.
 */
const ENGINE_ID = /^(?:sw-|c-|f\d|main$)/i;
const CLASS_TOKEN = /^[\w-]+$/;

const GLOBAL_ATTRIBUTES = ["class", "id", "title", "lang", "dir", "aria-label", "aria-labelledby"];
const CELL_ATTRIBUTES = ["colspan", "rowspan", "headers"];
const MEDIA_SCHEMES = ["http", "https"];

const TAGS = [
  ...["div", "section", "article", "header", "footer", "nav", "aside", "span", "p"],
  ...["h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "blockquote", "q", "cite", "pre"],
  ...["strong", "b", "em", "i", "u", "s", "small", "mark", "sub", "sup", "code", "kbd"],
  ...["abbr", "time", "address", "del", "ins", "ul", "ol", "li", "dl", "dt", "dd"],
  ...["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"],
  ...["figure", "figcaption", "img", "picture", "source", "a", "video", "audio", "track"],
  ...["iframe", "details", "summary"],
];

function dedupeClasses(value: string): string {
  return [...new Set(value.split(/\s+/).filter((t) => CLASS_TOKEN.test(t)))].join(" ");
}

const URL_ATTRIBUTES = ["href", "src", "cite", "poster"];

/**
 * sanitize-html's own URL check strips only C0 controls and spaces, so `java\u200bscript:`
 * passes it; safeUrl removes every invisible character first. Browsers today treat such URLs
 * as relative, but the stricter check costs nothing and keeps both renderers consistent.
 */
function dropUnsafeUrls(attribs: sanitizeHtml.Attributes): void {
  for (const name of URL_ATTRIBUTES) {
    const value = attribs[name];
    if (value !== undefined && safeUrl(value) === null) delete attribs[name];
  }
  const srcset = attribs.srcset;
  if (srcset !== undefined) {
    const urls = srcset.split(",").map((candidate) => candidate.trim().split(/\s+/)[0]);
    if (urls.some((url) => safeUrl(url) === null)) delete attribs.srcset;
  }
}

/** Global clean-up: stricter URL checks, engine ids, and what html-validate rejects (bad ids, duplicate classes). */
const anyTag: sanitizeHtml.Transformer = (tagName, attribs) => {
  dropUnsafeUrls(attribs);
  if (attribs.id !== undefined && (!VALID_ID.test(attribs.id) || ENGINE_ID.test(attribs.id)))
    delete attribs.id;
  if (attribs.class !== undefined) {
    const cls = dedupeClasses(attribs.class);
    if (cls === "") delete attribs.class;
    else attribs.class = cls;
  }
  return { tagName, attribs };
};

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    "*": GLOBAL_ATTRIBUTES,
    a: ["href", "target", "rel", "hreflang", "download"],
    img: ["src", "srcset", "sizes", "width", "height", "loading", "alt", "decoding"],
    source: ["src", "srcset", "sizes", "type", "media", "width", "height"],
    video: ["src", "controls", "width", "height", "poster", "preload", "muted", "loop"],
    audio: ["src", "controls", "preload", "loop", "muted"],
    track: ["src", "kind", "srclang", "label", "default"],
    iframe: ["src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"],
    td: CELL_ATTRIBUTES,
    th: [...CELL_ATTRIBUTES, "scope"],
    ol: ["start", "reversed", "type"],
    li: ["value"],
    col: ["span"],
    colgroup: ["span"],
    time: ["datetime"],
    blockquote: ["cite"],
    q: ["cite"],
    del: ["cite", "datetime"],
    ins: ["cite", "datetime"],
    details: ["open"],
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: {
    img: MEDIA_SCHEMES,
    source: MEDIA_SCHEMES,
    video: MEDIA_SCHEMES,
    audio: MEDIA_SCHEMES,
    track: MEDIA_SCHEMES,
    iframe: ["https"],
  },
  allowedSchemesAppliedToAttributes: ["href", "src", "cite", "poster"],
  allowProtocolRelative: true,
  allowedIframeHostnames: [...OWNER_IFRAME_HOSTS],
  allowIframeRelativeUrls: false,
  // Content of these is code or hidden text: dropped with the tag instead of shown as text.
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "template", "title"].concat([
    "xmp",
    "object",
    "embed",
    "noembed",
    "noframes",
    "select",
    "svg",
    "math",
  ]),
  disallowedTagsMode: "discard",
  // sanitize-html's default misses source/track/col/wbr and would emit `</source>`.
  selfClosing: ["img", "br", "hr", "area", "input", "source", "track", "col", "wbr"],
  transformTags: {
    // The page has its own <main>; a second one is invalid (html-validate `no-multiple-main`).
    main: sanitizeHtml.simpleTransform("div", {}),
    "*": anyTag,
    a: (tagName, attribs) => {
      if (attribs.target === "_blank") {
        const rel = new Set((attribs.rel ?? "").split(/\s+/).filter((t) => CLASS_TOKEN.test(t)));
        attribs.rel = [...rel.add("noopener").add("noreferrer")].join(" ");
      } else {
        delete attribs.target;
      }
      return { tagName, attribs };
    },
    img: (tagName, attribs) => {
      attribs.alt ??= "";
      return { tagName, attribs };
    },
    iframe: (tagName, attribs) => {
      if (attribs.src !== undefined && !isAllowedGoogleEmbed(attribs.src)) delete attribs.src;
      attribs.title = attribs.title?.trim() || "Embedded content";
      attribs.loading = "lazy";
      return { tagName, attribs };
    },
  },
  // Elements whose required URL was removed would be invalid (and useless): drop them.
  exclusiveFilter: (frame) => {
    const { tag, attribs } = frame;
    if (tag === "img" || tag === "iframe" || tag === "track") return !attribs.src;
    if (tag === "source") return !attribs.src && !attribs.srcset;
    return false;
  },
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
};

/** google.com hosts are allowed only for Maps embeds, not arbitrary Google pages. */
function isAllowedGoogleEmbed(src: string): boolean {
  let url: URL;
  try {
    url = new URL(src, "https://invalid.invalid/");
  } catch {
    return false;
  }
  return !GOOGLE_HOSTS.has(url.hostname) || url.pathname.startsWith("/maps");
}

/** Results kept per sanitizer, in characters of input plus output (about 8 MB). */
const CACHE_CHARS = 4_000_000;
/** Larger fragments are not cached: rare, and they would evict many small ones. */
const MAX_CACHED_INPUT = 64 * 1024;

/**
 * Creates the sanitizer for site owners' raw HTML (options are shared, built once). It
 * remembers recent results: sanitize-html costs ~0.1 ms per fragment and owner sections are
 * often repeated across a site's pages; the cache is bounded so memory does not grow with it.
 */
export function createOwnerHtmlSanitizer(): OwnerHtmlSanitizer {
  const cache = new Map<string, string>();
  let cachedChars = 0;
  return (html: string) => {
    if (html === "") return "";
    const hit = cache.get(html);
    if (hit !== undefined) return hit;
    const clean = tidyOwnerHtml(sanitizeHtml(html, OPTIONS));
    if (html.length <= MAX_CACHED_INPUT) {
      cache.set(html, clean);
      cachedChars += html.length + clean.length;
      for (const [input, output] of cache) {
        if (cachedChars <= CACHE_CHARS) break;
        cache.delete(input);
        cachedChars -= input.length + output.length;
      }
    }
    return clean;
  };
}
