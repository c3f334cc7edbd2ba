/**
 * The hand-written zip writer against archiver 7, the writer it replaced: same bytes for the
 * same files, so zips made before the switch stay reusable and identical.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join } from "node:path";
import type { Archiver, ZipOptions as ArchiverZipOptions } from "archiver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { readManifest } from "../../src/contracts/manifest.js";
import { compareNames } from "../../src/versions/safe-path.js";
import {
  manifestZipEntries,
  writeZip,
  ZIP_FIXED_DATE,
  type ZipSource,
} from "../../src/versions/zip.js";
import { STORED_EXTENSIONS } from "../../src/versions/zip-format.js";
import { cleanup, makeBuild, tempDir } from "./helpers.js";

const archiver = createRequire(import.meta.url)("archiver") as (
  format: "zip",
  options: ArchiverZipOptions,
) => Archiver;

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => cleanup(dir));

/** The writer as it was: archiver, buffers up to 256 KiB, streams above. */
async function archiverZip(src: string, entries: ZipSource[], out: string): Promise<Buffer> {
  const archive = archiver("zip", { zlib: { level: 6 } });
  const stream = createWriteStream(out);
  const closed = new Promise<void>((resolve, reject) => {
    stream.on("close", resolve);
    archive.on("error", reject);
  });
  archive.pipe(stream);
  for (const e of [...entries].sort((a, b) => compareNames(a.name, b.name))) {
    const path = join(src, e.name);
    archive.append(e.size <= 256 * 1024 ? await readFile(path) : createReadStream(path), {
      name: e.name,
      date: ZIP_FIXED_DATE,
      mode: 0o644,
      store: STORED_EXTENSIONS.has(extname(e.name).toLowerCase()),
    });
  }
  await archive.finalize();
  await closed;
  return readFile(out);
}

function mixedFiles(): Record<string, string | Buffer> {
  let seed = 7;
  const noise = (n: number) =>
    Buffer.from(
      Array.from({ length: n }, () => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed & 0xff;
      }),
    );
  const files: Record<string, string | Buffer> = {
    "index.html": "<p>home</p>".repeat(300),
    "empty.html": "",
    "empty.png": Buffer.alloc(0),
    "img/a.png": noise(5000),
    "img/big.jpg": noise(300 * 1024),
    "big.js": `${"let x = 1;\n".repeat(30_000)}${noise(2000).toString("hex")}`,
    "café/menü.html": "<p>non-ascii name</p>",
    "fonts/X.WOFF2": noise(999),
  };
  for (let i = 0; i < 300; i++) files[`p/${i}/index.html`] = `<h1>${i}</h1>${"lorem ".repeat(i)}`;
  return files;
}

async function entriesOf(src: string): Promise<ZipSource[]> {
  const size = (await readFile(join(src, "manifest.json"))).length;
  return manifestZipEntries(await readManifest(src), size);
}

describe("zip writer", () => {
  it("writes archiver's bytes, inline and on threads, and unzip -t and yauzl accept it", async () => {
    const src = await makeBuild(join(dir, "mixed"), mixedFiles());
    const entries = await entriesOf(src);
    const expected = await archiverZip(src, entries, join(dir, "archiver.zip"));
    for (const threads of [0, 1, 2]) {
      const out = join(dir, `mine-${threads}.zip`);
      const bytes = await writeZip(src, entries, out, { threads, window: 5, fsync: false });
      const got = await readFile(out);
      expect(bytes).toBe(got.length);
      expect(got.equals(expected)).toBe(true);
    }
    execFileSync("unzip", ["-tq", join(dir, "mine-2.zip")]);
    const zip = await yauzl.openPromise(join(dir, "mine-2.zip"));
    const names: string[] = [];
    for await (const e of zip.eachEntry()) names.push(e.fileName);
    zip.close();
    expect(names).toContain("café/menü.html");
    expect(names.length).toBe(entries.length);
  });

  it("fails with E_STORE and no zip when a file does not have its manifest size", async () => {
    const src = await makeBuild(join(dir, "liar"), { "a.html": "abc", "b.html": "def" });
    const out = join(dir, "liar.zip");
    const entries: ZipSource[] = [
      { name: "a.html", size: 3 },
      { name: "b.html", size: 4 },
    ];
    for (const threads of [0, 2]) {
      await expect(writeZip(src, entries, out, { fsync: false, threads })).rejects.toMatchObject({
        code: "E_STORE",
      });
      await expect(readFile(out)).rejects.toMatchObject({ code: "ENOENT" });
    }
  });
});
