import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSitewrightError } from "../../src/errors.js";
import {
  checkSecret,
  checkSecrets,
  computeSignature,
  downloadPath,
  MAX_CLOCK_SKEW,
  MAX_EXPIRES_IN,
  MIN_SECRET_BYTES,
  signDownloadUrl,
  verifyDownloadSignature,
} from "../../src/versions/signing.js";

const SECRET = "s".repeat(32);
const OTHER = "o".repeat(32);
const VERSION = "20240501T100000000Z-0123abcd";
const NOW = 1_700_000_000_500; // ms, mid-second: signing and checking floor it
const path = downloadPath("site", VERSION);

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isSitewrightError(err)) return `${err.code}: ${err.message} | ${err.hint ?? ""}`;
    throw err;
  }
  return "ok";
}

const sign = (expiresIn: number, secret = SECRET) =>
  signDownloadUrl({ websiteId: "site", versionId: VERSION, expiresIn, secret, now: NOW });
const verify = (
  s: { signature: string | null; expires: string | null },
  over: { method?: string; now?: number; secrets?: string[] } = {},
) =>
  verifyDownloadSignature({
    method: over.method ?? "GET",
    path,
    signature: s.signature,
    expires: s.expires,
    secrets: over.secrets ?? [SECRET],
    now: over.now ?? NOW,
  });
const parts = (expiresIn: number, secret = SECRET) => {
  const s = sign(expiresIn, secret);
  return { signature: s.signature, expires: String(s.expires) };
};

describe("signing download URLs", () => {
  it("the constants", () => {
    expect([MAX_EXPIRES_IN, MAX_CLOCK_SKEW, MIN_SECRET_BYTES]).toEqual([2_592_000, 60, 32]);
  });

  it("signs HMAC-SHA256 over METHOD, path and expiry, in lowercase hex", () => {
    const expected = createHmac("sha256", SECRET).update(`GET\n${path}\n5`).digest("hex");
    expect(computeSignature(SECRET, "get", path, 5)).toBe(expected);
    expect(path).toBe(`/download/site/${VERSION}`);
  });

  it("builds the URL from the base without its trailing slashes", () => {
    const s = signDownloadUrl({
      websiteId: "site",
      versionId: VERSION,
      expiresIn: 60,
      secret: SECRET,
      baseUrl: "https://h/gen//",
      now: NOW,
    });
    expect(s.expires).toBe(1_700_000_060);
    expect(s.url).toBe(`https://h/gen${path}?signature=${s.signature}&expires=1700000060`);
    expect(sign(60).url.startsWith(`${path}?`)).toBe(true);
  });

  it.each([0, -1, 1.5, MAX_EXPIRES_IN + 1, Number.NaN])("refuses expiresIn %s", (n) => {
    expect(failure(() => sign(n))).toBe(
      `E_USAGE: Cannot sign a URL valid for ${n} seconds. | Use a whole number of seconds between 1 and ${MAX_EXPIRES_IN}.`,
    );
  });

  it("accepts 1 second and the maximum", () => {
    expect(sign(1).expires).toBe(1_700_000_001);
    expect(sign(MAX_EXPIRES_IN).expires).toBe(1_700_000_000 + MAX_EXPIRES_IN);
  });

  it("refuses bad ids before signing", () => {
    expect(failure(() => downloadPath("../x", VERSION))).toMatch(/^E_UNSAFE_PATH/);
    expect(failure(() => downloadPath("site", "1"))).toMatch(/^E_VERSION_NOT_FOUND/);
  });
});

describe("verifying download URLs", () => {
  it("accepts its own links through the expiry second, HEAD as GET, any case of hex", () => {
    const p = parts(60);
    expect(verify(p)).toBe(1_700_000_060);
    expect(verify(p, { now: 1_700_000_060_999 })).toBe(1_700_000_060);
    expect(verify(p, { method: "head" })).toBe(1_700_000_060);
    expect(verify({ ...p, signature: p.signature.toUpperCase() })).toBe(1_700_000_060);
  });

  it("refuses the second after expiry", () => {
    expect(failure(() => verify(parts(60), { now: 1_700_000_061_000 }))).toBe(
      "E_SIGNATURE: The download link has expired. | Ask for a new download link.",
    );
  });

  it("refuses missing, malformed and wrong signatures", () => {
    const p = parts(60);
    expect(failure(() => verify({ ...p, signature: null }))).toBe(
      "E_SIGNATURE: The download link has no signature or expiry. | Ask for a new download link.",
    );
    expect(failure(() => verify({ ...p, expires: "" }))).toMatch(/no signature or expiry/);
    for (const bad of [
      { ...p, expires: "12x" },
      { ...p, expires: "1234567890123" },
      { ...p, signature: `${p.signature}0` },
      { ...p, signature: `z${p.signature.slice(1)}` },
      { ...p, signature: ` ${p.signature.slice(1)}` },
      { ...p, expires: `x${p.expires}` },
    ]) {
      expect(failure(() => verify(bad))).toMatch(/signature is malformed/);
    }
    expect(failure(() => verify({ ...p, signature: "0".repeat(64) }))).toMatch(
      /signature is not valid/,
    );
    expect(failure(() => verify(p, { method: "POST" }))).toMatch(/signature is not valid/);
    expect(failure(() => verify(parts(60, OTHER)))).toMatch(/signature is not valid/);
  });

  it("accepts any of several secrets, whichever position", () => {
    expect(verify(parts(60, OTHER), { secrets: [SECRET, OTHER] })).toBe(1_700_000_060);
    expect(verify(parts(60, OTHER), { secrets: [OTHER, SECRET] })).toBe(1_700_000_060);
    expect(verify(parts(60), { secrets: [SECRET, OTHER] })).toBe(1_700_000_060);
  });

  it("refuses links valid for longer than the cap plus clock skew", () => {
    const at = (expires: number) => {
      const signature = computeSignature(SECRET, "GET", path, expires);
      return { signature, expires: String(expires) };
    };
    const limit = 1_700_000_000 + MAX_EXPIRES_IN + MAX_CLOCK_SKEW;
    expect(verify(at(limit))).toBe(limit);
    expect(failure(() => verify(at(limit + 1)))).toMatch(/longer than links can be \(30 days\)/);
  });
});

describe("secrets", () => {
  it("need at least 32 UTF-8 bytes", () => {
    expect(() => checkSecret("x".repeat(32))).not.toThrow();
    expect(() => checkSecret("é".repeat(16))).not.toThrow();
    expect(failure(() => checkSecret("x".repeat(31)))).toBe(
      "E_USAGE: The download signing secret has 31 bytes; at least 32 bytes are needed, or links could be forged. | Use a random secret of at least 32 bytes, e.g. `openssl rand -hex 32`.",
    );
    expect(failure(() => checkSecret(undefined, "S"))).toMatch(/^E_USAGE: S is missing; at least/);
    expect(failure(() => sign(60, "short"))).toMatch(/has 5 bytes/);
  });

  it("must be a non-empty list of good secrets", () => {
    expect(() => checkSecrets([SECRET, OTHER])).not.toThrow();
    expect(failure(() => checkSecrets([]))).toBe(
      "E_USAGE: Download signing secrets must be a non-empty list, not an empty list. | Pass secrets: [secret], each of at least 32 bytes (the newest first when rotating).",
    );
    expect(failure(() => checkSecrets(SECRET))).toMatch(/non-empty list, not string\./);
    expect(failure(() => checkSecrets([SECRET, "x"]))).toMatch(
      /^E_USAGE: Download signing secret 2 of 2 has 1 bytes/,
    );
    expect(failure(() => verify(parts(60), { secrets: [] }))).toMatch(/non-empty list/);
  });
});
