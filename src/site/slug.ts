/**
 * Page slugs become output directories, so they are checked here once: every later stage can
 * join a normalized slug onto the output root without re-checking for traversal.
 */

/** Longest slug segment accepted; file systems stop at 255 bytes and `index.html` needs room. */
const MAX_SEGMENT = 200;

// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const DRIVE = /^[a-zA-Z]:/;
/**
 * What a segment may hold once it is checked for traversal: letters, digits and the URL marks
 * that need no escaping in a path, a file name, an HTML attribute or a server config line.
 * No `<>"'` or backtick (HTML), no `%` (encoded text is decoded by servers, not by us), no
 * blanks. The generator turns segments into folders with this same rule.
 */
const SAFE_SEGMENT = /^[\p{L}\p{N}_~!$()*+,;=@-][\p{L}\p{M}\p{N}._~!$()*+,;=@-]*$/u;

/** True when a (normalized) slug segment can become a folder name and a URL segment as it is. */
export function isSafeSegment(segment: string): boolean {
  return SAFE_SEGMENT.test(segment) && !segment.includes("..");
}

/**
 * Why `raw` cannot be used as a slug, or null when it is safe. Checked on the text as given
 * and on its percent-decoded form, so `%2e%2e` cannot smuggle a `..` segment through.
 */
export function slugProblem(raw: string): string | null {
  const value = raw.trim();
  if (CONTROL.test(value)) return "must not contain control characters";
  if (value.includes("\\")) return "must not contain backslashes";
  if (value.startsWith("//"))
    return "must not start with // (an absolute or protocol-relative path)";
  if (/[?#]/.test(value)) return "must not contain ? or # (a slug is a path, not a URL)";
  const body = value.replace(/^\//, "").replace(/\/$/, "");
  if (body === "") return null;
  for (const segment of body.split("/")) {
    if (segment === "") return "must not contain empty segments (//)";
    if (segment === "." || segment === "..") return "must not contain . or .. segments";
    if (DRIVE.test(segment)) return "must not be an absolute path (drive letter)";
    if (segment.length > MAX_SEGMENT) return `segments must be at most ${MAX_SEGMENT} characters`;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return "contains malformed percent-encoding";
    }
    if (decoded !== segment) {
      if (decoded === "." || decoded === ".." || /[/\\]/.test(decoded) || CONTROL.test(decoded)) {
        return "must not contain encoded traversal (%2e%2e, %2f, %5c or control characters)";
      }
    }
    if (!isSafeSegment(segment.normalize("NFC"))) {
      return "may hold only letters, digits and - _ . ~ ! $ ( ) * + , ; = @ (no spaces, quotes, < >, % or two dots in a row), and must not start with a dot";
    }
  }
  return null;
}

/**
 * The normalized slug: `/` for the home page (`"/"`, `""`), otherwise the path without
 * leading or trailing slash (`"/about/"` → `about`, `a/b` stays). Assumes `slugProblem` is null.
 */
export function normalizeSlug(raw: string): string {
  const body = raw.trim().normalize("NFC").replace(/^\//, "").replace(/\/$/, "");
  return body === "" ? "/" : body;
}

/** The site-relative URL path of a normalized slug: `/` or `/about/`. */
export function slugPath(slug: string): string {
  return slug === "/" ? "/" : `/${slug}/`;
}

/**
 * The URL path a page is served at: `/` for the website's `homepage_id` page, else its slug's
 * path. The generator and menus share this so both agree on where the home page lives.
 */
export function pagePath(
  page: { id: string; post_name: string },
  website: { homepage_id: string | null },
): string {
  return page.id === website.homepage_id ? "/" : slugPath(page.post_name);
}
