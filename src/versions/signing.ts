/**
 * Signed download URLs: `/download/{websiteId}/{versionId}?signature=&expires=` where the
 * signature is HMAC-SHA256 over method, canonical path and expiry. Several secrets may be
 * valid at once so keys can be rotated without breaking URLs already handed out.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { SitewrightError } from "../errors.js";
import { assertVersionId, assertWebsiteId } from "./version-meta.js";

/** Longest validity a URL may be signed for (30 days); links claiming more are refused. */
export const MAX_EXPIRES_IN = 30 * 24 * 3600;
/**
 * Seconds a signer's clock may run ahead of the verifier's: a link signed for the maximum
 * on such a host must not be refused, but one claiming more than this on top is forged.
 */
export const MAX_CLOCK_SKEW = 60;
/** Shortest secret accepted, in UTF-8 bytes (the HMAC-SHA256 output size). */
export const MIN_SECRET_BYTES = 32;

/** Options of `signDownloadUrl`. */
export interface SignDownloadOptions {
  websiteId: string;
  versionId: string;
  /** Seconds from now until the URL expires (1 .. MAX_EXPIRES_IN). */
  expiresIn: number;
  /** The signing secret (the newest one when rotating). */
  secret: string;
  /** Prefix such as `https://example.com/services/websites/v1/generator`; default none. */
  baseUrl?: string;
  /** Clock in ms, for callers that sign for a fixed instant. */
  now?: number;
}

/** A signed URL and its parts. */
export interface SignedDownload {
  url: string;
  path: string;
  signature: string;
  /** Unix time in seconds after which the URL is refused. */
  expires: number;
}

/** Canonical path of a version download; ids are validated first. */
export function downloadPath(websiteId: string, versionId: string): string {
  assertWebsiteId(websiteId);
  assertVersionId(versionId);
  return `/download/${websiteId}/${versionId}`;
}

/** Lowercase hex HMAC-SHA256 of `METHOD\npath\nexpires`. */
export function computeSignature(
  secret: string,
  method: string,
  path: string,
  expires: number,
): string {
  return createHmac("sha256", secret)
    .update(`${method.toUpperCase()}\n${path}\n${expires}`)
    .digest("hex");
}

/** Signs a GET download URL for a version (HEAD requests verify as GET). */
export function signDownloadUrl(options: SignDownloadOptions): SignedDownload {
  checkSecret(options.secret);
  const { expiresIn } = options;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_EXPIRES_IN) {
    throw new SitewrightError("E_USAGE", `Cannot sign a URL valid for ${expiresIn} seconds.`, {
      hint: `Use a whole number of seconds between 1 and ${MAX_EXPIRES_IN}.`,
    });
  }
  const path = downloadPath(options.websiteId, options.versionId);
  const expires = Math.floor((options.now ?? Date.now()) / 1000) + expiresIn;
  const signature = computeSignature(options.secret, "GET", path, expires);
  const base = (options.baseUrl ?? "").replace(/\/+$/, "");
  return {
    url: `${base}${path}?signature=${signature}&expires=${expires}`,
    path,
    signature,
    expires,
  };
}

/** What `verifyDownloadSignature` checks. */
export interface VerifyDownloadOptions {
  method: string;
  /** Canonical path, see `downloadPath`. */
  path: string;
  signature: string | null;
  expires: string | null;
  /** Every secret currently accepted. */
  secrets: readonly string[];
  /** Clock in ms. */
  now?: number;
}

/**
 * Throws E_SIGNATURE unless the signature is present, unexpired, not valid for longer than
 * links may be, and made with one of `secrets`; returns the expiry (Unix seconds). The link
 * is valid through the second `expires` and refused from the next one.
 */
export function verifyDownloadSignature(options: VerifyDownloadOptions): number {
  // An empty or short secret would let anyone forge links: refuse to verify with it at all.
  checkSecrets(options.secrets);
  const { signature, expires } = options;
  if (!signature || !expires) throw denied("The download link has no signature or expiry.");
  if (!/^\d{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/i.test(signature)) {
    throw denied("The download link's signature is malformed.");
  }
  const expiresAt = Number(expires);
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (now > expiresAt) throw denied("The download link has expired.");
  // A leaked secret must not mint links that outlive its rotation, so the cap holds here too.
  if (expiresAt - now > MAX_EXPIRES_IN + MAX_CLOCK_SKEW) {
    throw denied("The download link claims to be valid for longer than links can be (30 days).");
  }
  const method = options.method.toUpperCase() === "HEAD" ? "GET" : options.method;
  const given = Buffer.from(signature.toLowerCase(), "hex");
  let ok = false;
  for (const secret of options.secrets) {
    const expected = Buffer.from(computeSignature(secret, method, options.path, expiresAt), "hex");
    // Check every secret (no early exit) so timing does not tell which key matched.
    ok = timingSafeEqual(expected, given) || ok;
  }
  if (!ok) throw denied("The download link's signature is not valid.");
  return expiresAt;
}

/** Throws E_USAGE for a missing secret or one shorter than MIN_SECRET_BYTES. */
export function checkSecret(
  secret: unknown,
  label = "The download signing secret",
): asserts secret is string {
  const bytes = typeof secret === "string" ? Buffer.byteLength(secret, "utf8") : 0;
  if (typeof secret !== "string" || bytes < MIN_SECRET_BYTES) {
    const what = typeof secret !== "string" ? "is missing" : `has ${bytes} bytes`;
    throw new SitewrightError(
      "E_USAGE",
      `${label} ${what}; at least ${MIN_SECRET_BYTES} bytes are needed, or links could be forged.`,
      {
        hint: `Use a random secret of at least ${MIN_SECRET_BYTES} bytes, e.g. \`openssl rand -hex 32\`.`,
      },
    );
  }
}

/** Throws E_USAGE unless `secrets` is a non-empty list of secrets that each pass `checkSecret`. */
export function checkSecrets(secrets: unknown): asserts secrets is readonly string[] {
  if (!Array.isArray(secrets) || secrets.length === 0) {
    const given = Array.isArray(secrets) ? "an empty list" : typeof secrets;
    throw new SitewrightError(
      "E_USAGE",
      `Download signing secrets must be a non-empty list, not ${given}.`,
      {
        hint: `Pass secrets: [secret], each of at least ${MIN_SECRET_BYTES} bytes (the newest first when rotating).`,
      },
    );
  }
  secrets.forEach((secret: unknown, i) => {
    checkSecret(secret, `Download signing secret ${i + 1} of ${secrets.length}`);
  });
}

function denied(message: string): SitewrightError {
  return new SitewrightError("E_SIGNATURE", message, { hint: "Ask for a new download link." });
}
