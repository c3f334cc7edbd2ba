import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalTarget } from "../../src/deploy/local-target.js";
import { targetContract } from "./target-contract.js";

targetContract("local", async () => {
  const root = await mkdtemp(join(tmpdir(), "sitewright-local-target-"));
  return {
    target: createLocalTarget({ root }),
    root,
    teardown: () => rm(root, { recursive: true, force: true }),
  };
});
