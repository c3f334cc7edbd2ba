/** `sitewright worker`: runs queue jobs from Redis on this build server until SIGTERM. */
import { SitewrightError } from "../errors.js";
import { loadTargetsConfig } from "../queue/targets-config.js";
import { createWorker } from "../queue/worker.js";
import { createVersionStore } from "../versions/store.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";

const USAGE = `Usage: sitewright worker --redis URL --store DIR [--concurrency N] [--targets FILE]
                         [--queue NAME] [--chromium PATH] [--builds-dir DIR]

Runs build, deploy, rollback and thumbnail jobs from the Redis queue. Start one on every build
server against the same Redis and store layout: jobs of one website run one at a time, in the
order they were enqueued; different websites run in parallel. SIGTERM or Ctrl-C stops taking
jobs, lets the running ones finish, then exits 0; a second one exits at once (143 or 130), and
other workers take its running jobs over after stall detection.

  --redis URL        redis://[user:password@]host:port[/db]
  --store DIR        the version store builds go into
  --concurrency N    jobs (of different websites) run at once (default 1)
  --targets FILE     JSON file of deploy target groups; jobs name a group, never a host
  --queue NAME       queue name (default sitewright)
  --chromium PATH    Chromium for thumbnail jobs (default /usr/bin/chromium)
  --builds-dir DIR   keep each website's newest build in DIR (on this worker's disk), so
                     a build job renders only what changed since (default: every build is
                     a clean one in a temporary folder)`;

/** `sitewright worker`. */
export const workerCommand: Command = {
  name: ["worker"],
  summary: "Run queued jobs from Redis (one writer per website)",
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      redis: { type: "string" },
      store: { type: "string" },
      concurrency: { type: "string" },
      targets: { type: "string" },
      queue: { type: "string" },
      chromium: { type: "string" },
      "builds-dir": { type: "string" },
    });
    const redis = requireOption(values.redis, "--redis");
    const root = requireOption(values.store, "--store");
    const concurrency = positiveInt(values.concurrency ?? "1", "--concurrency");
    if (values["builds-dir"] === "")
      throw new SitewrightError("E_USAGE", "--builds-dir needs a folder.");
    const targets = values.targets ? await loadTargetsConfig(values.targets) : {};
    const worker = createWorker({
      connection: redis,
      store: createVersionStore({ root }),
      concurrency,
      targets,
      ...(values.queue ? { queueName: values.queue } : {}),
      ...(values.chromium ? { chromium: values.chromium } : {}),
      ...(values["builds-dir"] ? { buildsDir: values["builds-dir"] } : {}),
      onError: (err) => io.stderr(`worker: ${err.message}\n`),
    });
    io.stdout(
      `Worker ${worker.id} on ${redact(redis)} (concurrency ${concurrency}, target groups: ${
        Object.keys(targets).join(", ") || "none"
      })\n`,
    );
    const signal = await nextSignal();
    io.stdout(`${signal}: finishing running jobs (signal again to stop at once)\n`);
    // A stop that cannot wait for a long build: the jobs go to other workers after stall
    // detection, exactly as if this process had been killed.
    void nextSignal().then((again) => {
      io.stderr(
        `${again}: stopping now; running jobs pass to other workers after stall detection\n`,
      );
      process.exit(again === "SIGINT" ? 130 : 143);
    });
    await worker.close();
    io.stdout("Worker stopped\n");
    return 0;
  },
};

/** A whole number >= 1, else E_USAGE. */
export function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new SitewrightError("E_USAGE", `${flag} must be a whole number >= 1, not ${text}.`);
  }
  return n;
}

/** The next SIGTERM or SIGINT; listens for nothing afterwards. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGTERM", on);
      process.off("SIGINT", on);
      resolve(signal);
    };
    process.on("SIGTERM", on);
    process.on("SIGINT", on);
  });
}

/** The URL without its password, for printing. */
function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, "$1***@");
}
