import { join } from "node:path";
import { createSshTarget } from "../../src/deploy/ssh/ssh-target.js";
import { startSshd } from "../helpers/sshd.js";
import { targetContract } from "./target-contract.js";

targetContract("ssh (tar stream)", async () => {
  const sshd = await startSshd();
  const root = join(sshd.dir, "remote root with 'quotes' & spaces");
  return {
    target: createSshTarget({
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      privateKeyPath: sshd.privateKeyPath,
      hostKey: { knownHostsPath: sshd.knownHostsPath },
      root,
    }),
    root,
    teardown: () => sshd.stop(),
  };
});

targetContract("ssh (sftp, pinned fingerprint)", async () => {
  const sshd = await startSshd();
  const root = join(sshd.dir, "sftp-root");
  return {
    target: createSshTarget({
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      privateKey: Buffer.from(sshd.privateKey),
      hostKey: { fingerprint: sshd.fingerprint },
      root,
      transfer: "sftp",
    }),
    root,
    teardown: () => sshd.stop(),
  };
});
