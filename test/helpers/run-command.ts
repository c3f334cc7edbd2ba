import type { CliIO, Command } from "../../src/cli/command.js";

/** Runs a CLI command with captured output, as a script would see it (no terminal). */
export async function runCommand(
  command: Command,
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
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
  const code = await command.run(argv, io);
  return { code, stdout, stderr };
}
