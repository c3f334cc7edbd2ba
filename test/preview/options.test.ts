/**
 * startPreviewServer refuses wrong options before listening (E_USAGE with a hint, E_UNSAFE_PATH
 * for a bad website id), reports a port in use, and close() really ends the server.
 */

import { rm } from "node:fs/promises";
import { createServer, request } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPreviewServer } from "../../src/preview/server.js";
import { createVersionStore, type VersionStore } from "../../src/versions/store.js";
import { rejection } from "../helpers/rejection.js";
import { cleanup, makeBuild, tempDir } from "../versions/helpers.js";
import { get } from "./helpers.js";

let dir: string;
let build: string;
let store: VersionStore;

beforeAll(async () => {
  dir = await tempDir("sw-preview-options-");
  build = await makeBuild(join(dir, "build"), { "index.html": "<p>home" });
  await makeBuild(join(dir, "no-manifest"), { "index.html": "x" });
  await rm(join(dir, "no-manifest/manifest.json"));
  store = createVersionStore({ root: join(dir, "store"), fsync: false });
});

afterAll(async () => {
  await cleanup(dir);
});

const HINT =
  "Pass root: <build directory>, or store: createVersionStore({ root }) with websiteId (CLI: `sitewright serve <dir>` or `sitewright serve --store DIR --website ID`).";

describe("options", () => {
  it.each([
    [undefined, "startPreviewServer needs an options object."],
    [{}, "startPreviewServer needs a build directory (root) or a store and websiteId."],
    [
      () => ({ root: build, store, websiteId: "site" }),
      "startPreviewServer was given both a build directory (root) and a store.",
    ],
    [() => ({ store }), "startPreviewServer's store needs a websiteId."],
    [{ websiteId: "site" }, "startPreviewServer's store is not a version store."],
    [
      { store: "/srv/store", websiteId: "site" },
      'startPreviewServer was given the path "/srv/store" as its store.',
    ],
    [{ store: {}, websiteId: "site" }, "startPreviewServer's store is not a version store."],
    [{ root: "" }, "startPreviewServer's root is not a path."],
    [
      () => ({ root: build, thumbnail: "yes" }),
      "startPreviewServer's thumbnail is not a function.",
    ],
  ])("%# is E_USAGE with a hint", async (options, message) => {
    const given = typeof options === "function" ? options() : options;
    const err = await rejection(startPreviewServer(given as never));
    expect([err.code, err.message, err.hint]).toEqual(["E_USAGE", message, HINT]);
  });

  it("a root that is missing, a file or not a build is E_USAGE telling to build first", async () => {
    const hint = "Build the site first: sitewright build <site> --out <dir>, then serve <dir>.";
    for (const [root, message] of [
      [join(dir, "missing"), `${join(dir, "missing")} is not a directory.`],
      [join(build, "index.html"), `${join(build, "index.html")} is not a directory.`],
      [
        join(dir, "no-manifest"),
        `${join(dir, "no-manifest")} is not a build: it has no manifest.json.`,
      ],
    ] as const) {
      const err = await rejection(startPreviewServer({ root }));
      expect([err.code, err.message, err.hint]).toEqual(["E_USAGE", message, hint]);
    }
  });

  it.each([-1, 1.5, 65536, Number.NaN, "8080"])("port %j is E_USAGE", async (port) => {
    const err = await rejection(startPreviewServer({ root: build, port: port as number }));
    expect(err.code).toBe("E_USAGE");
    expect(err.message).toBe(`Port ${JSON.stringify(port)} is not a port number.`);
  });

  it("a website id that could be a path is E_UNSAFE_PATH", async () => {
    const err = await rejection(startPreviewServer({ store, websiteId: "../other" }));
    expect(err.code).toBe("E_UNSAFE_PATH");
  });
});

describe("listening", () => {
  it("on a given port", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const server = await startPreviewServer({ root: build, port });
    try {
      expect(server.port).toBe(port);
      expect(server.url).toBe(`http://127.0.0.1:${port}`);
      expect((await get(server.url, "/")).body).toBe("<p>home");
    } finally {
      await server.close();
    }
  });

  it("a port in use is E_USAGE naming it", async () => {
    const first = await startPreviewServer({ root: build });
    try {
      const err = await rejection(startPreviewServer({ root: build, port: first.port }));
      expect([err.code, err.message, err.hint]).toEqual([
        "E_USAGE",
        `Cannot listen on 127.0.0.1:${first.port}: the port is in use.`,
        "Pass another --port, or leave it out for a free one.",
      ]);
    } finally {
      await first.close();
    }
  });

  it("close() ends open keep-alive connections and the port, and can be called twice", async () => {
    const server = await startPreviewServer({ root: build });
    const { port } = server;
    // A keep-alive connection, as a browser holds, must not keep close() waiting.
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: "/", agent: undefined }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.setHeader("Connection", "keep-alive");
      req.on("error", reject);
      req.end();
    });
    await Promise.all([server.close(), server.close()]);
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
    });
    expect(outcome).toBe("ECONNREFUSED");
  });
});
