import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createTestStore, type TestStore } from "./deploy-site.js";
import { startSshd, type TestSshd } from "./sshd.js";

/** A test file's sshd, its local version store, and the remote root inside the sshd's folder. */
export interface DeployServer {
  sshd: TestSshd;
  local: TestStore;
  root: string;
}

/**
 * Starts a real sshd and a local store before the file's tests and stops both after them;
 * `ready` receives them once started (assign them to the file's variables there).
 */
export function useDeployServer(rootName: string, ready: (server: DeployServer) => void): void {
  let server: Partial<DeployServer> = {};
  beforeAll(async () => {
    const sshd = await startSshd();
    server = { sshd };
    const local = await createTestStore();
    server = { sshd, local, root: join(sshd.dir, rootName) };
    ready(server as DeployServer);
  });
  afterAll(async () => {
    await server.local?.cleanup();
    await server.sshd?.stop();
  });
}
