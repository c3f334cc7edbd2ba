import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { pictureHtml, sizesForGrid } from "../../src/generator/images/picture.js";
import {
  planVariants,
  variantFormats,
  variantWidths,
} from "../../src/generator/images/variants.js";
import { tempDir } from "../generator/helpers.js";
import { editorImageComponent, imageComponent, makeImage, siteWith } from "./helpers.js";

const root = tempDir("sw-img-");
const assets = join(root, "assets");

beforeAll(async () => {
  await makeImage(join(assets, "wide.jpg"), 2000, 1000);
  await makeImage(join(assets, "photos/mid.jpg"), 1200, 900);
  await makeImage(join(assets, "small.png"), 300, 200, "png");
  await makeImage(join(assets, "exact.webp"), 960, 480, "webp");
  await sharp({ create: { width: 40, height: 20, channels: 3, background: "#000" } })
    .gif()
    .toFile(join(assets, "anim.gif"));
});

describe("responsive variants", () => {
  it("offers 480/960/1600 up to the source width, plus the source width below 1600", () => {
    expect(variantWidths(2000)).toEqual([480, 960, 1600]);
    expect(variantWidths(1600)).toEqual([480, 960, 1600]);
    expect(variantWidths(1200)).toEqual([480, 960, 1200]);
    expect(variantWidths(960)).toEqual([480, 960]);
    expect(variantWidths(300)).toEqual([300]);
  });

  it("encodes WebP plus the original format; WebP sources only as WebP; GIF and SVG untouched", () => {
    expect(variantFormats("jpeg")).toEqual(["webp", "jpeg"]);
    expect(variantFormats("png")).toEqual(["webp", "png"]);
    expect(variantFormats("webp")).toEqual(["webp"]);
    expect(variantFormats("gif")).toBeNull();
    expect(variantFormats("svg")).toBeNull();
  });

  it("writes every variant at its width and aspect ratio, never wider than the source", async () => {
    const out = join(root, "out-widths");
    const result = await buildSite(
      siteWith([
        imageComponent(1, "/assets/wide.jpg"),
        imageComponent(2, "/assets/photos/mid.jpg"),
        imageComponent(3, "/assets/small.png"),
        imageComponent(4, "/assets/exact.webp"),
      ]),
      { outDir: out, assetsDir: assets, cacheDir: join(root, "cache-widths") },
    );
    const variants = Object.keys(result.manifest.files).filter((f) => f.startsWith("assets/_img/"));
    const found: string[] = [];
    for (const file of variants) {
      const meta = await sharp(join(out, file)).metadata();
      const [, stem, width] = /^assets\/_img\/(.+)-(\d+)\.[0-9a-f]{10}\.\w+$/.exec(file) ?? [];
      expect(meta.width, file).toBe(Number(width));
      found.push(`${stem}-${meta.width}x${meta.height}.${meta.format}`);
    }
    expect(found.sort()).toEqual(
      [
        "exact-480x240.webp",
        "exact-960x480.webp",
        "mid-1200x900.jpeg",
        "mid-1200x900.webp",
        "mid-480x360.jpeg",
        "mid-480x360.webp",
        "mid-960x720.jpeg",
        "mid-960x720.webp",
        "small-300x200.png",
        "small-300x200.webp",
        "wide-1600x800.jpeg",
        "wide-1600x800.webp",
        "wide-480x240.jpeg",
        "wide-480x240.webp",
        "wide-960x480.jpeg",
        "wide-960x480.webp",
      ].sort(),
    );
    expect(result.images).toEqual({ sources: 4, encoded: 16, reused: 0 });
  });

  it("renders <picture> with a WebP source, srcset, sizes, intrinsic size, lazy loading and alt", async () => {
    const out = join(root, "out-markup");
    await buildSite(
      siteWith([
        imageComponent(1, "/assets/photos/mid.jpg", {
          alt: 'Shop "front" & door',
          flex_grids: "w-full md:w-1/2",
          link: "/about/",
        }),
        editorImageComponent(2, "assets/small.png", "A <b>small</b> one"),
        imageComponent(3, "https://cdn.example.com/remote.jpg", { alt: "Remote" }),
        imageComponent(4, "/assets/anim.gif", { alt: "Animated" }),
        imageComponent(5, "/assets/exact.webp", { alt: "Exact" }),
      ]),
      { outDir: out, assetsDir: assets, cacheDir: join(root, "cache-markup") },
    );
    const html = readFileSync(join(out, "index.html"), "utf8");
    const mid = /<a href="\/about\/"><picture>(.*?)<\/picture><\/a>/.exec(html)?.[1] ?? "";
    expect(mid).toMatch(
      /^<source type="image\/webp" srcset="\/assets\/_img\/mid-480\.(\w+)\.webp 480w, \/assets\/_img\/mid-960\.\1\.webp 960w, \/assets\/_img\/mid-1200\.\1\.webp 1200w" sizes="\(min-width: 768px\) 50vw, 100vw">/,
    );
    expect(mid).toMatch(
      /<img src="\/assets\/_img\/mid-1200\.\w+\.jpg" srcset="[^"]*mid-480\.\w+\.jpg 480w, [^"]*mid-960\.\w+\.jpg 960w, [^"]*mid-1200\.\w+\.jpg 1200w" sizes="\(min-width: 768px\) 50vw, 100vw" width="1200" height="900" alt="Shop &quot;front&quot; &amp; door" loading="lazy" decoding="async">$/,
    );
    // Editor.js: a relative assets/ URL, alt from the caption text.
    expect(html).toMatch(
      /<figure class="sw-image"><picture><source type="image\/webp" srcset="\/assets\/_img\/small-300\.\w+\.webp 300w" sizes="100vw"><img src="\/assets\/_img\/small-300\.\w+\.png" srcset="[^"]+ 300w" sizes="100vw" width="300" height="200" alt="A small one" loading="lazy" decoding="async"><\/picture><figcaption>A <b>small<\/b> one<\/figcaption><\/figure>/,
    );
    expect(html).toContain(
      '<img src="https://cdn.example.com/remote.jpg" alt="Remote" loading="lazy" decoding="async">',
    );
    expect(html).toContain(
      '<img src="/assets/anim.gif" width="40" height="20" alt="Animated" loading="lazy" decoding="async">',
    );
    // A WebP source needs no <source>: the <img> srcset is WebP already.
    expect(html).toMatch(
      /<img src="\/assets\/_img\/exact-960\.\w+\.webp" srcset="[^"]+480w, [^"]+960w" sizes="100vw" width="960" height="480" alt="Exact"/,
    );
  });

  it("derives sizes from the section's grid classes", () => {
    expect(sizesForGrid(undefined)).toBe("100vw");
    expect(sizesForGrid("w-full")).toBe("100vw");
    expect(sizesForGrid("w-full md:w-1/2 lg:w-1/3")).toBe(
      "(min-width: 1024px) 33vw, (min-width: 768px) 50vw, 100vw",
    );
    expect(sizesForGrid("w-1/2 nonsense")).toBe("50vw");
  });

  it("escapes sizes and class given by templates", () => {
    const variants = planVariants("a.jpg", "0".repeat(64), { width: 500, height: 250 }, ["jpeg"]);
    const html = pictureHtml(variants, {
      altAttr: "x",
      sizes: '100vw" onload="alert(1)',
      className: '"><script>',
    });
    expect(html).not.toContain('" onload=');
    expect(html).not.toContain("<script>");
    expect(html).toContain('class="&quot;&gt;&lt;script&gt;"');
  });
});
