/**
 * The preview server on a build directory (issue 11, Previews): loopback only, Content-Type by
 * extension, directory URLs, the site's 404 page, GET/HEAD only, byte ranges, streamed large
 * files and the Host check. Real HTTP on 127.0.0.1 against the demo site's real build.
 */
import { readFile, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PreviewServer, startPreviewServer } from "../../src/preview/server.js";
import { cleanup, makeBuild, tempDir } from "../versions/helpers.js";
import { buildDemo, get } from "./helpers.js";

let dir: string;
let demo: PreviewServer;
let plain: PreviewServer;
let demoDir: string;
/** 8 MiB with a recognisable tail, to check ranges far into a streamed file. */
const BIG = Buffer.concat([Buffer.alloc(8 * 1024 * 1024, 0x61), Buffer.from("THE-END")]);

beforeAll(async () => {
  dir = await tempDir("sw-preview-");
  demoDir = await buildDemo(join(dir, "demo"));
  demo = await startPreviewServer({ root: demoDir });
  const files: Record<string, string | Buffer> = { "index.html": "<!doctype html><p>home" };
  for (const ext of Object.keys(TYPES)) files[`files/a.${ext}`] = `content of ${ext}`;
  files["files/big.bin"] = BIG;
  files["files/empty.txt"] = "";
  files["files/README"] = "no extension";
  files["files/UPPER.PNG"] = "png";
  plain = await startPreviewServer({ root: await makeBuild(join(dir, "plain"), files) });
});

afterAll(async () => {
  await demo?.close();
  await plain?.close();
  await cleanup(dir);
});

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json; charset=utf-8",
  xml: "application/xml; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  svg: "image/svg+xml; charset=utf-8",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  avif: "image/avif",
  gif: "image/gif",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  ttf: "font/ttf",
  pdf: "application/pdf",
  zip: "application/zip",
  xyz: "application/octet-stream",
};

describe("listening", () => {
  it("is on 127.0.0.1 only, on a free port by default", async () => {
    expect(demo.url).toBe(`http://127.0.0.1:${demo.port}`);
    expect(demo.port).toBeGreaterThan(0);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal);
    // On a machine with a network address, the port is closed there.
    if (external) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(demo.port, external.address, () => {
          socket.destroy();
          resolve("connected");
        });
        socket.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
      });
      expect(outcome).toBe("ECONNREFUSED");
    }
  });

  it("answers 421 to another Host (DNS rebinding), and to localhost:<port> normally", async () => {
    const evil = await get(plain.url, "/", { headers: { Host: `evil.example:${plain.port}` } });
    expect(evil.status).toBe(421);
    expect(evil.body).not.toContain("home");
    const local = await get(plain.url, "/", { headers: { Host: `localhost:${plain.port}` } });
    expect(local.status).toBe(200);
  });
});

describe("content types", () => {
  it.each(Object.entries(TYPES))(".%s is served as %s, with nosniff", async (ext, type) => {
    const reply = await get(plain.url, `/files/a.${ext}`);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe(type);
    expect(reply.headers["x-content-type-options"]).toBe("nosniff");
    expect(reply.headers["accept-ranges"]).toBe("bytes");
    expect(reply.body).toBe(`content of ${ext}`);
  });

  it("no extension is octet-stream; extensions match in any case", async () => {
    expect((await get(plain.url, "/files/README")).headers["content-type"]).toBe(
      "application/octet-stream",
    );
    expect((await get(plain.url, "/files/UPPER.PNG")).headers["content-type"]).toBe("image/png");
  });

  it("the demo's pages, stylesheet and images", async () => {
    const css = await get(demo.url, "/assets/site.css");
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(css.body).toBe(await readFile(join(demoDir, "assets/site.css"), "latin1"));
    expect((await get(demo.url, "/assets/logo.svg")).headers["content-type"]).toBe(
      "image/svg+xml; charset=utf-8",
    );
    expect((await get(demo.url, "/sitemap.xml")).headers["content-type"]).toBe(
      "application/xml; charset=utf-8",
    );
  });
});

describe("directory URLs", () => {
  it("/ and /over-ons/ serve their index.html", async () => {
    const home = await get(demo.url, "/");
    expect(home.status).toBe(200);
    expect(home.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(home.body).toBe(await readFile(join(demoDir, "index.html"), "latin1"));
    const about = await get(demo.url, "/over-ons/");
    expect(about.body).toBe(await readFile(join(demoDir, "over-ons/index.html"), "latin1"));
  });

  it("a directory without its slash redirects 301 to it, keeping the query", async () => {
    const reply = await get(demo.url, "/over-ons");
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe("/over-ons/");
    expect((await get(demo.url, "/blog/page?x=1&y=%20")).headers.location).toBe(
      "/blog/page/?x=1&y=%20",
    );
  });

  it("a directory without index.html is not found", async () => {
    const reply = await get(plain.url, "/files/");
    expect(reply.status).toBe(404);
  });
});

describe("not found", () => {
  it("serves the site's own 404.html with status 404", async () => {
    const page = await readFile(join(demoDir, "404.html"), "latin1");
    for (const path of ["/nope", "/nope/", "/over-ons/nope.html", "/index.html/"]) {
      const reply = await get(demo.url, path);
      expect(reply.status, path).toBe(404);
      expect(reply.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(reply.body).toBe(page);
    }
  });

  it("a Range on a missing file gets the whole 404 page", async () => {
    const reply = await get(demo.url, "/nope", { headers: { Range: "bytes=0-3" } });
    expect(reply.status).toBe(404);
    expect(reply.headers["content-range"]).toBeUndefined();
    expect(reply.body).toBe(await readFile(join(demoDir, "404.html"), "latin1"));
  });

  it("a plain 404 when the build has no 404.html", async () => {
    const reply = await get(plain.url, "/nope");
    expect(reply.status).toBe(404);
    expect(reply.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(reply.body).toBe("Not found.\n");
  });
});

describe("methods", () => {
  it.each(["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])("%s is 405 with Allow", async (method) => {
    const reply = await get(plain.url, "/", { method });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe("GET, HEAD");
  });

  it("HEAD sends the headers of GET and no body", async () => {
    const reply = await get(plain.url, "/files/a.css", { method: "HEAD" });
    expect(reply.status).toBe(200);
    expect(reply.headers["content-length"]).toBe(String("content of css".length));
    expect(reply.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(reply.body).toBe("");
    const missing = await get(demo.url, "/nope", { method: "HEAD" });
    expect(missing.status).toBe(404);
    expect(missing.body).toBe("");
  });
});

describe("ranges", () => {
  const size = "content of txt".length;

  it.each([
    ["bytes=0-6", 0, 6],
    ["bytes=8-", 8, size - 1],
    ["bytes=-3", size - 3, size - 1],
    ["bytes=5-1000", 5, size - 1],
  ])("%s → 206 with Content-Range", async (range, start, end) => {
    const reply = await get(plain.url, "/files/a.txt", { headers: { Range: range } });
    expect(reply.status).toBe(206);
    expect(reply.headers["content-range"]).toBe(`bytes ${start}-${end}/${size}`);
    expect(reply.headers["content-length"]).toBe(String(end - start + 1));
    expect(reply.body).toBe("content of txt".slice(start, end + 1));
  });

  it.each(["bytes=14-", "bytes=100-200", "bytes=-0"])("%s → 416 bytes */size", async (range) => {
    const reply = await get(plain.url, "/files/a.txt", { headers: { Range: range } });
    expect(reply.status).toBe(416);
    expect(reply.headers["content-range"]).toBe(`bytes */${size}`);
    expect(reply.headers["accept-ranges"]).toBe("bytes");
  });

  it("malformed, disjoint or If-Range'd ranges get the whole file", async () => {
    for (const headers of <Record<string, string>[]>[
      { Range: "bytes=a-b" },
      { Range: "items=0-1" },
      { Range: "bytes=0-1,5-6" },
      // No validator is ever sent, so no If-Range can match.
      { Range: "bytes=0-1", "If-Range": '"x"' },
    ]) {
      const reply = await get(plain.url, "/files/a.txt", { headers });
      expect(reply.status).toBe(200);
      expect(reply.body).toBe("content of txt");
    }
  });

  it("an empty file: 200 empty, and any range is unsatisfiable", async () => {
    const reply = await get(plain.url, "/files/empty.txt");
    expect([reply.status, reply.headers["content-length"], reply.body]).toEqual([200, "0", ""]);
    const ranged = await get(plain.url, "/files/empty.txt", { headers: { Range: "bytes=0-" } });
    expect([ranged.status, ranged.headers["content-range"]]).toEqual([416, "bytes */0"]);
  });

  it("a large file streams whole and in ranges far into it", async () => {
    const whole = await get(plain.url, "/files/big.bin");
    expect(whole.headers["content-length"]).toBe(String(BIG.length));
    expect(whole.body.length).toBe(BIG.length);
    expect(whole.body.endsWith("aTHE-END")).toBe(true);
    const tail = await get(plain.url, "/files/big.bin", { headers: { Range: "bytes=-8" } });
    expect(tail.status).toBe(206);
    expect(tail.body).toBe("aTHE-END");
    const mid = await get(plain.url, "/files/big.bin", {
      headers: { Range: `bytes=${BIG.length - 7}-${BIG.length - 5}` },
    });
    expect(mid.body).toBe("THE");
  });

  it("a file changed on disk is served as it is now (nothing cached)", async () => {
    const file = join(dir, "plain/files/a.json");
    await writeFile(file, "changed");
    const reply = await get(plain.url, "/files/a.json");
    expect(reply.body).toBe("changed");
    expect(reply.headers["cache-control"]).toBe("no-store");
  });
});
