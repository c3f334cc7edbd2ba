import { SitewrightError } from "../../errors.js";

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

/** E_IMAGE naming the first problem's entity path and file, with every problem in `details`. */
export function imageError(problems: ImageProblem[], cause?: unknown): SitewrightError {
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
