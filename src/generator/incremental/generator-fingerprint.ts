/**
 * Which sitewright made a build: a hash of this package's code (the modules beside this one,
 * the built-in templates and the bundled render process) and of the libraries that shape the
 * output. A record from any other code is not trusted: one changed renderer could change every
 * page, and the record cannot say which.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { renderWorkerEntry } from "../render/worker-entry.js";

/** Libraries whose version can change output bytes (templates, sanitizing, search index, images). */
const OUTPUT_LIBRARIES = ["nunjucks", "sanitize-html", "minisearch", "sharp"];

const CODE = /\.(?:[cm]?js|ts|njk)$/;

let cached: string | undefined;

/**
 * The fingerprint of the running sitewright, computed once per process (a few milliseconds:
 * ~2.5 MB of code), so that one process's builds agree even while its files are edited.
 */
export function generatorFingerprint(): string {
  if (cached !== undefined) return cached;
  const hash = createHash("sha256");
  // src/ or dist/: the folder two levels up from this module.
  const root = fileURLToPath(new URL("../../", import.meta.url));
  for (const file of codeFiles(root)) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
  }
  // The render process always runs the compiled bundle, even when this module is TypeScript.
  hash.update(readFileSync(renderWorkerEntry()));
  const require = createRequire(import.meta.url);
  for (const name of OUTPUT_LIBRARIES) {
    let version = "absent";
    try {
      version = String((require(`${name}/package.json`) as { version?: unknown }).version);
    } catch {
      // An optional library that is not installed shapes nothing.
    }
    hash.update(`${name}@${version}\0`);
  }
  cached = hash.digest("hex").slice(0, 32);
  return cached;
}

function codeFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (at: string) => {
    const entries = readdirSync(at, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && CODE.test(entry.name) && !entry.name.endsWith(".d.ts"))
        files.push(full);
    }
  };
  walk(dir);
  return files;
}
