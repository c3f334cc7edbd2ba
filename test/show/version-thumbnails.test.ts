import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { startPreviewServer } from "../../src/preview/server.js";
import { createThumbnailer } from "../../src/show/thumbnailer.js";
import { versionThumbnails } from "../../src/show/version-thumbnails.js";
import { createVersionStore } from "../../src/versions/store.js";
import { tempDir } from "../generator/helpers.js";
import { chromiumPath } from "../helpers/chromium.js";

describe("thumbnails of stored versions for /_versions (real Chromium)", () => {
  const dir = tempDir("sw-version-thumbs-");
  const thumbnailer = createThumbnailer({ executablePath: chromiumPath() });
  afterAll(() => thumbnailer.close());

  it("shoots a version's home page once from the server's /v/<id>/ and keeps it in the store", async () => {
    const root = join(dir, "store");
    const store = createVersionStore({ root });
    const built = await buildSite("fixtures/sites/demo", { outDir: join(dir, "build") });
    const version = await store.create("demo", built);
    await store.activate("demo", version.id);
    const thumbnail = versionThumbnails(root, "demo", thumbnailer);
    const server = await startPreviewServer({ store, websiteId: "demo", thumbnail });
    try {
      const first = await fetch(`${server.url}/_versions/thumb/${version.id}.webp`);
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toBe("image/webp");
      const bytes = Buffer.from(await first.arrayBuffer());
      expect((await sharp(bytes).metadata()).width).toBe(400);
      const file = join(root, "demo", "thumbnails", `version-${version.id}.webp`);
      const kept = (await stat(file)).mtimeMs;
      const again = await fetch(`${server.url}/_versions/thumb/${version.id}.webp`);
      expect(Buffer.from(await again.arrayBuffer()).equals(bytes)).toBe(true);
      expect((await stat(file)).mtimeMs).toBe(kept);
      // Not a version id: nothing is shot and no file is named after it.
      expect(await thumbnail("../../etc/passwd", `${server.url}/`)).toBeNull();
      expect(await readdir(join(root, "demo", "thumbnails"))).toEqual([
        `version-${version.id}.webp`,
      ]);
    } finally {
      await server.close();
    }
  });
});
