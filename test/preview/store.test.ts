/**
 * The preview server on a version store (issue 11, Previews): the live version at `/`, each
 * stored version at `/v/<id>/` with its own stylesheet, `/_versions` with thumbnails, and
 * the answers when nothing is live, a version is unknown or the store is damaged. A real store
 * made with the store API from real builds of the demo site, over real HTTP on 127.0.0.1.
 */
import { readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatBytes } from "../../src/cli/format.js";
import { type PreviewServer, startPreviewServer } from "../../src/preview/server.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import type { VersionMeta } from "../../src/versions/version-meta.js";
import { cleanup, makeBuild, tempDir } from "../versions/helpers.js";
import { buildDemo, get, restyledCopy } from "./helpers.js";

let dir: string;
let store: VersionStore;
let server: PreviewServer;
let a: VersionMeta;
let b: VersionMeta;
let c: VersionMeta;
const opened: PreviewServer[] = [];

async function open(options: Parameters<typeof startPreviewServer>[0]): Promise<PreviewServer> {
  const s = await startPreviewServer(options);
  opened.push(s);
  return s;
}

beforeAll(async () => {
  dir = await tempDir("sw-preview-store-");
  const demo = await buildDemo(join(dir, "demo"));
  store = createVersionStore({ root: join(dir, "store"), fsync: false, actor: "tester" });
  a = await store.create("demo", demo, { note: 'first <script>alert("x")</script> & more' });
  b = await store.create("demo", await restyledCopy(demo, join(dir, "b"), "/* version B */"));
  c = await store.create("demo", await restyledCopy(demo, join(dir, "c"), "/* version C */"));
  await store.activate("demo", a.id);
  await store.activate("demo", b.id);
  server = await open({ store, websiteId: "demo" });
});

afterAll(async () => {
  for (const s of opened) await s.close();
  await cleanup(dir);
});

/** 2024-05-01T12:34:56.789Z → 2024-05-01 12:34:56 UTC */
const shownTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

const versionFile = (v: VersionMeta, file: string) =>
  readFile(join(store.versionDir("demo", v.id), file), "latin1");

describe("the live version at /", () => {
  it("serves the live version's files", async () => {
    const home = await get(server.url, "/");
    expect(home.status).toBe(200);
    expect(home.body).toBe(await versionFile(b, "index.html"));
    const css = await get(server.url, "/assets/site.css");
    expect(css.body).toContain("/* version B */");
    expect((await get(server.url, "/over-ons")).headers.location).toBe("/over-ons/");
  });

  it("follows a switch of `current` on the next request", async () => {
    const other = await open({ store, websiteId: "demo" });
    await store.activate("demo", c.id);
    try {
      expect((await get(other.url, "/assets/site.css")).body).toContain("/* version C */");
    } finally {
      await store.rollback("demo");
    }
    expect((await get(other.url, "/assets/site.css")).body).toContain("/* version B */");
  });

  it("a missing page is the live version's own 404.html", async () => {
    const reply = await get(server.url, "/nope/");
    expect(reply.status).toBe(404);
    expect(reply.body).toBe(await versionFile(b, "404.html"));
  });
});

describe("stored versions at /v/<id>/", () => {
  it("serve each version's own files", async () => {
    for (const [v, marker] of [
      [a, null],
      [b, "/* version B */"],
      [c, "/* version C */"],
    ] as const) {
      const home = await get(server.url, `/v/${v.id}/`);
      expect(home.status).toBe(200);
      expect(home.body).toBe(await versionFile(v, "index.html"));
      const css = (await get(server.url, `/v/${v.id}/assets/site.css`)).body;
      if (marker) expect(css).toContain(marker);
      else expect(css).not.toContain("/* version");
    }
  });

  it("redirect directories to their slash, keeping the /v/<id> prefix", async () => {
    expect((await get(server.url, `/v/${a.id}`)).headers.location).toBe(`/v/${a.id}/`);
    const reply = await get(server.url, `/v/${a.id}/over-ons?q=1`);
    expect(reply.status).toBe(301);
    expect(reply.headers.location).toBe(`/v/${a.id}/over-ons/?q=1`);
  });

  it("a missing page is that version's 404.html", async () => {
    const reply = await get(server.url, `/v/${c.id}/nope`);
    expect(reply.status).toBe(404);
    expect(reply.body).toBe(await versionFile(c, "404.html"));
  });

  it("an unknown or malformed version id is 404, with a link to the versions", async () => {
    for (const id of ["20200101T000000000Z-deadbeef", "nope", "current", a.id.toUpperCase()]) {
      const reply = await get(server.url, `/v/${id}/`);
      expect(reply.status, id).toBe(404);
      expect(reply.body).toContain("No such version");
      expect(reply.body).toContain('href="/_versions"');
    }
    const hostile = await get(server.url, "/v/%3Cscript%3E/");
    expect(hostile.status).toBe(404);
    expect(hostile.body).toContain("&lt;script&gt;");
    expect(hostile.body).not.toContain("<script>");
  });

  it("/v and /v/ go to the versions page", async () => {
    for (const path of ["/v", "/v/"]) {
      const reply = await get(server.url, path);
      expect([reply.status, reply.headers.location]).toEqual([302, "/_versions"]);
    }
  });

  it("/_versions/ goes to /_versions (its query kept); other paths below it are 404", async () => {
    const reply = await get(server.url, "/_versions/?x=1");
    expect([reply.status, reply.headers.location]).toEqual([301, "/_versions?x=1"]);
    expect((await get(server.url, "/_versions/nope")).status).toBe(404);
  });

  it("root-relative links of a /v/<id>/ page stay in that version (by its Referer)", async () => {
    const referer = `${server.url}/v/${a.id}/over-ons/`;
    const reply = await get(server.url, "/assets/site.css?v=1", { headers: { Referer: referer } });
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe(`/v/${a.id}/assets/site.css?v=1`);
    expect(reply.headers.vary).toBe("Referer");
    expect((await get(server.url, "/", { headers: { Referer: referer } })).headers.location).toBe(
      `/v/${a.id}/`,
    );
  });

  it("other Referers leave / as the live version", async () => {
    for (const referer of [
      `http://elsewhere.example/v/${a.id}/`,
      `http://127.0.0.1:1/v/${a.id}/`,
      `${server.url}/v/not-an-id/`,
      `${server.url}/_versions`,
      `${server.url}/over-ons/`,
      "not a url",
    ]) {
      const reply = await get(server.url, "/assets/site.css", { headers: { Referer: referer } });
      expect(reply.status, referer).toBe(200);
      expect(reply.body).toContain("/* version B */");
    }
  });
});

describe("/_versions", () => {
  it("lists every version newest first, linked, with number, time, size and files", async () => {
    const reply = await get(server.url, "/_versions");
    expect(reply.status).toBe(200);
    expect(reply.headers["content-type"]).toBe("text/html; charset=utf-8");
    const html = reply.text;
    const positions = [c, b, a].map((v) => html.indexOf(`data-id="${v.id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    for (const v of [a, b, c]) {
      expect(html).toContain(`href="/v/${v.id}/"`);
      expect(html).toContain(`>${v.version}</strong>`);
      expect(html).toContain(`<time datetime="${v.createdAt}">${shownTime(v.createdAt)}</time>`);
      expect(html).toContain(`${formatBytes(v.bytes)} · ${v.fileCount} files`);
    }
    expect([a.version, b.version, c.version]).toEqual(["1.0.0", "1.0.1", "1.0.2"]);
  });

  it("marks the live version and the rollback target", async () => {
    const html = (await get(server.url, "/_versions")).body;
    const row = (v: VersionMeta) => html.slice(html.indexOf(`data-id="${v.id}"`)).split("</li>")[0];
    expect(row(b)).toContain("data-live");
    expect(row(b)).toContain('class="badge live"');
    expect(row(a)).toContain("data-rollback-target");
    expect(row(a)).not.toContain("data-live");
    expect(row(c)).not.toMatch(/data-live|data-rollback-target/);
    expect(html.match(/class="badge live"/g)).toHaveLength(1);
  });

  it("escapes what it prints (a note with markup)", async () => {
    const html = (await get(server.url, "/_versions")).body;
    expect(html).toContain("first &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more");
    expect(html).not.toContain("<script>");
  });

  it("without a thumbnail function: no img, and thumbnails are 404", async () => {
    expect((await get(server.url, "/_versions")).body).not.toContain("<img");
    expect((await get(server.url, `/_versions/thumb/${a.id}.webp`)).status).toBe(404);
  });

  it("other paths under /_versions are 404", async () => {
    for (const path of ["/_versions/x", "/_versions/thumb/", "/_versions/thumb"]) {
      expect((await get(server.url, path)).status, path).toBe(404);
    }
  });
});

describe("thumbnails", () => {
  const calls: [string, string][] = [];
  const warnings: string[] = [];
  let thumbs: PreviewServer;

  beforeAll(async () => {
    thumbs = await open({
      store,
      websiteId: "demo",
      logger: { warn: (message) => warnings.push(message) },
      thumbnail: async (id, url) => {
        calls.push([id, url]);
        if (id === a.id) return Buffer.from(`RIFF-webp-of-${id}`);
        if (id === b.id) return null;
        throw new Error("the browser crashed");
      },
    });
  });

  it("the page shows an img per version that removes itself if it fails", async () => {
    const html = (await get(thumbs.url, "/_versions")).body;
    for (const v of [a, b, c]) {
      expect(html).toContain(
        `<img src="/_versions/thumb/${v.id}.webp" alt="" loading="lazy" onerror="this.remove()">`,
      );
    }
  });

  it("serves the function's WebP of the version's home page, made once", async () => {
    const first = await get(thumbs.url, `/_versions/thumb/${a.id}.webp`);
    expect(first.status).toBe(200);
    expect(first.headers["content-type"]).toBe("image/webp");
    expect(first.body).toBe(`RIFF-webp-of-${a.id}`);
    await get(thumbs.url, `/_versions/thumb/${a.id}.webp`);
    expect(calls.filter(([id]) => id === a.id)).toEqual([[a.id, `${thumbs.url}/v/${a.id}/`]]);
  });

  it("null is 404 (and asked again next time)", async () => {
    expect((await get(thumbs.url, `/_versions/thumb/${b.id}.webp`)).status).toBe(404);
    expect((await get(thumbs.url, `/_versions/thumb/${b.id}.webp`)).status).toBe(404);
    expect(calls.filter(([id]) => id === b.id)).toHaveLength(2);
  });

  it("a failing thumbnail is 500 and logged", async () => {
    const reply = await get(thumbs.url, `/_versions/thumb/${c.id}.webp`);
    expect(reply.status).toBe(500);
    expect(reply.body).toBe(`The thumbnail of ${c.id} could not be made.\n`);
    expect(warnings).toContain("Thumbnail failed");
  });

  it("unknown versions and other names are 404 without asking", async () => {
    const before = calls.length;
    for (const name of ["20200101T000000000Z-deadbeef.webp", `${a.id}.png`, `${a.id}`, "x.webp"]) {
      expect((await get(thumbs.url, `/_versions/thumb/${name}`)).status, name).toBe(404);
    }
    expect(calls.length).toBe(before);
  });
});

describe("nothing live", () => {
  let none: PreviewServer;
  let only: VersionMeta;

  beforeAll(async () => {
    only = await store.create(
      "fresh",
      await makeBuild(join(dir, "fresh"), { "index.html": "<p>fresh", "a.css": "p{}" }),
    );
    none = await open({ store, websiteId: "fresh" });
  });

  it("/ is a 503 page pointing to /_versions", async () => {
    const reply = await get(none.url, "/");
    expect(reply.status).toBe(503);
    expect(reply.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(reply.body).toContain("Nothing is live");
    expect(reply.body).toContain('href="/_versions"');
    expect((await get(none.url, "/any/page.html")).status).toBe(503);
  });

  it("stored versions are still served, and their root-relative links too", async () => {
    expect((await get(none.url, `/v/${only.id}/`)).body).toBe("<p>fresh");
    const reply = await get(none.url, "/a.css", {
      headers: { Referer: `${none.url}/v/${only.id}/` },
    });
    expect(reply.headers.location).toBe(`/v/${only.id}/a.css`);
    const html = (await get(none.url, "/_versions")).body;
    expect(html).toContain("Nothing is live yet");
    expect(html).not.toContain("data-live");
  });

  it("a broken `current` (a link to /etc) is 503 with the reason, never /etc", async () => {
    await symlink("/etc", join(dir, "store/fresh/current"));
    try {
      const reply = await get(none.url, "/passwd");
      expect(reply.status).toBe(503);
      expect(reply.body).toContain("points to /etc, which is not a version of this website");
      expect(reply.body).not.toContain("root:x:0:0");
      const html = (await get(none.url, "/_versions")).body;
      expect(html).toContain(
        'class="warning">Nothing is live: <code>current</code> points to /etc',
      );
    } finally {
      await rm(join(dir, "store/fresh/current"));
    }
  });

  it("a website without versions: 503 at /, 'No versions.' on the list", async () => {
    const empty = await open({ store, websiteId: "empty" });
    expect((await get(empty.url, "/")).status).toBe(503);
    expect((await get(empty.url, "/_versions")).body).toContain("<p>No versions.</p>");
  });
});

describe("a damaged store", () => {
  it("a version whose version.json is corrupt is 500, logged", async () => {
    const broken = await store.create(
      "damaged",
      await makeBuild(join(dir, "damaged"), { "index.html": "<p>x" }),
    );
    const warnings: unknown[] = [];
    const s = await open({
      store,
      websiteId: "damaged",
      logger: { warn: (message, fields) => warnings.push([message, fields?.url]) },
    });
    await writeFile(join(store.versionDir("damaged", broken.id), "version.json"), "{ not json");
    const reply = await get(s.url, `/v/${broken.id}/`);
    expect(reply.status).toBe(500);
    expect(reply.body).toBe("The preview server failed on this request.\n");
    expect(warnings).toEqual([["Preview request failed", `/v/${broken.id}/`]]);
  });
});
