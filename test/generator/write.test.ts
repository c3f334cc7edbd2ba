import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSitewrightError } from "../../src/errors.js";
import { openOutputWriter } from "../../src/generator/write.js";
import { WriteThread } from "../../src/generator/write-thread.js";
import { tempDir } from "./helpers.js";

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

describe("openOutputWriter", () => {
  it("writes text and bytes in batches, and the manifest matches every file", async () => {
    const root = tempDir("sw-write-");
    const out = join(root, "site");
    const writer = await openOutputWriter(out);
    const files = new Map<string, string | Buffer>();
    // More files than one batch or the in-flight limit, some sharing directories.
    for (let i = 0; i < 150; i++) {
      const path = i % 3 === 0 ? `p${i}/index.html` : `shared/${i}.txt`;
      const content = i % 2 === 0 ? `<p>page ${i} é</p>` : Buffer.from(`bytes ${i}`);
      files.set(path, content);
      await writer.write(path, content);
    }
    const { manifest } = await writer.commit();
    expect(Object.keys(manifest.files).sort()).toEqual([...files.keys()].sort());
    for (const [path, entry] of Object.entries(manifest.files)) {
      const content = files.get(path) as string | Buffer;
      const onDisk = readFileSync(join(out, path));
      expect(onDisk.equals(Buffer.from(content))).toBe(true);
      expect(entry.size).toBe(onDisk.length);
      expect(entry.sha256).toBe(sha256(onDisk));
    }
  });

  it("writes long text (encoded before it goes to the thread) byte for byte", async () => {
    const root = tempDir("sw-write-long-");
    const out = join(root, "site");
    const writer = await openOutputWriter(out);
    // Over the 1 MiB (in characters) past which text is encoded before the thread, with
    // characters of 2, 3 and 4 bytes; a short one beside it still goes as text.
    const long = 'ü日😀 quote" '.repeat(100_000);
    await writer.write("long.json", long);
    await writer.write("short.txt", "ü");
    const { manifest } = await writer.commit();
    const onDisk = readFileSync(join(out, "long.json"));
    expect(onDisk.equals(Buffer.from(long))).toBe(true);
    expect(manifest.files["long.json"]).toEqual({ size: onDisk.length, sha256: sha256(onDisk) });
    expect(readFileSync(join(out, "short.txt"), "utf8")).toBe("ü");
  });

  it("a file that cannot be written fails the commit, and the previous output stays", async () => {
    const root = tempDir("sw-write-fail-");
    const out = join(root, "site");
    mkdirSync(out);
    writeFileSync(join(out, "manifest.json"), "{}");
    writeFileSync(join(out, "index.html"), "previous");
    const writer = await openOutputWriter(out);
    await writer.write("blocker", "a file where a folder is needed");
    // Queued in the same batch as the blocker: its folder cannot be made.
    await writer.write("blocker/index.html", "never written");
    for (let i = 0; i < 20; i++) await writer.write(`ok${i}.html`, "fine");
    const err = await writer.commit().catch((e: unknown) => e);
    expect(isSitewrightError(err, "E_OUTPUT")).toBe(true);
    await writer.abort();
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("previous");
    expect(readdirSync(root).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });
});

describe("OutputWriter.link", () => {
  it("carries a previous file as a hard link with the entry given, unread, and pins the manifest", async () => {
    const root = tempDir("sw-link-");
    const out = join(root, "site");
    mkdirSync(join(out, "old"), { recursive: true });
    writeFileSync(join(out, "manifest.json"), "{}");
    writeFileSync(join(out, "old", "index.html"), "carried bytes");
    const previous = join(root, "previous.html");
    writeFileSync(previous, "carried bytes");
    const writer = await openOutputWriter(out);
    // An entry the writer could not have computed: proof that it trusts it rather than hashing.
    const entry = { size: 13, sha256: "f".repeat(64) };
    await writer.link("deep/a/index.html", previous, entry);
    await writer.write("fresh.html", "new");
    const committed = await writer.commit();
    expect(committed.manifest.files["deep/a/index.html"]).toEqual(entry);
    expect(statSync(join(out, "deep/a/index.html")).ino).toBe(statSync(previous).ino);
    expect(committed.manifestSha256).toBe(sha256(readFileSync(join(out, "manifest.json"))));
  });

  it("a carried file that is gone fails the commit with E_OUTPUT naming it, and the previous output stays", async () => {
    const root = tempDir("sw-link-gone-");
    const out = join(root, "site");
    mkdirSync(out);
    writeFileSync(join(out, "manifest.json"), "{}");
    writeFileSync(join(out, "index.html"), "previous");
    const writer = await openOutputWriter(out);
    await writer.write("index.html", "new");
    await writer.link("about/index.html", join(root, "missing.html"), { size: 1, sha256: "0" });
    const err = await writer.commit().catch((e: unknown) => e);
    expect(isSitewrightError(err, "E_OUTPUT")).toBe(true);
    expect((err as Error).message).toMatch(/Cannot carry about\/index\.html/);
    await writer.abort();
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("previous");
    expect(readdirSync(root).filter((n) => n.includes(".tmp-"))).toEqual([]);
  });
});

describe("WriteThread", () => {
  it("a batch that cannot be sent rejects every write in it, none is left pending", async () => {
    const root = tempDir("sw-thread-");
    const thread = new WriteThread();
    try {
      // A buffer that owns its memory is moved to the thread; queuing it twice makes the
      // batch impossible to send.
      const data = new Uint8Array(new ArrayBuffer(16));
      const writes = [
        thread.write(join(root, "a.txt"), "text", null),
        thread.write(join(root, "b.bin"), data, null),
        thread.write(join(root, "c.bin"), data, null),
      ];
      const settled = await Promise.allSettled(writes);
      expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
      // The thread still works after a failed batch.
      await expect(thread.write(join(root, "d.txt"), "after", null)).resolves.toMatchObject({
        size: 5,
      });
    } finally {
      await thread.close();
    }
  });
});
