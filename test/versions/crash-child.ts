/**
 * Child process for the crash test: runs one store operation and gets SIGKILLed, either by the
 * parent after a random delay or by itself at the Nth logged step (CRASH_AT_STEP), using only
 * the store's public logger. Env: STORE_ROOT, OP (create|activate|rollback), ARG, CRASH_AT_STEP.
 */
import { createVersionStore } from "../../src/versions/store.js";

const { STORE_ROOT, OP, ARG, CRASH_AT_STEP } = process.env;
const crashAt = CRASH_AT_STEP ? Number(CRASH_AT_STEP) : -1;
let steps = 0;
const onLog = (_message: string, fields?: { step?: string }) => {
  if (fields?.step === undefined) return;
  steps++;
  // Synchronous on Linux pipes, so the parent learns how far the child got before it died.
  process.stdout.write(`step ${fields.step}\n`);
  if (steps === crashAt) process.kill(process.pid, "SIGKILL");
};

const store = createVersionStore({
  root: STORE_ROOT as string,
  actor: "crash-child",
  logger: { debug: onLog, info: onLog },
  lock: { waitMs: Number(process.env.LOCK_WAIT_MS ?? 3000) },
});

process.stdout.write("ready\n");
const run = async () => {
  if (OP === "create") return store.create("site", ARG as string);
  if (OP === "activate") return store.activate("site", ARG as string);
  return store.rollback("site");
};
run().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
