/**
 * The pages of a `pages/` folder, read twice instead of held: once in order to check them and
 * keep their summaries, and again one by one while each is rendered. Memory then depends on
 * the largest page, not on the number of pages. Each file's hash from the first read is kept,
 * so a file edited between the two reads fails the build instead of mixing two versions.
 */
import { hash } from "node:crypto";
import { readFile } from "node:fs";
import { join } from "node:path";
import { SitewrightError, type ValidationErrors } from "../errors.js";
import { parseJson } from "./json-file.js";

/** The page files of a site directory, read in order and again on demand. */
export interface PageStream {
  /** Reads every file once, in order, calling `visit` with each raw page, its index and its share of the file's bytes. */
  scan(
    visit: (item: unknown, index: number, bytes: number) => void,
  ): Promise<{ jsonErrors: ValidationErrors }>;
  /** The raw page at `index` read again; throws E_SITE_CHANGED when its file changed since scan. */
  read(index: number): Promise<unknown>;
  /** The file (relative to the site directory) page `index` came from. */
  fileOf(index: number): string;
}

/** Files read at once; the same bound as the rest of the directory (load-directory.ts). */
const READ_AHEAD = 16;

function readBuffer(dir: string, rel: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    readFile(join(dir, rel), (err, data) => {
      if (!err) return resolve(data);
      reject(
        new SitewrightError("E_SITE_NOT_FOUND", `Cannot read ${rel} in ${dir}.`, {
          cause: err,
          hint: "Check the file's permissions.",
        }),
      );
    });
  });
}

/** Opens the page files `files` (relative to `dir`, already in page order). */
export function openPageStream(dir: string, files: readonly string[]): PageStream {
  // Per page: its file's index, and its position in that file (-1: the file is one page).
  const fileOfPage: number[] = [];
  const atOfPage: number[] = [];
  const digests: string[] = [];
  let last: { file: number; value: Promise<unknown> } | null = null;

  const changed = (rel: string) =>
    new SitewrightError("E_SITE_CHANGED", `${rel} changed while the site was building.`, {
      hint: "Build again once the site data is no longer being written.",
      details: { file: rel },
    });

  async function readAgain(file: number): Promise<unknown> {
    const rel = files[file] as string;
    const data = await readBuffer(dir, rel);
    if (hash("sha1", data, "base64") !== digests[file]) throw changed(rel);
    const parsed = parseJson(data.toString("utf8"));
    if ("problem" in parsed) throw changed(rel);
    return parsed.value;
  }

  return {
    async scan(visit) {
      const jsonErrors: ValidationErrors = {};
      const reads: Promise<Buffer>[] = [];
      const start = (i: number) => {
        if (i >= files.length) return;
        const read = readBuffer(dir, files[i] as string);
        // Awaited in order below; a failure further ahead must not surface as unhandled.
        read.catch(() => {});
        reads[i] = read;
      };
      for (let i = 0; i < READ_AHEAD; i++) start(i);
      for (let file = 0; file < files.length; file++) {
        const data = await (reads[file] as Promise<Buffer>);
        delete reads[file];
        start(file + READ_AHEAD);
        digests[file] = hash("sha1", data, "base64");
        const rel = files[file] as string;
        const result = parseJson(data.toString("utf8"));
        if ("problem" in result) {
          jsonErrors[rel] = [`Invalid JSON at ${result.problem.message}`];
          continue;
        }
        // A file may hold one page or an array of them, so related rows can share a file.
        const items = Array.isArray(result.value) ? result.value : [result.value];
        items.forEach((item, at) => {
          const index = fileOfPage.length;
          fileOfPage.push(file);
          atOfPage.push(Array.isArray(result.value) ? at : -1);
          visit(item, index, data.length / items.length);
        });
      }
      return { jsonErrors };
    },
    async read(index) {
      const file = fileOfPage[index];
      if (file === undefined) throw new RangeError(`No page ${index} in this site.`);
      // Pages are rendered in order, so the pages of one array file are asked for together.
      if (last?.file !== file) last = { file, value: readAgain(file) };
      const value = await last.value;
      const at = atOfPage[index] as number;
      return at < 0 ? value : (value as unknown[])[at];
    },
    fileOf(index) {
      return files[fileOfPage[index] as number] as string;
    },
  };
}
