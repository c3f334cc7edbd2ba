/**
 * No request reaches a file outside the served build (issue 11, Previews): `..` raw and
 * encoded, encoded slashes, backslashes, NUL, absolute paths and targets, and symlinks in the
 * build (or in a stored version) that point outside it. Requests go out byte for byte (node:http
 * with a raw path, or a bare socket), never through fetch, which would normalize them first.
 */
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PreviewServer, startPreviewServer } from "../../src/preview/server.js";
import { createVersionStore } from "../../src/versions/store.js";
import { cleanup, makeBuild, tempDir } from "../versions/helpers.js";
import { get, rawGet } from "./helpers.js";

const SECRET = "TOP-SECRET-OUTSIDE-THE-BUILD";
let dir: string;
let server: PreviewServer;
let storeServer: PreviewServer;
let idA: string;
let idB: string;

beforeAll(async () => {
  dir = await tempDir("sw-preview-traversal-");
  await mkdir(join(dir, "outside"));
  await writeFile(join(dir, "outside/secret.txt"), SECRET);
  await writeFile(join(dir, "secret.txt"), SECRET);
  const build = await makeBuild(join(dir, "build"), {
    "index.html": "<p>home",
    "a/b.txt": "inside",
    "404.html": "<p>the site's 404",
  });
  await symlink("../outside/secret.txt", join(build, "leak.txt"));
  await symlink(join(dir, "outside"), join(build, "leakdir"));
  await symlink("/etc/passwd", join(build, "passwd"));
  await symlink("/", join(build, "rootdir"));
  await symlink("a/b.txt", join(build, "inside-link.txt"));
  await symlink("a", join(build, "inside-dir"));
  server = await startPreviewServer({ root: build });

  const store = createVersionStore({ root: join(dir, "store"), fsync: false });
  idA = (await store.create("site", await makeBuild(join(dir, "va"), { "index.html": "<p>A" }))).id;
  idB = (await store.create("site", await makeBuild(join(dir, "vb"), { "index.html": "<p>B" }))).id;
  await store.activate("site", idA);
  // Tampered after the fact: a version is only ever served from inside its own directory.
  await symlink(join(dir, "outside"), join(store.versionDir("site", idA), "leakdir"));
  await symlink(`../${idB}`, join(store.versionDir("site", idA), "sibling"));
  storeServer = await startPreviewServer({ store, websiteId: "site" });
});

afterAll(async () => {
  await server?.close();
  await storeServer?.close();
  await cleanup(dir);
});

function expectNoLeak(body: string): void {
  expect(body).not.toContain(SECRET);
  expect(body).not.toContain("root:x:0:0");
}

describe("a build directory", () => {
  it.each([
    "/../secret.txt",
    "/../outside/secret.txt",
    "/a/../../secret.txt",
    "/a/../b.txt",
    "/./index.html",
    "/%2e%2e/secret.txt",
    "/%2E%2E/outside/secret.txt",
    "/.%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/a%2f..%2f..%2fsecret.txt",
    "/a/%2e%2e%2f%2e%2e%2fsecret.txt",
    "/%2fetc%2fpasswd",
    "/%2Fetc/passwd",
    "//etc/passwd",
    "///etc/passwd",
    "/..%5csecret.txt",
    "/a%5c..%5c..%5csecret.txt",
    "/%00",
    "/index.html%00.txt",
    "/a/b.txt%00",
    "/C:/secret.txt",
    "/%E0%A4%A", // malformed percent-encoding
  ])("%s is 400", async (path) => {
    const reply = await get(server.url, path);
    expect(reply.status).toBe(400);
    expect(reply.body).toBe("Bad request: the path is malformed or unsafe.\n");
    expectNoLeak(reply.body);
  });

  it.each([
    ["/..\\secret.txt", 400],
    ["/a\\..\\..\\secret.txt", 400],
    ["/a/b.txt\u0000", 400],
    ["*", 400],
    ["secret.txt", 400],
  ])("raw %j is %d", async (target, status) => {
    const reply = await rawGet(server.url, target);
    expect(reply.status).toBe(status);
    expectNoLeak(reply.text);
  });

  it("an absolute-form target is refused, whatever its path", async () => {
    for (const target of [
      `${server.url}/../secret.txt`,
      `${server.url}/a/b.txt`,
      "file:///etc/passwd",
    ]) {
      const reply = await rawGet(server.url, target);
      expect(reply.status, target).toBe(400);
      expectNoLeak(reply.text);
    }
  });

  it("/etc/passwd is looked up inside the build, where it is not", async () => {
    const reply = await get(server.url, "/etc/passwd");
    expect(reply.status).toBe(404);
    expect(reply.body).toBe("<p>the site's 404");
  });

  it.each([
    "/leak.txt",
    "/leakdir/secret.txt",
    "/leakdir/",
    "/leakdir",
    "/passwd",
    "/rootdir/etc/passwd",
    "/rootdir/",
  ])("symlink out of the build %s is not found", async (path) => {
    const reply = await get(server.url, path);
    expect(reply.status).toBe(404);
    expect(reply.body).toBe("<p>the site's 404");
    expectNoLeak(reply.body);
  });

  it("symlinks that stay inside the build are followed", async () => {
    expect((await get(server.url, "/inside-link.txt")).body).toBe("inside");
    expect((await get(server.url, "/inside-dir/b.txt")).body).toBe("inside");
  });
});

describe("a version store", () => {
  it.each([
    "/v/%2e%2e/%2e%2e/%2e%2e/secret.txt",
    `/v/${"IDA"}/../../../../secret.txt`,
    `/v/${"IDA"}/..%2f..%2f..%2f..%2fsecret.txt`,
    `/v/${"IDA"}/%2e%2e/${"IDB"}/index.html`,
    "/v/..%2f..%2f..%2fsecret.txt/",
    "/%2e%2e/%2e%2e/secret.txt",
    "/..%5c..%5csecret.txt",
    "/_versions/thumb/..%2f..%2fsecret.txt",
  ])("%s is 400", async (pattern) => {
    const path = pattern.replace("IDA", idA).replace("IDB", idB);
    const reply = await get(storeServer.url, path);
    expect(reply.status).toBe(400);
    expectNoLeak(reply.body);
  });

  it("a version id that is not one is not found, never a path", async () => {
    for (const path of ["/v/current/", "/v/versions/", "/v/.lock", "/v/history.jsonl"]) {
      const reply = await get(storeServer.url, path);
      expect(reply.status, path).toBe(404);
    }
  });

  it("symlinks in a version pointing outside it (even at another version) are not found", async () => {
    for (const path of [`/v/${idA}/leakdir/secret.txt`, `/v/${idA}/sibling/index.html`]) {
      const reply = await get(storeServer.url, path);
      expect(reply.status, path).toBe(404);
      expectNoLeak(reply.body);
      expect(reply.body).not.toContain("<p>B");
    }
    // The live version at / is the same directory, with the same fence.
    expect((await get(storeServer.url, "/leakdir/secret.txt")).status).toBe(404);
    expect((await get(storeServer.url, "/sibling/index.html")).status).toBe(404);
    expect((await get(storeServer.url, `/v/${idB}/index.html`)).body).toBe("<p>B");
  });
});
