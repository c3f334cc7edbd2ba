/**
 * Versions reuse the previous version: unchanged files are hard-linked from it and their zip
 * entries copied from its zip, and the result is byte for byte what a create from scratch
 * gives. A damaged or foreign previous zip is never copied blindly.
 */
import { execFileSync } from "node:child_process";
import { copyFile, open, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../../src/contracts/manifest.js";
import { versionDir } from "../../src/versions/paths.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { manifestZipEntries, writeZip, type ZipReport } from "../../src/versions/zip.js";
import { openZipReuse } from "../../src/versions/zip-reuse.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => cleanup(dir));

/** A zip of a version directory written from scratch (no reuse, inline compression). */
async function scratchZip(versionPath: string, out: string): Promise<Buffer> {
  const raw = await readFile(join(versionPath, "manifest.json"));
  const entries = manifestZipEntries(await readManifest(versionPath), raw.length);
  await writeZip(versionPath, entries, out, { threads: 0, fsync: false });
  return readFile(out);
}

async function zipOf(store: VersionStore, id: string): Promise<Buffer> {
  return readFile((await store.zip("site", id)).path);
}

/** Writes the zip of `version` reusing `previous`'s zip; returns the bytes and the report. */
async function reuseZip(
  store: VersionStore,
  previous: string,
  version: string,
  out: string,
): Promise<{ bytes: Buffer; report: ZipReport }> {
  const p = { versions: join(store.root, "site", "versions") } as Parameters<typeof versionDir>[0];
  const prevDir = versionDir(p, previous);
  const nextDir = versionDir(p, version);
  const next = await readManifest(nextDir);
  const reuse = await openZipReuse(
    {
      zipFile: `${prevDir}.zip`,
      manifest: await readManifest(prevDir),
      manifestRaw: await readFile(join(prevDir, "manifest.json")),
    },
    next,
  );
  const raw = await readFile(join(nextDir, "manifest.json"));
  let report: ZipReport | undefined;
  try {
    await writeZip(nextDir, manifestZipEntries(next, raw.length), out, {
      reuse,
      fsync: false,
      onReport: (r) => {
        report = r;
      },
    });
  } finally {
    await reuse?.close();
  }
  return { bytes: await readFile(out), report: report as ZipReport };
}

/** Deterministic pseudo-random numbers (a 32-bit LCG), so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("create reuses the previous version", () => {
  it("links unchanged files from it and copies their entries: same zip as from scratch", async () => {
    const filesA = { ...syntheticFiles(120), "gone.html": "<p>removed in B</p>" };
    const a = await makeBuild(join(dir, "a"), filesA);
    const { "gone.html": _gone, ...kept } = filesA;
    const filesB = {
      ...kept,
      "section-3/page-3/index.html": "<p>edited page</p>".repeat(50),
      "new/index.html": "<p>added page</p>",
    };
    // A separate copy of every file: links to A's inodes can only come from version A.
    const b = await makeBuild(join(dir, "b"), filesB);
    const store = createVersionStore({ root: join(dir, "store"), fsync: false });
    const va = await store.create("site", a);
    const vb = await store.create("site", b);
    const aDir = join(store.root, "site", "versions", va.id);
    const bDir = join(store.root, "site", "versions", vb.id);

    const unchanged = "section-1/page-11/index.html";
    expect((await stat(join(bDir, unchanged))).ino).toBe((await stat(join(aDir, unchanged))).ino);
    const edited = "section-3/page-3/index.html";
    expect((await stat(join(bDir, edited))).ino).toBe((await stat(join(b, edited))).ino);
    await expect(stat(join(bDir, "gone.html"))).rejects.toMatchObject({ code: "ENOENT" });

    const zb = await zipOf(store, vb.id);
    expect(zb.equals(await scratchZip(bDir, join(dir, "b-scratch.zip")))).toBe(true);
    const { bytes, report } = await reuseZip(store, va.id, vb.id, join(dir, "b-reuse.zip"));
    expect(bytes.equals(zb)).toBe(true);
    // 122 files + manifest.json in B: the edited page, the new one and the manifest changed.
    expect(report).toMatchObject({ reused: 120, compressed: 3, fallbacks: 0 });
    execFileSync("unzip", ["-tq", join(dir, "b-reuse.zip")]);
  });

  it("streams a record above 16 MiB from its file instead of holding it to copy it", async () => {
    const files: Record<string, string | Buffer> = {
      ...syntheticFiles(5),
      "video.mp4": Buffer.alloc(17 * 1024 * 1024, 3),
    };
    const store = createVersionStore({ root: join(dir, "store-big"), fsync: false });
    const va = await store.create("site", await makeBuild(join(dir, "big-a"), files));
    files["section-0/page-0/index.html"] = "<p>edited</p>";
    const vb = await store.create("site", await makeBuild(join(dir, "big-b"), files));
    const { bytes, report } = await reuseZip(store, va.id, vb.id, join(dir, "big-again.zip"));
    // 5 pages + logo + video + manifest: the video, the edited page and the manifest.
    expect(report).toMatchObject({ reused: 5, compressed: 3, fallbacks: 0 });
    expect(bytes.equals(await zipOf(store, vb.id))).toBe(true);
    const vDir = join(store.root, "site", "versions", vb.id);
    expect(bytes.equals(await scratchZip(vDir, join(dir, "big-scratch.zip")))).toBe(true);
  });

  it("stays byte-identical to a zip from scratch over random edit sequences", async () => {
    const random = rng(20261201);
    const store = createVersionStore({ root: join(dir, "store-random"), fsync: false });
    let files: Record<string, string | Buffer> = {
      ...syntheticFiles(60),
      "big.js": "const big = 1;\n".repeat(20_000), // above 256 KiB: streamed, with a descriptor
      "img/photo.jpg": Buffer.alloc(300 * 1024, 9), // stored and streamed
      "empty.css": "",
    };
    let previous = (await store.create("site", await makeBuild(join(dir, "r0"), files))).id;
    for (let round = 1; round <= 6; round++) {
      const next = { ...files };
      const names = Object.keys(next);
      const edits = 1 + Math.floor(random() * 6);
      for (let e = 0; e < edits; e++) {
        const pick = names[Math.floor(random() * names.length)] as string;
        const kind = random();
        if (kind < 0.4) next[pick] = `<p>round ${round} edit ${e}</p>`.repeat(1 + (e % 30));
        else if (kind < 0.6) delete next[pick];
        else if (kind < 0.8) next[`added-${round}-${e}/index.html`] = `<h1>${round}.${e}</h1>`;
        else next[`img/r${round}-${e}.png`] = Buffer.alloc(1000 + e, round);
      }
      if (round === 3) next["big.js"] = "const big = 2;\n".repeat(20_000);
      files = next;
      const v = await store.create("site", await makeBuild(join(dir, `r${round}`), files));
      const vDir = join(store.root, "site", "versions", v.id);
      const zip = await zipOf(store, v.id);
      expect(zip.equals(await scratchZip(vDir, join(dir, `r${round}.zip`))), `round ${round}`).toBe(
        true,
      );
      const { report } = await reuseZip(store, previous, v.id, join(dir, `r${round}-again.zip`));
      expect(report.reused).toBeGreaterThan(0);
      expect(report.fallbacks).toBe(0);
      previous = v.id;
    }
  });
});

describe("a previous zip that cannot be trusted", () => {
  async function twoVersions(name: string) {
    const files = syntheticFiles(40);
    const store = createVersionStore({ root: join(dir, `store-${name}`), fsync: false });
    const va = await store.create("site", await makeBuild(join(dir, `${name}-a`), files));
    files["section-0/page-0/index.html"] = "<p>changed</p>";
    const b = await makeBuild(join(dir, `${name}-b`), files);
    return { store, va, b, aZip: join(store.root, "site", "versions", `${va.id}.zip`) };
  }

  async function expectFromScratch(store: VersionStore, id: string, name: string) {
    const vDir = join(store.root, "site", "versions", id);
    const zip = await zipOf(store, id);
    expect(zip.equals(await scratchZip(vDir, join(dir, `${name}-scratch.zip`)))).toBe(true);
    execFileSync("unzip", ["-tq", (await store.zip("site", id)).path]);
  }

  it("falls back to compressing an entry whose local header disagrees with its central CRC", async () => {
    const { store, va, b, aZip } = await twoVersions("crc");
    // Damage the CRC in the data descriptor of an unchanged, deflated page.
    const zip = await readFile(aZip);
    const at = zip.indexOf(Buffer.from("section-1/page-1/index.html"));
    expect(at).toBeGreaterThan(0);
    const descriptor = zip.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), at);
    const handle = await open(aZip, "r+");
    await handle.write(Buffer.from([(zip[descriptor + 4] as number) ^ 0xff]), 0, 1, descriptor + 4);
    await handle.close();
    const vb = await store.create("site", b);
    await expectFromScratch(store, vb.id, "crc");
    const { report } = await reuseZip(store, va.id, vb.id, join(dir, "crc-again.zip"));
    expect(report.fallbacks).toBe(1);
    expect(report.reused).toBeGreaterThan(30);
  });

  it("reuses nothing from a truncated zip and still writes the same zip", async () => {
    const { store, va, b, aZip } = await twoVersions("cut");
    await truncate(aZip, (await stat(aZip)).size - 10);
    const vb = await store.create("site", b);
    await expectFromScratch(store, vb.id, "cut");
    const prevDir = join(store.root, "site", "versions", va.id);
    const reuse = await openZipReuse(
      {
        zipFile: aZip,
        manifest: await readManifest(prevDir),
        manifestRaw: await readFile(join(prevDir, "manifest.json")),
      },
      await readManifest(join(store.root, "site", "versions", vb.id)),
    );
    expect(reuse).toBeNull();
  });

  it("reuses nothing from another version's zip put in its place", async () => {
    const { store, va, b, aZip } = await twoVersions("swap");
    // Same names and sizes, other contents: only the manifest.json entry tells them apart.
    const other = syntheticFiles(40, "b");
    const foreign = await store.create("site", await makeBuild(join(dir, "swap-other"), other));
    await copyFile(join(store.root, "site", "versions", `${foreign.id}.zip`), aZip);
    await store.delete("site", foreign.id);
    const vb = await store.create("site", b);
    await expectFromScratch(store, vb.id, "swap");
    expect(va.id).not.toBe(vb.id);
  });

  it("fails with E_STORE and leaves nothing when a changed file lies about its size", async () => {
    const { store, va, b } = await twoVersions("liar");
    // The manifest promises the edited page's length; the file on disk is longer.
    await writeFile(join(b, "section-0/page-0/index.html"), "<p>changed, and longer</p>");
    await expect(store.create("site", b)).rejects.toMatchObject({ code: "E_STORE" });
    const left = await readdir(join(store.root, "site", "versions"));
    expect(left.sort()).toEqual([va.id, `${va.id}.zip`]);
    expect((await store.list("site")).map((v) => v.id)).toEqual([va.id]);
  });

  it("creates from the build when the previous version lost its zip or files", async () => {
    const { store, va, b, aZip } = await twoVersions("lost");
    await rm(aZip);
    await rm(join(store.root, "site", "versions", va.id, "section-1/page-1/index.html"));
    const vb = await store.create("site", b);
    await expectFromScratch(store, vb.id, "lost");
  });
});
