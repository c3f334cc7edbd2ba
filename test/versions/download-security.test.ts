/**
 * The download handler's guards (issue 9): weak secrets and wrong arguments are refused when
 * it is created, a link may not claim more validity than signing allows, the expiry holds to
 * the second, and caches never keep a download past its link's expiry. Real HTTP on 127.0.0.1.
 */
import { createHmac } from "node:crypto";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDownloadHandler, type DownloadHandler } from "../../src/versions/download.js";
import {
  computeSignature,
  MAX_CLOCK_SKEW,
  MAX_EXPIRES_IN,
  signDownloadUrl,
} from "../../src/versions/signing.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { rejection } from "../helpers/rejection.js";
import { cleanup, makeBuild, syntheticFiles, tempDir } from "./helpers.js";

const SECRET = "a-download-secret-of-exactly-32b";
/** A fixed instant (whole second) the handler's clock and the signer share. */
const T = Math.floor(Date.now() / 1000) * 1000;

let dir: string;
let store: VersionStore;
let versionId: string;
let clock = T;
let weakSecrets: string[] = [""];
const servers: Server[] = [];
let main: string;
let weak: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("latin1");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function listen(handler: DownloadHandler): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A link signed at T for `expiresIn` seconds. */
function signedAt(expiresIn: number): { url: string; expires: number } {
  const s = signDownloadUrl({ websiteId: "site", versionId, expiresIn, secret: SECRET, now: T });
  return { url: s.url, expires: s.expires };
}

/** A correctly signed link with an arbitrary expiry, as someone holding the secret could mint. */
function minted(expires: number, secret = SECRET): string {
  const path = `/download/site/${versionId}`;
  return `${path}?signature=${computeSignature(secret, "GET", path, expires)}&expires=${expires}`;
}

beforeAll(async () => {
  dir = await tempDir();
  store = createVersionStore({ root: join(dir, "store"), fsync: false });
  versionId = (await store.create("site", await makeBuild(join(dir, "b"), syntheticFiles(3)))).id;
  main = await listen(createDownloadHandler({ store, secrets: [SECRET], now: () => clock }));
  // A secrets function is read per request, so only a request can find it weak.
  weak = await listen(createDownloadHandler({ store, secrets: () => weakSecrets }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await cleanup(dir);
});

describe("download handler guards", () => {
  it("refuses empty and short secrets when created and when signing (E_USAGE)", async () => {
    const create = (secrets: unknown) =>
      rejection((async () => createDownloadHandler({ store, secrets } as never))());
    for (const secrets of [[""], ["x".repeat(31)], [SECRET, "short"], [], "x".repeat(40), [42]]) {
      const err = await create(secrets);
      expect(err.code).toBe("E_USAGE");
      expect(err.hint).toContain("32 bytes");
    }
    expect(createDownloadHandler({ store, secrets: [SECRET] })).toBeTypeOf("function");
    // Bytes, not characters: 16 two-byte characters are enough.
    expect(createDownloadHandler({ store, secrets: ["é".repeat(16)] })).toBeTypeOf("function");
    const sign = (secret: string) =>
      rejection(
        (async () => signDownloadUrl({ websiteId: "site", versionId, expiresIn: 60, secret }))(),
      );
    expect((await sign("")).code).toBe("E_USAGE");
    expect((await sign("x".repeat(31))).message).toContain("31 bytes");
  });

  it("answers 500, never the zip, when a secrets function yields a weak secret", async () => {
    // HMAC with an empty key is what anyone can compute: the forgery the guard exists for.
    const path = `/download/site/${versionId}`;
    const expires = Math.floor(Date.now() / 1000) + 600;
    const forged = createHmac("sha256", "").update(`GET\n${path}\n${expires}`).digest("hex");
    const url = `${weak}${path}?signature=${forged}&expires=${expires}`;
    weakSecrets = [""];
    const r = await get(url);
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ error: true, message: expect.any(String) });
    weakSecrets = [SECRET];
    expect((await get(url)).status).toBe(403);
    expect((await get(`${weak}${minted(expires)}`)).status).toBe(200);
  });

  it("checks its arguments when created: a path instead of a store is E_USAGE", async () => {
    const bad: unknown[] = [
      { store: join(dir, "store"), secrets: [SECRET] },
      { store: {}, secrets: [SECRET] },
      { store, secrets: [SECRET], basePath: "generator" },
      { store, secrets: [SECRET], now: 5 },
      undefined,
    ];
    for (const options of bad) {
      const err = await rejection((async () => createDownloadHandler(options as never))());
      expect(err.code).toBe("E_USAGE");
      expect(err.hint).toBeTruthy();
    }
    const err = await rejection(
      (async () =>
        createDownloadHandler({ store: join(dir, "store"), secrets: [SECRET] } as never))(),
    );
    expect(err.message).toContain("path");
    expect(err.hint).toContain("createVersionStore");
  });

  it("refuses a validly signed link whose expiry lies beyond the signing maximum", async () => {
    clock = T;
    const now = T / 1000;
    expect((await get(`${main}${minted(now + MAX_EXPIRES_IN)}`)).status).toBe(200);
    // Within the allowed clock skew of a signer running ahead.
    expect((await get(`${main}${minted(now + MAX_EXPIRES_IN + MAX_CLOCK_SKEW)}`)).status).toBe(200);
    const far = await get(`${main}${minted(now + MAX_EXPIRES_IN + MAX_CLOCK_SKEW + 1)}`);
    expect(far.status).toBe(403);
    expect(JSON.parse(far.body).message).toContain("longer than links can be");
    expect((await get(`${main}${minted(9_999_999_999)}`)).status).toBe(403);
  });

  it("accepts a link one second before its expiry and refuses it one second after", async () => {
    const { url, expires } = signedAt(120);
    clock = (expires - 1) * 1000;
    expect((await get(`${main}${url}`)).status).toBe(200);
    clock = expires * 1000 + 999; // the whole second `expires` is still valid
    expect((await get(`${main}${url}`)).status).toBe(200);
    clock = (expires + 1) * 1000;
    const late = await get(`${main}${url}`);
    expect(late.status).toBe(403);
    expect(JSON.parse(late.body).message).toContain("expired");
    clock = T;
  });

  it("lets caches keep a download for an hour at most, never past the link's expiry", async () => {
    clock = T;
    const cache = async (expiresIn: number, headers: Record<string, string> = {}) =>
      (await get(`${main}${signedAt(expiresIn).url}`, headers)).headers["cache-control"];
    expect(await cache(7200)).toBe("public, max-age=3600");
    expect(await cache(3600)).toBe("public, max-age=3600");
    expect(await cache(600)).toBe("public, max-age=600");
    expect(await cache(60)).toBe("public, max-age=60");
    expect(await cache(59)).toBe("no-store");
    // The same rule one second before expiry, and on a 304.
    const { url, expires } = signedAt(600);
    clock = (expires - 1) * 1000;
    expect((await get(`${main}${url}`)).headers["cache-control"]).toBe("no-store");
    clock = T;
    const etag = (await get(`${main}${url}`)).headers.etag as string;
    const notModified = await get(`${main}${url}`, { "If-None-Match": etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers["cache-control"]).toBe("public, max-age=600");
  });
});
