import { type ParseArgsConfig, parseArgs } from "node:util";
import { SitewrightError } from "../errors.js";

/** Where a command prints: injected so tests can capture output. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stdout is a terminal (progress bars only then). */
  isTTY: boolean;
}

/** One CLI sub-command: parses its own options, calls the public API, prints. */
export interface Command {
  /** Words that select it, e.g. `["build"]` or `["versions", "list"]`. */
  name: string[];
  /** One line for the help listing. */
  summary: string;
  /** Full usage text shown by `--help` and on bad usage. */
  usage: string;
  /** Runs the command and returns the process exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Parses a command's options strictly; unknown options are an E_USAGE error. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new SitewrightError("E_USAGE", (cause as Error).message, { cause });
  }
}

/** Throws E_USAGE unless `value` is a non-empty string. */
export function requireOption(value: unknown, flag: string): string {
  if (typeof value !== "string" || value === "") {
    throw new SitewrightError("E_USAGE", `Missing required option ${flag}.`);
  }
  return value;
}
