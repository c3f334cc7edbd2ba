import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSitewrightError } from "../../src/errors.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";
import { type RawZipEntry, rawZip, unicodePathExtra } from "./raw-zip.js";

let dir: string;
let store: VersionStore;

// Each case gets its own directory and store: a leftover of one failing case must not fail
// the "nothing left behind" checks of every case after it.
beforeEach(async () => {
  dir = await tempDir("sw-import-zip-");
  store = createVersionStore({ root: join(dir, "store"), fsync: false });
});
afterEach(() => cleanup(dir));

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const ok = (name: string, data = "hello"): RawZipEntry => ({ name, data });
const bomb = Buffer.alloc(8 * 1024 * 1024);
const tight = { maxEntries: 3, maxTotalBytes: 100, maxEntryBytes: 60 };

/** [case, entries, expected code, limits] */
const corpus: [string, RawZipEntry[] | Buffer, string, object?][] = [
  ["parent segment", [ok("../evil.txt")], "E_ZIP_UNSAFE"],
  ["nested parent segment", [ok("a/../../evil.txt")], "E_ZIP_UNSAFE"],
  ["absolute path", [ok("/tmp/evil.txt")], "E_ZIP_UNSAFE"],
  ["drive letter", [ok("C:/evil.txt")], "E_ZIP_UNSAFE"],
  ["drive-relative", [ok("C:evil.txt")], "E_ZIP_UNSAFE"],
  ["backslash traversal", [ok("..\\evil.txt")], "E_ZIP_UNSAFE"],
  ["backslash separator", [ok("a\\b.txt")], "E_ZIP_UNSAFE"],
  ["NUL in name", [ok("a\u0000.txt")], "E_ZIP_UNSAFE"],
  ["empty segment", [ok("a//b.txt")], "E_ZIP_UNSAFE"],
  [
    "traversal hidden in a unicode path field",
    [{ name: "safe.txt", data: "x", extra: unicodePathExtra("safe.txt", "../evil.txt") }],
    "E_ZIP_UNSAFE",
  ],
  [
    "symlink entry",
    [{ name: "link", data: "/etc/passwd", externalAttributes: (0o120777 << 16) >>> 0 }],
    "E_ZIP_UNSAFE",
  ],
  [
    "symlink entry made on a non-unix host",
    [{ name: "link", data: "/etc", externalAttributes: (0o120777 << 16) >>> 0, versionMadeBy: 20 }],
    "E_ZIP_UNSAFE",
  ],
  [
    "device entry",
    [{ name: "dev", data: "", externalAttributes: (0o020644 << 16) >>> 0 }],
    "E_ZIP_UNSAFE",
  ],
  ["stored size lies", [{ name: "a.txt", data: "0123456789", declaredSize: 5 }], "E_ZIP_INVALID"],
  [
    "deflated data longer than declared",
    [{ name: "a.txt", data: "x".repeat(5000), method: 8, declaredSize: 100 }],
    "E_ZIP_INVALID",
  ],
  [
    "deflated data shorter than declared",
    [{ name: "a.txt", data: "x".repeat(100), method: 8, declaredSize: 5000 }],
    "E_ZIP_INVALID",
  ],
  ["size from no data", [{ name: "a.txt", data: "", declaredSize: 500 }], "E_ZIP_INVALID"],
  ["high compression ratio", [{ name: "zeros.bin", data: bomb, method: 8 }], "E_ZIP_LIMIT"],
  [
    "many small high-ratio entries",
    Array.from({ length: 4 }, (_, i) => ({
      name: `z${i}`,
      data: bomb.subarray(0, 600_000),
      method: 8,
    })),
    "E_ZIP_LIMIT",
  ],
  ["too many entries", [ok("a"), ok("b"), ok("c"), ok("d")], "E_ZIP_LIMIT", tight],
  ["entry too large", [ok("a", "x".repeat(61))], "E_ZIP_LIMIT", tight],
  ["total too large", [ok("a", "x".repeat(55)), ok("b", "y".repeat(55))], "E_ZIP_LIMIT", tight],
  ["duplicate name", [ok("a.txt"), ok("a.txt")], "E_ZIP_INVALID"],
  ["file used as a directory", [ok("a"), ok("a/b.txt")], "E_ZIP_INVALID"],
  ["encrypted entry", [{ name: "a.txt", data: "x", flags: 1 }], "E_ZIP_INVALID"],
  ["unsupported method", [{ name: "a.txt", data: "x", method: 12 }], "E_ZIP_INVALID"],
  [
    "not a zip",
    Buffer.from("this is not a zip file at all, just text".repeat(10)),
    "E_ZIP_INVALID",
  ],
  [
    "manifest does not match",
    [
      ok("a.txt", "real"),
      ok(
        "manifest.json",
        JSON.stringify({ version: 1, files: { "a.txt": { size: 4, sha256: sha("fake") } } }),
      ),
    ],
    "E_ZIP_INVALID",
  ],
  [
    "file missing from manifest",
    [
      ok("a.txt", "real"),
      ok("b.txt", "extra"),
      ok(
        "manifest.json",
        JSON.stringify({ version: 1, files: { "a.txt": { size: 4, sha256: sha("real") } } }),
      ),
    ],
    "E_ZIP_INVALID",
  ],
];

describe("importZip", () => {
  it.each(corpus)(
    "rejects %s and leaves nothing behind",
    async (_name, entries, expected, limits) => {
      const file = join(dir, "evil.zip");
      await writeFile(file, Buffer.isBuffer(entries) ? entries : rawZip(entries));
      const err = await store.importZip("site", file, { limits }).catch((e: unknown) => e);
      expect(isSitewrightError(err) ? err.code : err).toBe(expected);
      expect((err as Error).message).toContain("evil.zip");
      expect(await store.list("site")).toEqual([]);
      expect(await readdir(join(dir, "store/site/versions"))).toEqual([]);
      expect((await readdir(dir)).sort()).toEqual(["evil.zip", "store"]);
      expect(await readdir(join(dir, "store/site"))).toEqual(["versions"]);
    },
  );

  it("imports its own zips back to the same build, and plain zips without a manifest", async () => {
    const build = await makeBuild(join(dir, "build"), syntheticFiles(30));
    const original = await store.create("good", build);
    const again = await store.importZip("good", (await store.zip("good", original.id)).path);
    expect(again.manifestSha256).toBe(original.manifestSha256);
    expect(again.version).toBe("1.0.1");

    const plain = join(dir, "plain.zip");
    execFileSync("zip", ["-qr", plain, "index.html", "css"], {
      cwd: await makeBuild(join(dir, "p"), { "index.html": "<p>hi</p>", "css/a.css": "p{}" }),
    });
    const imported = await store.importZip("good", plain);
    expect(imported.fileCount).toBe(2);
    const manifest = JSON.parse(
      await readFile(join(store.versionDir("good", imported.id), "manifest.json"), "utf8"),
    );
    expect(Object.keys(manifest.files)).toEqual(["css/a.css", "index.html"]);
    expect(manifest.files["index.html"].sha256).toBe(sha("<p>hi</p>"));
  });
});
