/** Shared helpers for the preview server tests: the demo build, raw HTTP and restyled copies. */
import { createHash } from "node:crypto";
import { cp, readFile, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:net";
import { join } from "node:path";
import { MANIFEST_FILE, type Manifest } from "../../src/contracts/manifest.js";
import { buildSite } from "../../src/generator/build.js";

/** The demo site built into `outDir` (images cached beside it). */
export async function buildDemo(outDir: string): Promise<string> {
  await buildSite("fixtures/sites/demo", { outDir, cacheDir: `${outDir}-cache` });
  return outDir;
}

/** A copy of `build` whose site.css ends with `marker` (manifest updated), so versions differ. */
export async function restyledCopy(build: string, outDir: string, marker: string): Promise<string> {
  await cp(build, outDir, { recursive: true });
  const css = join(outDir, "assets/site.css");
  const data = Buffer.concat([await readFile(css), Buffer.from(`\n${marker}\n`)]);
  await writeFile(css, data);
  const manifest = JSON.parse(await readFile(join(outDir, MANIFEST_FILE), "utf8")) as Manifest;
  manifest.files["assets/site.css"] = {
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
  };
  await writeFile(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return outDir;
}

/** An HTTP answer; `body` is latin1 (one char per byte, for ranges), `text` is UTF-8. */
export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  text: string;
}

/** A request whose path is sent exactly as given (node:http does not normalize it; fetch would). */
export function get(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: init.method ?? "GET", headers: init.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const data = Buffer.concat(chunks);
          const [body, text] = [data.toString("latin1"), data.toString("utf8")];
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
        });
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/**
 * Sends `target` byte for byte on a socket (for what node:http refuses to send: raw NUL,
 * backslashes, absolute-form targets) and returns the status and the whole answer.
 */
export function rawGet(base: string, target: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        Buffer.concat([
          Buffer.from("GET "),
          Buffer.from(target, "latin1"),
          Buffer.from(` HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`),
        ]),
      );
    });
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}
