import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SitewrightError } from "../../src/errors.js";
import { buildSite } from "../../src/generator/build.js";
import { miniSite, tempDir } from "../generator/helpers.js";
import { makeImage, snapshot } from "./helpers.js";

const root = tempDir("sw-assets-");

function assetsFolder(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "docs"), { recursive: true });
  mkdirSync(join(dir, ".git"), { recursive: true });
  writeFileSync(join(dir, "docs/menu.pdf"), "%PDF-1.4 fake");
  writeFileSync(join(dir, "fonts.woff2"), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(dir, ".DS_Store"), "junk");
  writeFileSync(join(dir, ".git/config"), "secret");
  return dir;
}

describe("site assets", () => {
  it("copies every file except dot-files into assets/ and lists each in the manifest", async () => {
    const dir = assetsFolder("plain");
    await makeImage(join(dir, "unused.jpg"), 50, 50);
    const out = join(root, "out-plain");
    const result = await buildSite(miniSite(), {
      outDir: out,
      assetsDir: dir,
      cacheDir: join(root, "cache"),
    });
    const files = Object.keys(result.manifest.files).filter((f) => f.startsWith("assets/"));
    expect(files.sort()).toEqual([
      "assets/docs/menu.pdf",
      "assets/fonts.woff2",
      "assets/site.css",
      "assets/unused.jpg",
    ]);
    expect(readFileSync(join(out, "assets/docs/menu.pdf"), "utf8")).toBe("%PDF-1.4 fake");
    const entry = result.manifest.files["assets/docs/menu.pdf"];
    expect(entry?.size).toBe(13);
    // Unreferenced images are copied but never encoded.
    expect(result.images).toEqual({ sources: 0, encoded: 0, reused: 0 });
  });

  it("copies a symbolic link to a file inside the folder as that file", async () => {
    const dir = assetsFolder("inner-link");
    symlinkSync("docs/menu.pdf", join(dir, "latest-menu.pdf"));
    const result = await buildSite(miniSite(), { outDir: join(root, "out-inner"), assetsDir: dir });
    expect(result.manifest.files["assets/latest-menu.pdf"]).toEqual(
      result.manifest.files["assets/docs/menu.pdf"],
    );
  });

  it("refuses a symbolic link that leaves the folder; the previous output stays", async () => {
    const dir = assetsFolder("escape");
    const out = join(root, "out-escape");
    await buildSite(miniSite(), { outDir: out, assetsDir: dir });
    const before = snapshot(out);
    writeFileSync(join(root, "secret.txt"), "password");
    symlinkSync(join(root, "secret.txt"), join(dir, "docs/notes.txt"));
    const err = (await buildSite(miniSite(), { outDir: out, assetsDir: dir }).catch(
      (e: unknown) => e,
    )) as SitewrightError;
    expect(err.code).toBe("E_UNSAFE_PATH");
    expect(err.message).toContain("assets/docs/notes.txt");
    expect(snapshot(out)).toEqual(before);
  });

  it("does not walk into linked folders (they could loop or leave the folder)", async () => {
    const dir = assetsFolder("dir-link");
    symlinkSync("..", join(dir, "docs/up"));
    const warnings: string[] = [];
    const result = await buildSite(miniSite(), {
      outDir: join(root, "out-dir-link"),
      assetsDir: dir,
      onWarning: (w) => warnings.push(w.path),
    });
    expect(Object.keys(result.manifest.files).filter((f) => f.includes("/up/"))).toEqual([]);
    expect(warnings).toContain("assets/docs/up");
  });
});
