/**
 * POSIX shell quoting for every argument sent to a remote shell. SSH runs a command line through
 * the remote user's shell, so a file or directory name is data only once it is single-quoted.
 */

/** Quotes one argument for a POSIX shell: `'...'`, with each `'` written as `'\''`. */
export function shellQuote(value: string): string {
  if (value.includes("\0")) {
    // A NUL cannot travel inside a shell word; refusing is the only safe choice.
    throw new TypeError("A shell argument cannot contain a NUL byte.");
  }
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/** Quotes each argument and joins them with spaces. */
export function shellJoin(args: readonly string[]): string {
  return args.map(shellQuote).join(" ");
}

/**
 * A command line that runs `script` with `sh -c`, passing `args` as `$1..$n`. The script is a
 * constant written in this package; everything variable travels as a quoted positional argument.
 */
export function shScript(script: string, args: readonly string[] = []): string {
  return `sh -c ${shellQuote(script)} sitewright ${shellJoin(args)}`.trimEnd();
}
