import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDownloadHandler } from "../../src/versions/download.js";
import { computeSignature, signDownloadUrl } from "../../src/versions/signing.js";
import { createVersionStore } from "../../src/versions/store.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

const NEW = "new-secret-0123456789abcdef-0123456789";
const OLD = "old-secret-0123456789abcdef-0123456789";
const RETIRED = "retired-secret-0123456789ab-0123456789";

let dir: string;
let server: Server;
let base: string;
let versionId: string;
let zipBytes: Buffer;
let secrets = [NEW, OLD];
const seenRanges: (string | undefined)[] = [];
/** When set, the next response is cut off (socket destroyed) after this many body bytes. */
let cutAfter: number | null = null;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

function signed(id = versionId, secret = NEW, expiresIn = 600, websiteId = "site"): string {
  return signDownloadUrl({ websiteId, versionId: id, expiresIn, secret }).url;
}

beforeAll(async () => {
  dir = await tempDir();
  const store = createVersionStore({ root: join(dir, "store"), fsync: false });
  // Random bytes under a stored extension: ~1.5 MB that neither side can compress.
  const files = { ...syntheticFiles(20), "media/noise.png": randomBytes(1_500_000) };
  versionId = (await store.create("site", await makeBuild(join(dir, "build"), files))).id;
  zipBytes = await readFile((await store.zip("site", versionId)).path);
  const handler = createDownloadHandler({ store, secrets: () => secrets });
  server = createServer((req, res) => {
    seenRanges.push(req.headers.range);
    if (cutAfter !== null) {
      const limit = cutAfter;
      cutAfter = null;
      let sent = 0;
      const write = res.write.bind(res) as (chunk: Buffer) => boolean;
      res.write = ((chunk: Buffer) => {
        sent += chunk.length;
        const more = write(chunk);
        if (sent >= limit) res.socket?.destroy(); // a dropped connection mid-download
        return more;
      }) as typeof res.write;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await cleanup(dir);
});

describe("download handler", () => {
  it("serves the whole zip with every header", async () => {
    // Valid for two hours, so the seed's one-hour cache lifetime applies unchanged.
    const r = await get(signed(versionId, NEW, 7200));
    expect(r.status).toBe(200);
    expect(r.body.equals(zipBytes)).toBe(true);
    expect(r.headers).toMatchObject({
      "accept-ranges": "bytes",
      "content-type": "application/zip",
      "cache-control": "public, max-age=3600",
      "content-length": String(zipBytes.length),
      "content-disposition": 'attachment; filename="site-1.0.0.zip"',
    });
    expect(r.headers.etag).toMatch(/^"[0-9a-f-]+"$/);
    expect(Date.parse(r.headers["last-modified"] as string)).not.toBeNaN();
  });

  it("answers HEAD with the headers and no body", async () => {
    const r = await get(signed(), {}, "HEAD");
    expect(r.status).toBe(200);
    expect(r.headers["content-length"]).toBe(String(zipBytes.length));
    expect(r.body.length).toBe(0);
  });

  const size = () => zipBytes.length;
  it.each([
    ["first bytes", "bytes=0-99", 0, 99],
    ["suffix", "bytes=-100", -100, -1],
    ["open-ended", "bytes=1000-", 1000, -1],
    ["end past the size", "bytes=10-99999999", 10, -1],
    ["overlapping (merged)", "bytes=0-50,40-99", 0, 99],
    ["adjacent (merged)", "bytes=0-9,10-19", 0, 19],
  ])("serves a %s range as 206", async (_n, range, from, to) => {
    const start = from < 0 ? size() + from : from;
    const end = to < 0 ? size() + to : to;
    const r = await get(signed(), { Range: range });
    expect(r.status).toBe(206);
    expect(r.headers["content-range"]).toBe(`bytes ${start}-${end}/${size()}`);
    expect(r.body.equals(zipBytes.subarray(start, end + 1))).toBe(true);
  });

  it("answers several disjoint ranges with the full 200 (documented choice)", async () => {
    const r = await get(signed(), { Range: "bytes=0-10,20-30" });
    expect(r.status).toBe(200);
    expect(r.body.equals(zipBytes)).toBe(true);
  });

  it("ignores a malformed Range header", async () => {
    for (const range of ["bytes=abc", "bytes=5-1", "items=0-5", "bytes="]) {
      expect((await get(signed(), { Range: range })).status).toBe(200);
    }
  });

  it("answers unsatisfiable ranges with 416 and bytes */len", async () => {
    for (const range of [`bytes=${size()}-`, "bytes=-0", `bytes=${size() + 5}-${size() + 9}`]) {
      const r = await get(signed(), { Range: range });
      expect(r.status).toBe(416);
      expect(r.headers["content-range"]).toBe(`bytes */${size()}`);
      expect(JSON.parse(r.body.toString())).toMatchObject({ error: true });
    }
  });

  it("honours If-Range only when the validator is current", async () => {
    const { headers } = await get(signed(), {}, "HEAD");
    const etag = headers.etag as string;
    const lastModified = headers["last-modified"] as string;
    expect((await get(signed(), { Range: "bytes=0-9", "If-Range": etag })).status).toBe(206);
    expect((await get(signed(), { Range: "bytes=0-9", "If-Range": lastModified })).status).toBe(
      206,
    );
    const stale = await get(signed(), { Range: "bytes=0-9", "If-Range": '"stale-etag"' });
    expect(stale.status).toBe(200);
    expect(stale.body.equals(zipBytes)).toBe(true);
    const oldDate = "Mon, 01 Jan 2001 00:00:00 GMT";
    expect((await get(signed(), { Range: "bytes=0-9", "If-Range": oldDate })).status).toBe(200);
    expect((await get(signed(), { Range: "bytes=0-9", "If-Range": `W/${etag}` })).status).toBe(200);
    expect((await get(signed(), { "If-None-Match": etag })).status).toBe(304);
  });

  it("refuses expired, tampered and missing signatures with 403 JSON", async () => {
    const url = signed();
    const expired = signDownloadUrl({
      websiteId: "site",
      versionId,
      expiresIn: 60,
      secret: NEW,
      now: Date.now() - 120_000,
    }).url;
    const flipped = url.replace(
      /signature=(.)/,
      (_m, c: string) => `signature=${c === "a" ? "b" : "a"}`,
    );
    const moreTime = url.replace(/expires=(\d+)/, (_m, e: string) => `expires=${Number(e) + 3600}`);
    const headSigned = `/download/site/${versionId}?signature=${computeSignature(NEW, "POST", `/download/site/${versionId}`, 9999999999)}&expires=9999999999`;
    for (const bad of [expired, flipped, moreTime, `/download/site/${versionId}`, headSigned]) {
      const r = await get(bad);
      expect(r.status).toBe(403);
      expect(r.headers["content-type"]).toContain("application/json");
      const body = JSON.parse(r.body.toString());
      expect(body).toEqual({ error: true, message: expect.any(String) });
    }
    expect(JSON.parse((await get(expired)).body.toString()).message).toContain("expired");
  });

  it("does not let a signature for one version download another", async () => {
    const other = "20200101T000000000Z-00000000";
    const url = signed().replace(versionId, other);
    expect((await get(url)).status).toBe(403);
    expect((await get(signed(versionId, NEW, 600).replace("/site/", "/other/"))).status).toBe(403);
  });

  it("answers 404 for unknown versions, websites and paths (when signed)", async () => {
    expect((await get(signed("20200101T000000000Z-00000000"))).status).toBe(404);
    expect((await get(signed(versionId, NEW, 600, "nosuchsite"))).status).toBe(404);
    expect((await get("/elsewhere")).status).toBe(404);
    const post = await get(signed(), {}, "POST");
    expect(post.status).toBe(405);
  });

  it("rotates keys: old secrets verify until removed", async () => {
    expect((await get(signed(versionId, OLD))).status).toBe(200);
    expect((await get(signed(versionId, RETIRED))).status).toBe(403);
    const byOld = signed(versionId, OLD);
    secrets = [RETIRED, NEW];
    try {
      expect((await get(byOld)).status).toBe(403);
      expect((await get(signed(versionId, RETIRED))).status).toBe(200);
    } finally {
      secrets = [NEW, OLD];
    }
  });

  it("resumes an interrupted curl download with -C - to a byte-identical file", async () => {
    const run = promisify(execFile);
    const out = join(dir, "resumed.zip");
    const url = `${base}${signed()}`;
    cutAfter = 400_000;
    const first = await run("curl", ["-sS", "-o", out, url]).catch((e: { code: number }) => e);
    expect((first as { code: number }).code).toBe(18); // curl: partial file
    const partial = (await stat(out)).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(zipBytes.length);
    seenRanges.length = 0;
    await run("curl", ["-sS", "--fail", "-C", "-", "-o", out, url]);
    expect(seenRanges).toEqual([`bytes=${partial}-`]);
    expect((await readFile(out)).equals(zipBytes)).toBe(true);
  });
});
