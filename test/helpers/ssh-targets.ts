/** Builds SSH targets pointing at a test sshd. */
import { createSshTarget, type SshTargetOptions } from "../../src/deploy/ssh/ssh-target.js";
import type { DeployTarget } from "../../src/deploy/target.js";
import type { TestSshd } from "./sshd.js";

/** An SSH target for `sshd` with its known_hosts, storing under `root`. */
export function sshTarget(
  sshd: TestSshd,
  root: string,
  extra: Partial<SshTargetOptions> = {},
): DeployTarget {
  return createSshTarget({
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    privateKeyPath: sshd.privateKeyPath,
    hostKey: { knownHostsPath: sshd.knownHostsPath },
    root,
    retryDelayMs: 100,
    ...extra,
  });
}
