import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createHostKeyCheck, hostKeyError } from "../../src/deploy/ssh/host-key.js";
import { sha256Fingerprint } from "../../src/deploy/ssh/known-hosts.js";
import { isSitewrightError } from "../../src/errors.js";

/** An SSH wire-format public key blob: string type, then the type's fields. */
function blob(type: string, ...fields: Buffer[]): Buffer {
  const parts = [Buffer.from(type), ...fields].map((b) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  });
  return Buffer.concat(parts);
}
function ed25519(): Buffer {
  const { publicKey } = generateKeyPairSync("ed25519");
  const raw = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
  return blob("ssh-ed25519", raw);
}
const line = (host: string, key: Buffer, marker = "") =>
  `${marker ? `${marker} ` : ""}${host} ${key.subarray(4, 4 + key.readUInt32BE(0)).toString()} ${key.toString("base64")}`;

const A = ed25519();
const B = ed25519();
const RSA = blob("ssh-rsa", Buffer.from([1, 0, 1]), Buffer.alloc(64, 7));

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return isSitewrightError(err) ? `${err.code}: ${err.message}` : String(err);
}

describe("host key checks", () => {
  it("a pinned fingerprint accepts its key only, and says why not", async () => {
    const check = await createHostKeyCheck({ fingerprint: `${sha256Fingerprint(A)}=` }, "h", 22);
    expect(check.rejection).toBeUndefined();
    expect(check.algorithms).toBeUndefined();
    expect(check.verify(A)).toBe(true);
    expect(check.rejection).toBeUndefined();
    expect(check.verify(B)).toBe(false);
    expect(check.rejection).toBe(
      `Host h refused: its key ${sha256Fingerprint(B)} does not match the pinned ${sha256Fingerprint(A)}.`,
    );
  });

  it("a malformed fingerprint is E_USAGE", async () => {
    expect(await codeOf(createHostKeyCheck({ fingerprint: "MD5:aa" }, "h", 22))).toMatch(
      /^E_USAGE: Not a SHA256 host key fingerprint/,
    );
  });

  it("known_hosts text: trusted keys pass, others are a possible man-in-the-middle", async () => {
    const check = await createHostKeyCheck({ knownHosts: `${line("[h]:2222", A)}\n` }, "h", 2222);
    expect(check.algorithms).toEqual(["ssh-ed25519"]);
    expect(check.verify(A)).toBe(true);
    expect(check.verify(B)).toBe(false);
    expect(check.rejection).toBe(
      `Host [h]:2222 refused: its ssh-ed25519 key ${sha256Fingerprint(B)} does not match known_hosts (possible man-in-the-middle).`,
    );
  });

  it("no entry for the host refuses every key, offering no algorithms", async () => {
    const check = await createHostKeyCheck({ knownHosts: line("other", A) }, "h", 22);
    expect(check.algorithms).toBeUndefined();
    expect(check.verify(A)).toBe(false);
    expect(check.rejection).toBe("Host h refused: known_hosts has no key for it.");
  });

  it("@revoked wins over a trusted line for the same key and is not offered", async () => {
    const text = [line("h", A), line("h", A, "@revoked"), line("h", RSA)].join("\n");
    const check = await createHostKeyCheck({ knownHosts: text }, "h", 22);
    expect(check.verify(A)).toBe(false);
    expect(check.rejection).toBe("Host h refused: its key is marked @revoked in known_hosts.");
    expect(check.verify(RSA)).toBe(true);
    expect(check.algorithms).toEqual(["ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]);
  });

  it("an unknown key type in known_hosts offers no algorithm list", async () => {
    const odd = blob("ssh-dss", Buffer.alloc(20, 1));
    const check = await createHostKeyCheck(
      { knownHosts: `${line("h", A)}\n${line("h", odd)}` },
      "h",
      22,
    );
    expect(check.algorithms).toBeUndefined();
    expect(check.verify(odd)).toBe(true);
  });

  it("reads a known_hosts file, and an unreadable one is E_HOST_KEY", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sw-hostkey-"));
    try {
      const file = join(dir, "known_hosts");
      await writeFile(file, line("h", A));
      const check = await createHostKeyCheck({ knownHostsPath: file }, "h", 22);
      expect(check.verify(A)).toBe(true);
      expect(await codeOf(createHostKeyCheck({ knownHostsPath: join(dir, "no") }, "h", 22))).toBe(
        `E_HOST_KEY: Cannot read known_hosts ${join(dir, "no")}.`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("hostKeyError carries the rejection, or a generic message", async () => {
    const check = await createHostKeyCheck({ knownHosts: "" }, "h", 22);
    expect(hostKeyError(check).message).toBe("The SSH host key was refused.");
    check.verify(A);
    const err = hostKeyError(check);
    expect([err.code, err.message]).toEqual([
      "E_HOST_KEY",
      "Host h refused: known_hosts has no key for it.",
    ]);
    expect(err.hint).toMatch(/ssh-keyscan/);
  });
});
