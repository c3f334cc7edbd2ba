/** Shared helpers for version tests: temp dirs and synthetic builds with a manifest. */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createManifest, MANIFEST_FILE, type ManifestEntry } from "../../src/contracts/manifest.js";

/** A fresh temp directory; remove it with `cleanup`. */
export async function tempDir(prefix = "sw-versions-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a directory tree. */
export async function cleanup(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/** Writes a build directory with `files` and a matching manifest.json. */
export async function makeBuild(
  dir: string,
  files: Record<string, string | Buffer>,
): Promise<string> {
  const entries: [string, ManifestEntry][] = [];
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === "string" ? Buffer.from(content) : content;
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), data);
    entries.push([
      name,
      { size: data.length, sha256: createHash("sha256").update(data).digest("hex") },
    ]);
  }
  await writeFile(
    join(dir, MANIFEST_FILE),
    `${JSON.stringify(createManifest(entries), null, 2)}\n`,
  );
  return dir;
}

/** A build of `count` small HTML pages spread over directories (plus one image-like file). */
export function syntheticFiles(count: number, seed = "a"): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = {};
  for (let i = 0; i < count; i++) {
    files[`section-${i % 10}/page-${i}/index.html`] =
      `<!doctype html><title>${seed} ${i}</title><p>${"lorem ipsum ".repeat(20 + (i % 50))}</p>`;
  }
  files["assets/logo.png"] = Buffer.alloc(4096, seed.charCodeAt(0));
  return files;
}
