import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { openVariantCache } from "../../src/generator/images/cache.js";
import { tempDir } from "../generator/helpers.js";
import { imageComponent, makeImage, siteWith } from "./helpers.js";

const root = tempDir("sw-img-cache-");
const assets = join(root, "assets");
const cacheDir = join(root, "cache");
const site = () =>
  siteWith([
    imageComponent(1, "/assets/a.jpg"),
    imageComponent(2, "/assets/b.png"),
    imageComponent(3, "/assets/c.jpg"),
  ]);

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  await makeImage(join(assets, "a.jpg"), 1000, 500);
  await makeImage(join(assets, "b.png"), 700, 700, "png");
  await makeImage(join(assets, "c.jpg"), 400, 300);
});

describe("variant cache", () => {
  it("a second build of the same site encodes 0 images and reuses every variant", async () => {
    const out = join(root, "out");
    const first = await buildSite(site(), { outDir: out, assetsDir: assets, cacheDir });
    // a: 480, 960, 1000; b: 480, 700; c: 400 — each as WebP and the original format.
    expect(first.images).toEqual({ sources: 3, encoded: 12, reused: 0 });
    const second = await buildSite(site(), { outDir: out, assetsDir: assets, cacheDir });
    expect(second.images).toEqual({ sources: 3, encoded: 0, reused: 12 });
    expect(second.manifest.files).toEqual(first.manifest.files);
    expect(allFiles(cacheDir)).toHaveLength(12);
    expect(allFiles(cacheDir).some((f) => f.includes(".tmp-"))).toBe(false);
  });

  it("re-encodes only the image whose content changed", async () => {
    const out = join(root, "out");
    await makeImage(join(assets, "c.jpg"), 400, 300, "jpeg", "#2060c0");
    const result = await buildSite(site(), { outDir: out, assetsDir: assets, cacheDir });
    expect(result.images).toEqual({ sources: 3, encoded: 2, reused: 10 });
    const html = readFileSync(join(out, "index.html"), "utf8");
    const names = [...html.matchAll(/\/assets\/_img\/(c-400\.\w+\.jpg)/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names)
      expect(existsSync(join(out, "assets/_img", name as string))).toBe(true);
  });

  it("uses <site>/.sitewright-cache/images for a directory input", async () => {
    const siteDir = join(root, "dir-site");
    const { writeFileSync, mkdirSync } = await import("node:fs");
    mkdirSync(siteDir, { recursive: true });
    const data = site();
    writeFileSync(join(siteDir, "website.json"), JSON.stringify(data.website));
    for (const key of ["pages", "templates", "layouts", "menus", "forms"])
      writeFileSync(join(siteDir, `${key}.json`), JSON.stringify(data[key]));
    await makeImage(join(siteDir, "assets/a.jpg"), 1000, 500);
    await makeImage(join(siteDir, "assets/b.png"), 700, 700, "png");
    await makeImage(join(siteDir, "assets/c.jpg"), 400, 300);
    const out = join(root, "out-dir");
    const first = await buildSite(siteDir, { outDir: out });
    expect(first.images.encoded).toBe(12);
    expect(allFiles(join(siteDir, ".sitewright-cache/images"))).toHaveLength(12);
    const second = await buildSite(siteDir, { outDir: out });
    expect(second.images).toEqual({ sources: 3, encoded: 0, reused: 12 });
  });

  it("stores atomically: the final name appears only complete, no temporary file is left", async () => {
    const cache = openVariantCache(join(root, "atomic"));
    const sha = "ab".repeat(32);
    expect(await cache.lookup(sha, 480, "webp")).toBeNull();
    const file = await cache.store(sha, 480, "webp", Buffer.from("data"));
    expect(await cache.lookup(sha, 480, "webp")).toBe(file);
    expect(readFileSync(file, "utf8")).toBe("data");
    expect(readdirSync(join(root, "atomic", "ab"))).toEqual([file.split("/").pop()]);
  });
});
