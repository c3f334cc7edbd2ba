import type { CliIO, Command } from "../../src/cli/command.js";
import { main } from "../../src/cli/main.js";

/** What a command printed and returned, as a script would see it (no terminal). */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function captured(run: (io: CliIO) => Promise<number>): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
  };
  const code = await run(io);
  return { code, stdout, stderr };
}

/** Runs one CLI command with captured output. */
export function runCommand(command: Command, argv: string[]): Promise<CliRun> {
  return captured((io) => command.run(argv, io));
}

/** Runs the whole CLI (`sitewright <argv>`) with captured output. */
export function runCli(...argv: string[]): Promise<CliRun> {
  return captured((io) => main(argv, io));
}
