import { isSitewrightError, SiteValidationError } from "../errors.js";
import type { CliIO, Command } from "./command.js";

/**
 * The commands of each first word, loaded only when asked for: a command's module brings its
 * libraries (the generator, BullMQ, puppeteer-core, node-ssh), and loading all of them cost
 * every `sitewright build` ~0.45 s of start-up against ~0.15 s for the build's own. In the
 * order of the help listing.
 */
const MODULES: Record<string, () => Promise<Command[]>> = {
  build: async () => [(await import("./build-command.js")).buildCommand],
  site: async () => [(await import("./site-command.js")).siteCommand],
  release: async () => [(await import("./release-command.js")).releaseCommand],
  versions: async () => (await import("./versions-commands.js")).versionsCommands,
  rollback: async () => [(await import("./rollback-command.js")).rollbackCommand],
  "download-url": async () => [(await import("./download-url-command.js")).downloadUrlCommand],
  serve: async () => [(await import("./serve-command.js")).serveCommand],
  deploy: async () => (await import("./deploy-command.js")).deployCommands,
  deployments: async () => (await import("./deploy-command.js")).deployCommands,
  remote: async () => (await import("./remote-command.js")).remoteCommands,
  thumbnail: thumbnailCommands,
  thumbnails: thumbnailCommands,
  worker: async () => [(await import("./worker-command.js")).workerCommand],
  enqueue: async () => [(await import("./enqueue-command.js")).enqueueCommand],
  jobs: async () => (await import("./jobs-command.js")).jobsCommands,
};

async function thumbnailCommands(): Promise<Command[]> {
  const { thumbnailCommand, thumbnailsCommand } = await import("./thumbnail-command.js");
  return [thumbnailCommand, thumbnailsCommand];
}

/** Every sub-command, in the help listing's order (loads every command's module). */
export async function allCommands(): Promise<Command[]> {
  const lists = await Promise.all(Object.values(MODULES).map((load) => load()));
  return [...new Set(lists.flat())];
}

async function help(): Promise<string> {
  const commands = await allCommands();
  return `Usage: sitewright <command> [options]

Commands:
${commands.map((c) => `  ${c.name.join(" ").padEnd(22)}${c.summary}`).join("\n")}

Run "sitewright <command> --help" for a command's options.
Exit codes: 0 success, 1 failure (the error is printed), 2 wrong usage.`;
}

const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
};

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const load = Object.hasOwn(MODULES, argv[0] ?? "") ? MODULES[argv[0] as string] : undefined;
  const candidates = load ? await load() : [];
  const command = candidates
    .filter((c) => c.name.every((word, i) => argv[i] === word))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!command) {
    const asked =
      argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help";
    (asked ? io.stdout : io.stderr)(
      `${asked ? "" : `Unknown command: ${argv.join(" ")}\n\n`}${await help()}\n`,
    );
    return asked ? 0 : 2;
  }
  const rest = argv.slice(command.name.length);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  const json = rest.includes("--json");
  try {
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, command, io, json);
  }
}

function reportError(err: unknown, command: Command, io: CliIO, json: boolean): number {
  if (!isSitewrightError(err)) {
    io.stderr(
      `Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
  if (json) io.stdout(`${JSON.stringify(err.toJSON(), null, 2)}\n`);
  if (err.code === "E_USAGE") {
    io.stderr(`${err.message}\n\n${command.usage}\n`);
    return 2;
  }
  if (!json) {
    io.stderr(`error ${err.code}: ${err.message}\n`);
    if (err instanceof SiteValidationError) {
      for (const [path, messages] of Object.entries(err.errors)) {
        for (const message of messages) io.stderr(`${path}: ${message}\n`);
      }
    }
    if (err.hint) io.stderr(`hint: ${err.hint}\n`);
  }
  return 1;
}
