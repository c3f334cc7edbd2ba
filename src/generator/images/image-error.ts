import { SitewrightError } from "../../errors.js";
import { localAssetPath } from "./image-url.js";

/** One referenced image that cannot be used. */
export interface ImageProblem {
  /** Input path of the reference, e.g. `pages[3].components[1].meta.image`. */
  path: string;
  /** The URL as written in the site data. */
  url: string;
  /** The file it names, when known. */
  file: string | null;
  /** Why it cannot be used, worded to follow "The image ...": `does not exist`. */
  reason: string;
}

const MAX_LISTED = 50;

// An absolute path (POSIX or Windows) where one starts: after a blank, a quote, "(" or "=".
const ABSOLUTE_PATH = /(^|[\s'"(=])((?:[A-Za-z]:)?[\\/][^\s'"()<>,;]*)/g;

/**
 * A path as the site owner knows it: `assets/photo.jpg` for anything inside an assets folder,
 * else a placeholder. The build server's folders (its temp dir, the checkout) are not the
 * owner's business and can tell an attacker where things live.
 */
export function sitePath(path: string): string {
  const normalized = path.replace(/\\/g, "/");
  const at = normalized.lastIndexOf("/assets/");
  if (at !== -1) return normalized.slice(at + 1);
  return normalized.endsWith("/assets") ? "assets/" : "(server path)";
}

/** `text` with every absolute path replaced by its site path (node's messages quote them). */
export function withoutServerPaths(text: string): string {
  return text.replace(ABSOLUTE_PATH, (_, lead: string, path: string) => lead + sitePath(path));
}

/** The problem as a site owner may see it: site-relative file, no server paths in the reason. */
function forOwner(problem: ImageProblem): ImageProblem {
  const local = localAssetPath(problem.url);
  return {
    ...problem,
    file: problem.file === null ? null : local?.ok ? `assets/${local.rel}` : sitePath(problem.file),
    reason: withoutServerPaths(problem.reason),
  };
}

/**
 * E_IMAGE naming the first problem's entity path and file, with every problem in `details`.
 * Files are shown site-relative (`assets/photo.jpg`): the message reaches site owners.
 */
export function imageError(found: ImageProblem[], cause?: unknown): SitewrightError {
  const problems = found.map(forOwner);
  const [first] = problems;
  const more = problems.length - 1;
  const message = first
    ? `The image ${first.url} at ${first.path} ${first.reason}${first.file ? ` (file ${first.file})` : ""}.` +
      (more > 0 ? ` ${more} more image problem${more === 1 ? "" : "s"} in details.` : "")
    : "An image could not be processed.";
  return new SitewrightError("E_IMAGE", message, {
    cause,
    hint: "Put the file in the site's assets/ folder (for a bundle: BuildOptions.assetsDir or --assets) or fix the reference, then build again.",
    details: {
      path: first?.path,
      file: first?.file,
      problems: problems.slice(0, MAX_LISTED),
      ...(problems.length > MAX_LISTED ? { omitted: problems.length - MAX_LISTED } : {}),
    },
  });
}
