/** Unit tests: shell quoting, known_hosts parsing, the tar writer, the plan. */
import { execFileSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { describe, expect, it } from "vitest";
import { createManifest } from "../../src/contracts/manifest.js";
import { assertSafePaths, planDeploy } from "../../src/deploy/plan.js";
import {
  entryMatches,
  findHostEntries,
  normalizeFingerprint,
  parseKnownHosts,
  sha256Fingerprint,
} from "../../src/deploy/ssh/known-hosts.js";
import { shellJoin, shellQuote, shScript } from "../../src/deploy/ssh/shell-quote.js";
import { createTarStream } from "../../src/deploy/ssh/tar-writer.js";

const HOSTILE = [
  "plain",
  "it's",
  "a b",
  "$(touch /tmp/pwned)",
  "`id`",
  "x;rm -rf /",
  "\\",
  '"q"',
  "'",
  "''",
  "-n",
  "*",
  "new\nline",
  "ünï 文件",
  "",
];

describe("shell quoting", () => {
  it("every hostile string survives a round trip through sh as one argument", () => {
    const out = execFileSync("sh", ["-c", `printf '%s\\0' ${shellJoin(HOSTILE)}`]).toString();
    expect(out.split("\0").slice(0, -1)).toEqual(HOSTILE);
  });
  it("shScript passes arguments as positional parameters, never as code", () => {
    const cmd = shScript('printf "%s|" "$@"', HOSTILE);
    const out = execFileSync("sh", ["-c", cmd]).toString();
    expect(out).toBe(`${HOSTILE.join("|")}|`);
  });
  it("refuses NUL", () => {
    expect(() => shellQuote("a\0b")).toThrow(
      new TypeError("A shell argument cannot contain a NUL byte."),
    );
  });
});

describe("known_hosts", () => {
  const key = Buffer.concat([
    Buffer.from([0, 0, 0, 11]),
    Buffer.from("ssh-ed25519"),
    Buffer.from([0, 0, 0, 32]),
    randomBytes(32),
  ]);
  const b64 = key.toString("base64");
  it("matches plain, [host]:port, wildcard, negated and hashed entries", () => {
    const salt = randomBytes(20);
    const hash = createHmac("sha1", salt).update("[10.0.0.5]:2222").digest("base64");
    const text = [
      "# comment",
      `example.com,192.0.2.1 ssh-ed25519 ${b64}`,
      `[10.0.0.5]:2222 ssh-ed25519 ${b64} comment`,
      `*.internal,!bad.internal ssh-ed25519 ${b64}`,
      `|1|${salt.toString("base64")}|${hash} ssh-ed25519 ${b64}`,
      `@revoked old.example.com ssh-ed25519 ${b64}`,
      "garbage line",
    ].join("\n");
    const entries = parseKnownHosts(text);
    expect(entries).toHaveLength(5);
    expect(findHostEntries(entries, "example.com", 22)).toHaveLength(1);
    expect(findHostEntries(entries, "example.com", 2222)).toHaveLength(0);
    expect(findHostEntries(entries, "10.0.0.5", 2222)).toHaveLength(2);
    expect(findHostEntries(entries, "a.internal", 22)).toHaveLength(1);
    expect(findHostEntries(entries, "bad.internal", 22)).toHaveLength(0);
    expect(entryMatches(entries[4] as never, "old.example.com")).toBe(true);
    expect((entries[4] as { marker: string }).marker).toBe("@revoked");
  });
  it("computes OpenSSH's SHA256 fingerprint", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fp-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "k")]);
    const pub = (await readFile(join(dir, "k.pub"), "utf8")).split(" ");
    const expected = execFileSync("ssh-keygen", ["-lf", join(dir, "k.pub")])
      .toString()
      .split(" ")[1];
    expect(sha256Fingerprint(Buffer.from(pub[1] as string, "base64"))).toBe(expected);
    expect(normalizeFingerprint(`${expected}=`)).toBe(expected);
    expect(() => normalizeFingerprint("MD5:aa:bb")).toThrow(
      new TypeError(
        'Not a SHA256 host key fingerprint: "MD5:aa:bb"; expected SHA256:<43 base64 chars>.',
      ),
    );
    await rm(dir, { recursive: true });
  });
});

describe("tar writer", () => {
  it("GNU tar extracts long, unicode and empty names byte for byte", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tar-"));
    const files = {
      "a.txt": Buffer.from("hello"),
      empty: Buffer.alloc(0),
      [`${"p".repeat(140)}/${"n".repeat(90)}.html`]: Buffer.from("split prefix"),
      [`${"x/".repeat(150)}deep.html`]: Buffer.from("pax path"),
      "ünïcødé/文件 'q'.bin": randomBytes(5000),
      "big.bin": randomBytes(3 * 1024 * 1024 + 7),
    };
    await writeFile(join(dir, "big.src"), files["big.bin"] as Buffer);
    const stream = createTarStream(
      Object.entries(files).map(([name, data]) =>
        name === "big.bin"
          ? { name, source: join(dir, "big.src"), size: data.length }
          : { name, source: data, size: data.length },
      ),
    );
    await pipeline(stream, createWriteStream(join(dir, "out.tar")));
    execFileSync("mkdir", [join(dir, "x")]);
    execFileSync("tar", ["-x", "-f", join(dir, "out.tar"), "-C", join(dir, "x")]);
    for (const [name, data] of Object.entries(files)) {
      expect((await readFile(join(dir, "x", name))).equals(data)).toBe(true);
    }
    await rm(dir, { recursive: true });
  });
});

describe("plan", () => {
  it("rejects unsafe manifest paths", () => {
    for (const bad of ["../x", "/etc/passwd", "a//b", "a/./b", "version.json", "new\nline"]) {
      expect(() =>
        assertSafePaths(createManifest([[bad, { size: 1, sha256: "0".repeat(64) }]])),
      ).toThrow(/unsafe path/);
    }
  });
  it("classifies uploads, links and deletes", () => {
    const e = (size: number, c: string) => ({ size, sha256: c.repeat(64) });
    const live = createManifest([
      ["same", e(1, "a")],
      ["grow", e(1, "b")],
      ["edit", e(1, "c")],
      ["gone", e(5, "d")],
    ]);
    const next = createManifest([
      ["same", e(1, "a")],
      ["grow", e(2, "b")],
      ["edit", e(1, "e")],
      ["new", e(3, "f")],
    ]);
    const plan = planDeploy(next, "v2", { current: "v1", manifest: live, hasVersion: false });
    expect(plan.uploads.map((u) => [u.path, u.reason])).toEqual([
      ["edit", "sha256 differs"],
      ["grow", "size differs"],
      ["new", "new"],
    ]);
    expect(plan.links).toEqual(["same"]);
    expect(plan.deletes).toEqual(["gone"]);
    expect(plan.summary).toMatchObject({
      uploadFiles: 3,
      uploadBytes: 6,
      linkFiles: 1,
      deleteFiles: 1,
      deleteBytes: 5,
      totalFiles: 4,
    });
    expect(planDeploy(next, "v1", { current: "v1", manifest: live, hasVersion: true }).action).toBe(
      "none",
    );
    expect(planDeploy(next, "v2", { current: "v1", manifest: live, hasVersion: true }).action).toBe(
      "activate",
    );
  });
});
