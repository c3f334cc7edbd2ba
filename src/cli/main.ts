import { isSitewrightError, SiteValidationError } from "../errors.js";
import { buildCommand } from "./build-command.js";
import type { CliIO, Command } from "./command.js";
import { deployCommands } from "./deploy-command.js";
import { downloadUrlCommand } from "./download-url-command.js";
import { enqueueCommand } from "./enqueue-command.js";
import { jobsCommands } from "./jobs-command.js";
import { releaseCommand } from "./release-command.js";
import { remoteCommands } from "./remote-command.js";
import { rollbackCommand } from "./rollback-command.js";
import { serveCommand } from "./serve-command.js";
import { siteCommand } from "./site-command.js";
import { thumbnailCommand, thumbnailsCommand } from "./thumbnail-command.js";
import { versionsCommands } from "./versions-commands.js";
import { workerCommand } from "./worker-command.js";

/** Every sub-command, matched by its leading words. */
export const COMMANDS: Command[] = [
  buildCommand,
  siteCommand,
  releaseCommand,
  ...versionsCommands,
  rollbackCommand,
  downloadUrlCommand,
  serveCommand,
  ...deployCommands,
  ...remoteCommands,
  thumbnailCommand,
  thumbnailsCommand,
  workerCommand,
  enqueueCommand,
  ...jobsCommands,
];

const HELP = `Usage: sitewright <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.join(" ").padEnd(22)}${c.summary}`).join("\n")}

Run "sitewright <command> --help" for a command's options.
Exit codes: 0 success, 1 failure (the error is printed), 2 wrong usage.`;

const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
};

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const command = COMMANDS.filter((c) => c.name.every((word, i) => argv[i] === word)).sort(
    (a, b) => b.name.length - a.name.length,
  )[0];
  if (!command) {
    const asked =
      argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help";
    (asked ? io.stdout : io.stderr)(
      `${asked ? "" : `Unknown command: ${argv.join(" ")}\n\n`}${HELP}\n`,
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
