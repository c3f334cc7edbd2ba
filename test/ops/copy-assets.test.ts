import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assetSegments, copyAssets } from "../../src/ops/index.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("copyAssets", () => {
  it("accepts plain paths below /assets/ only", () => {
    expect(assetSegments("/assets/img/hero%20brood.jpg")).toEqual(["img", "hero brood.jpg"]);
    for (const bad of [
      "/assets/../secret",
      "/assets/%2e%2e/secret",
      "/assets/a//b",
      "/assets/.htaccess",
      "/assets/a\\..\\b",
      "/assets/%00x",
      "/assets/%E0%A4%A",
      "/other/x.png",
    ])
      expect(assetSegments(bad), bad).toBeNull();
  });

  it("copies new files, keeps the target's own and refuses links out of either folder", async () => {
    const root = await mkdtemp(join(tmpdir(), "sw-assets-"));
    dirs.push(root);
    const from = join(root, "theme");
    const to = join(root, "site", "assets");
    const outside = join(root, "outside");
    await mkdir(join(from, "img"), { recursive: true });
    await mkdir(to, { recursive: true });
    await mkdir(outside);
    await writeFile(join(outside, "secret.txt"), "secret");
    await writeFile(join(from, "img", "a.svg"), "<svg/>");
    await writeFile(join(from, "same.css"), "a{}");
    await writeFile(join(from, "other.css"), "theme");
    await writeFile(join(from, "into.css"), "x");
    await symlink(join(outside, "secret.txt"), join(from, "link.txt"));
    await writeFile(join(to, "same.css"), "a{}");
    await writeFile(join(to, "other.css"), "site");
    await symlink(outside, join(to, "linked"));
    await mkdir(join(from, "linked"));
    await writeFile(join(from, "linked", "x.css"), "x");

    const report = await copyAssets(
      [
        "/assets/img/a.svg",
        "/assets/same.css",
        "/assets/other.css",
        "/assets/none.png",
        "/assets/link.txt",
        "/assets/../outside/secret.txt",
        "/assets/linked/x.css",
        "/assets/img",
      ],
      from,
      to,
    );
    expect(report).toEqual({
      copied: ["/assets/img/a.svg"],
      present: ["/assets/same.css"],
      conflicts: ["/assets/other.css"],
      missing: ["/assets/none.png", "/assets/img"],
      refused: ["/assets/link.txt", "/assets/../outside/secret.txt", "/assets/linked/x.css"],
    });
    expect(await readFile(join(to, "img", "a.svg"), "utf8")).toBe("<svg/>");
    expect(await readFile(join(to, "other.css"), "utf8")).toBe("site");
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("secret");
    expect((await copyAssets(["/assets/img/a.svg"], null, to)).missing).toEqual([
      "/assets/img/a.svg",
    ]);
  });
});
