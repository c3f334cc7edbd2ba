import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { SitewrightError } from "../../src/errors.js";
import { buildSite } from "../../src/generator/build.js";
import { imageError } from "../../src/generator/images/image-error.js";
import { tempDir } from "../generator/helpers.js";
import { editorImageComponent, imageComponent, makeImage, siteWith, snapshot } from "./helpers.js";

const root = tempDir("sw-img-err-");
const assets = join(root, "site/assets");
const cacheDir = join(root, "cache");
const outside = join(root, "outside");
// Its own folder: the assets copy refuses the whole folder while such a link is in it.
const linkAssets = join(root, "link-site/assets");

async function failure(promise: Promise<unknown>): Promise<SitewrightError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).not.toBeNull();
  return err as SitewrightError;
}

beforeAll(async () => {
  await makeImage(join(assets, "ok.jpg"), 600, 400);
  writeFileSync(join(assets, "corrupt.jpg"), "this is not a JPEG at all");
  const { readFileSync } = await import("node:fs");
  await makeImage(join(root, "full.jpg"), 900, 600);
  const full = readFileSync(join(root, "full.jpg"));
  // A valid header with most of the pixels missing: readable metadata, undecodable data.
  writeFileSync(join(assets, "truncated.jpg"), full.subarray(0, Math.floor(full.length * 0.6)));
  await makeImage(join(outside, "secret.jpg"), 100, 100);
  mkdirSync(linkAssets, { recursive: true });
  symlinkSync(join(outside, "secret.jpg"), join(linkAssets, "escape.jpg"));
});

describe("image errors", () => {
  const build = (components: unknown[], out: string) =>
    buildSite(siteWith(components), { outDir: out, assetsDir: assets, cacheDir });

  it("a missing image fails with E_IMAGE naming the entity path and the file; the previous output stays", async () => {
    const out = join(root, "out-missing");
    await build([imageComponent(1, "/assets/ok.jpg")], out);
    const before = snapshot(out);
    const err = await failure(
      build([imageComponent(1, "/assets/ok.jpg"), imageComponent(2, "/assets/nope.jpg")], out),
    );
    expect(err.code).toBe("E_IMAGE");
    expect(err.message).toContain("pages[0].components[1].meta.image");
    expect(err.message).toContain("does not exist");
    expect(err.details?.path).toBe("pages[0].components[1].meta.image");
    expect(err.details?.file).toBe("assets/nope.jpg");
    expect(err.message).toContain("(file assets/nope.jpg)");
    // Site owners read this: no server folders (the checkout, the temp dir) in it.
    expect(err.message).not.toContain(root);
    expect(err.message).not.toContain(tmpdir());
    expect(JSON.stringify(err.details)).not.toContain(tmpdir());
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("a corrupt image fails with E_IMAGE (Editor.js block path)", async () => {
    const err = await failure(
      build([editorImageComponent(1, "/assets/corrupt.jpg")], join(root, "out-corrupt")),
    );
    expect(err.code).toBe("E_IMAGE");
    expect(err.details?.path).toBe(
      "pages[0].components[0].meta.section_content.blocks[0].data.file.url",
    );
    expect(err.message).toMatch(/is not a readable image/);
    expect(existsSync(join(root, "out-corrupt"))).toBe(false);
  });

  it("an image that cannot be decoded fails during encoding; the previous output stays", async () => {
    const out = join(root, "out-truncated");
    await build([imageComponent(1, "/assets/ok.jpg")], out);
    const before = snapshot(out);
    const err = await failure(build([imageComponent(1, "/assets/truncated.jpg")], out));
    expect(err.code).toBe("E_IMAGE");
    expect(err.details?.path).toBe("pages[0].components[0].meta.image");
    expect(err.details?.file).toBe("assets/truncated.jpg");
    expect(`${err.message} ${JSON.stringify(err.details)}`).not.toContain(tmpdir());
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });

  it("lists every problem, and names the template field path of an image custom field", async () => {
    const data = siteWith([
      {
        id: 1,
        component_id: "templatePartial",
        template_id: 9,
        custom_fields: { photo: "/assets/gone.png" },
      },
      imageComponent(2, "/assets/also-gone.jpg"),
    ]);
    (data.templates as unknown[]).push({
      id: 9,
      name: "Photo",
      code: '{{ picture(fields.photo, alt="Photo") }}',
      custom_fields: [{ name: "photo", type: "image", default: null }],
    });
    const err = await failure(
      buildSite(data, { outDir: join(root, "out-many"), assetsDir: assets, cacheDir }),
    );
    const problems = err.details?.problems as { path: string }[];
    expect(problems.map((p) => p.path)).toEqual([
      "pages[0].components[0].custom_fields.photo",
      "pages[0].components[1].meta.image",
    ]);
  });

  it("refuses ../ in image URLs, encoded or not", async () => {
    for (const url of [
      "/assets/../outside/secret.jpg",
      "/assets/%2e%2e/outside/secret.jpg",
      "assets/a/..%2F..%2Fsecret.jpg",
    ]) {
      const err = await failure(build([imageComponent(1, url)], join(root, "out-dots")));
      expect(err.code, url).toBe("E_IMAGE");
      expect(err.message, url).toMatch(/leaves the assets folder|malformed/);
    }
  });

  it("refuses an image that is a symbolic link out of the assets folder", async () => {
    const err = await failure(
      buildSite(siteWith([imageComponent(1, "/assets/escape.jpg")]), {
        outDir: join(root, "out-link"),
        assetsDir: linkAssets,
        cacheDir,
      }),
    );
    expect(err.code).toBe("E_IMAGE");
    expect(err.message).toContain("outside the assets folder");
  });

  it("a local image in a bundle without assetsDir is an E_IMAGE that says what to set", async () => {
    const err = await failure(
      buildSite(siteWith([imageComponent(1, "/assets/ok.jpg")]), {
        outDir: join(root, "out-bundle"),
        cacheDir,
      }),
    );
    expect(err.code).toBe("E_IMAGE");
    expect(err.message).toContain("assetsDir");
  });

  it("node's messages lose their absolute paths: only site paths reach the owner", () => {
    const abs = join(tmpdir(), "sw-build-1/site/assets/photos/a.jpg");
    const err = imageError([
      {
        path: "pages[0].components[0].meta.image",
        url: "/assets/photos/a.jpg",
        file: abs,
        reason: `cannot be read (ENOENT: no such file or directory, open '${abs}')`,
      },
      {
        path: "pages[1].components[0].meta.image",
        url: "/assets/b.jpg",
        file: null,
        reason: `cannot be read: the assets folder ${join(tmpdir(), "x/assets")} does not exist`,
      },
      {
        path: "pages[2].components[0].meta.image",
        url: "/assets/c.jpg",
        file: "C:\\builds\\site\\assets\\c.jpg",
        reason:
          "cannot be opened (EACCES: permission denied, open 'C:\\builds\\site\\assets\\c.jpg')",
      },
    ]);
    expect(err.code).toBe("E_IMAGE");
    expect(err.message).toBe(
      "The image /assets/photos/a.jpg at pages[0].components[0].meta.image cannot be read (ENOENT: no such file or directory, open 'assets/photos/a.jpg') (file assets/photos/a.jpg). 2 more image problems in details.",
    );
    const text = `${err.message} ${JSON.stringify(err.details)}`;
    expect(text).not.toContain(tmpdir());
    expect(text).not.toContain("builds");
    const problems = err.details?.problems as { file: string | null; reason: string }[];
    expect(problems.map((p) => p.file)).toEqual(["assets/photos/a.jpg", null, "assets/c.jpg"]);
    expect(problems[1]?.reason).toBe("cannot be read: the assets folder assets/ does not exist");
  });

  it("an assetsDir that does not exist fails before anything is written", async () => {
    mkdirSync(join(root, "empty"), { recursive: true });
    const err = await failure(
      buildSite(siteWith([]), { outDir: join(root, "out-x"), assetsDir: join(root, "no-such") }),
    );
    expect(err.code).toBe("E_SITE_NOT_FOUND");
    expect(existsSync(join(root, "out-x"))).toBe(false);
  });
});
