/**
 * known_hosts parsing and host-key fingerprints, done here rather than by shelling out to
 * ssh-keygen so the check runs inside the handshake, before anything is sent to the server.
 * Supports plain and hashed (`|1|salt|hash`) host patterns, `[host]:port`, wildcards, negation
 * and the `@revoked` marker; `@cert-authority` lines are ignored (no certificate support).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  marker: "" | "@revoked" | "@cert-authority";
  /** Raw comma-separated host patterns. */
  patterns: string[];
  /** Key type, e.g. `ssh-ed25519`. */
  keyType: string;
  /** The public key blob (base64-decoded). */
  key: Buffer;
  /** 1-based line number, for messages. */
  line: number;
}

/** Parses known_hosts text; malformed lines are skipped, as OpenSSH does. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry["marker"] = "";
    if (fields[0] === "@revoked" || fields[0] === "@cert-authority") {
      marker = fields.shift() as KnownHostEntry["marker"];
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) return;
    const key = Buffer.from(keyBase64, "base64");
    if (key.length === 0) return;
    entries.push({ marker, patterns: hosts.split(","), keyType, key, line: index + 1 });
  });
  return entries;
}

/** The name OpenSSH looks up for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** True when one host pattern (plain, hashed or wildcard, without `!`) matches `name`. */
export function matchHostPattern(pattern: string, name: string): boolean {
  if (pattern.startsWith("|1|")) {
    const [, , salt, hash] = pattern.split("|");
    if (!salt || !hash) return false;
    const expected = Buffer.from(hash, "base64");
    const actual = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest();
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase() === name.toLowerCase();
  const regex = new RegExp(
    `^${pattern
      .toLowerCase()
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return regex.test(name.toLowerCase());
}

/** True when an entry's pattern list matches `name` (any positive match, no negated match). */
export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.startsWith("!")) {
      if (matchHostPattern(pattern.slice(1), name)) return false;
    } else if (matchHostPattern(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** The entries of a known_hosts file that apply to host:port (plain key lines and revocations). */
export function findHostEntries(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
): KnownHostEntry[] {
  const name = knownHostsName(host, port);
  return entries.filter((e) => e.marker !== "@cert-authority" && entryMatches(e, name));
}

/** OpenSSH's `SHA256:<base64, no padding>` fingerprint of a public key blob. */
export function sha256Fingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

/** Normalizes a user-supplied fingerprint (`SHA256:...`, padding optional); throws on other forms. */
export function normalizeFingerprint(value: string): string {
  const match = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(value.trim());
  if (!match) {
    throw new TypeError(
      `Not a SHA256 host key fingerprint: ${JSON.stringify(value)}; expected SHA256:<43 base64 chars>.`,
    );
  }
  return `SHA256:${match[1]}`;
}

/** The key type name inside a public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return "";
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString("latin1");
}
