import { SitewrightError } from "../errors.js";
// Validation (slugProblem) applies this same segment rule, so a valid site never fails here.
import { isSafeSegment } from "../site/slug.js";

/**
 * The output file and public URL of a normalized slug (`/` for the home page, else `a/b`).
 * Throws E_UNSAFE_PATH for anything that could leave the output directory.
 */
export function routeForSlug(slug: string, owner: string): { file: string; url: string } {
  if (slug === "/") return { file: "index.html", url: "/" };
  const segments = slug.split("/");
  if (segments.some((s) => !isSafeSegment(s))) {
    throw new SitewrightError("E_UNSAFE_PATH", `${owner} has an unsafe URL "${slug}".`, {
      hint: "Use letters, digits, '-' and '_' in URL segments, without '..' or backslashes.",
      details: { slug, owner },
    });
  }
  return { file: `${segments.join("/")}/index.html`, url: `/${segments.join("/")}/` };
}

/** Checks a relative output path before anything is written to it. */
export function assertSafeOutputPath(path: string): void {
  const bad =
    path === "" ||
    path.startsWith("/") ||
    path.includes("\\") ||
    path.includes("\0") ||
    path.split("/").some((s) => s === "" || s === "." || s === "..");
  if (bad) {
    throw new SitewrightError("E_UNSAFE_PATH", `Refusing to write outside the output: "${path}".`, {
      hint: "This is a bug in the generator or a crafted input; report it with the site data.",
      details: { path },
    });
  }
}

/** Joins a site-relative URL path to the absolute base URL (which ends with `/`). */
export function absoluteUrl(baseUrl: string | null, path: string): string | null {
  if (/^https?:\/\//i.test(path)) return path;
  if (!baseUrl) return null;
  return baseUrl + path.replace(/^\/+/, "");
}
