/** Where the render process's entry module is: always compiled JavaScript, never TypeScript. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SitewrightError } from "../../errors.js";

/**
 * `render-process.js` beside this module: render-worker.ts compiled and bundled with what it
 * imports by `npm run build` (scripts/finish-build.js). Run from the TypeScript sources (tests,
 * tsx), that is the same file under `dist/`: an isolated process may not start the worker
 * threads a TypeScript loader needs, so it always runs what the build made.
 */
export function renderWorkerEntry(): string {
  const here = fileURLToPath(new URL("./render-process.js", import.meta.url));
  const entry = here.replace(/([\\/])src([\\/]generator[\\/]render[\\/])/, "$1dist$2");
  if (!existsSync(entry)) {
    throw new SitewrightError(
      "E_RENDER_LIMIT",
      `The compiled render process (${entry}) is missing.`,
      { hint: "Run `npm run build` (the tests do it first), then build the site again." },
    );
  }
  return entry;
}
