/**
 * The host key check every SSH connection runs inside the handshake (ssh2's `hostVerifier`):
 * against a known_hosts file or a pinned `SHA256:` fingerprint. An unknown or mismatched key
 * ends the handshake before authentication, so no credential and no command reaches the server.
 */
import { readFile } from "node:fs/promises";
import { SitewrightError } from "../../errors.js";
import {
  findHostEntries,
  keyTypeOf,
  knownHostsName,
  normalizeFingerprint,
  parseKnownHosts,
  sha256Fingerprint,
} from "./known-hosts.js";

/** How to trust a server: a known_hosts file (path or its text) or a pinned fingerprint. */
export type HostKeyPolicy =
  | { knownHostsPath: string }
  | { knownHosts: string }
  | { fingerprint: string };

/** A prepared host key check for one host:port. */
export interface HostKeyCheck {
  /** The ssh2 `hostVerifier`: true to continue the handshake. */
  verify(key: Buffer): boolean;
  /** Why the last key was refused, if it was. */
  readonly rejection: string | undefined;
  /** Host key algorithms worth offering (the types known_hosts has for this host), if known. */
  readonly algorithms: string[] | undefined;
}

const ALGORITHMS_FOR_TYPE: Record<string, string[]> = {
  "ssh-ed25519": ["ssh-ed25519"],
  "ecdsa-sha2-nistp256": ["ecdsa-sha2-nistp256"],
  "ecdsa-sha2-nistp384": ["ecdsa-sha2-nistp384"],
  "ecdsa-sha2-nistp521": ["ecdsa-sha2-nistp521"],
  "ssh-rsa": ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"],
};

/** Loads the policy's trust data and returns the check for host:port. */
export async function createHostKeyCheck(
  policy: HostKeyPolicy,
  host: string,
  port: number,
): Promise<HostKeyCheck> {
  const name = knownHostsName(host, port);
  if ("fingerprint" in policy) {
    let pinned: string;
    try {
      pinned = normalizeFingerprint(policy.fingerprint);
    } catch (cause) {
      throw new SitewrightError("E_USAGE", (cause as Error).message, { cause });
    }
    return checker(name, (key) =>
      sha256Fingerprint(key) === pinned
        ? undefined
        : `its key ${sha256Fingerprint(key)} does not match the pinned ${pinned}`,
    );
  }
  let text: string;
  if ("knownHostsPath" in policy) {
    try {
      text = await readFile(policy.knownHostsPath, "utf8");
    } catch (cause) {
      throw new SitewrightError("E_HOST_KEY", `Cannot read known_hosts ${policy.knownHostsPath}.`, {
        cause,
        hint: "Pass a readable known_hosts file or pin the host key with a SHA256: fingerprint.",
      });
    }
  } else {
    text = policy.knownHosts;
  }
  const entries = findHostEntries(parseKnownHosts(text), host, port);
  const trusted = entries.filter((e) => e.marker === "");
  const revoked = entries.filter((e) => e.marker === "@revoked");
  const types = [...new Set(trusted.map((e) => e.keyType))];
  const algorithms = types.every((t) => ALGORITHMS_FOR_TYPE[t])
    ? types.flatMap((t) => ALGORITHMS_FOR_TYPE[t] ?? [])
    : undefined;
  return checker(
    name,
    (key) => {
      if (revoked.some((e) => e.key.equals(key)))
        return "its key is marked @revoked in known_hosts";
      if (trusted.length === 0) return "known_hosts has no key for it";
      if (trusted.some((e) => e.key.equals(key))) return undefined;
      return `its ${keyTypeOf(key)} key ${sha256Fingerprint(key)} does not match known_hosts (possible man-in-the-middle)`;
    },
    algorithms && algorithms.length > 0 ? algorithms : undefined,
  );
}

function checker(
  name: string,
  problem: (key: Buffer) => string | undefined,
  algorithms?: string[],
): HostKeyCheck {
  let rejection: string | undefined;
  return {
    verify(key) {
      const why = problem(key);
      if (why === undefined) return true;
      rejection = `Host ${name} refused: ${why}.`;
      return false;
    },
    get rejection() {
      return rejection;
    },
    algorithms,
  };
}

/** The E_HOST_KEY error for a refused check. */
export function hostKeyError(check: HostKeyCheck): SitewrightError {
  return new SitewrightError("E_HOST_KEY", check.rejection ?? "The SSH host key was refused.", {
    hint: "Verify the server's key out of band (ssh-keyscan + ssh-keygen -lf), then add it to known_hosts or pass --fingerprint.",
  });
}
