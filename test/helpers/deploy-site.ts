/** Test sites for deploy tests: plain build directories with a manifest, stored as versions. */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createManifest, MANIFEST_FILE, type ManifestEntry } from "../../src/contracts/manifest.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import type { VersionMeta } from "../../src/versions/version-meta.js";

/** Files of a test build: path → content. */
export type BuildFiles = Record<string, string | Buffer>;

/** Writes `files` and their manifest.json into `dir`. */
export async function writeBuild(dir: string, files: BuildFiles): Promise<void> {
  const entries: Array<[string, ManifestEntry]> = [];
  for (const [path, content] of Object.entries(files)) {
    const data = typeof content === "string" ? Buffer.from(content) : content;
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), data);
    entries.push([
      path,
      { size: data.length, sha256: createHash("sha256").update(data).digest("hex") },
    ]);
  }
  await writeFile(
    join(dir, MANIFEST_FILE),
    `${JSON.stringify(createManifest(entries), null, 2)}\n`,
  );
}

/** A local version store in a temp dir. */
export interface TestStore {
  root: string;
  store: VersionStore;
  /** Stores `files` as a new version and returns its metadata. */
  addVersion(websiteId: string, files: BuildFiles): Promise<VersionMeta>;
  cleanup(): Promise<void>;
}

/** Creates an empty local store (fsync off: tests do not survive power loss anyway). */
export async function createTestStore(): Promise<TestStore> {
  const root = await mkdtemp(join(tmpdir(), "sitewright-store-"));
  const store = createVersionStore({ root: join(root, "store"), fsync: false, actor: "test" });
  let n = 0;
  return {
    root: join(root, "store"),
    store,
    async addVersion(websiteId, files) {
      const build = join(root, `build-${n++}`);
      await writeBuild(build, files);
      const meta = await store.create(websiteId, build, { zip: { level: 0 } });
      await rm(build, { recursive: true, force: true });
      return meta;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** A small site: a few pages, nested dirs, an asset, some hostile names. */
export function sampleSite(overrides: BuildFiles = {}): BuildFiles {
  return {
    "index.html": "<h1>Home</h1>",
    "about/index.html": "<h1>About</h1>",
    "blog/2024/hello-world/index.html": "<h1>Hello</h1>",
    "assets/app.css": "body{color:#333}",
    "assets/logo.bin": Buffer.alloc(70_000, 7),
    'weird/it\'s a "quote" $(touch pwned) `x`;|&.html': "hostile name",
    "weird/spaces and tab/ünïcødé 文件.html": "unicode",
    [`deep/${"d".repeat(120)}/${"f".repeat(90)}.html`]: "long path",
    ...overrides,
  };
}
