/**
 * The process boundary owner code runs behind: a child node process with its own heap limit,
 * an empty environment (none of the server's variables or secrets), and, where Node has the
 * permission model, no file system writes, no child processes, no worker threads and reads
 * only of the code it runs. Nothing here knows about templates: any entry module can be run
 * this way, which is what lets the boundary be tested alone.
 */
import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Limits of one isolated process. */
export interface IsolationLimits {
  /** V8 old-space limit in MiB; a process that needs more dies, and the host lives on. */
  heapMb: number;
  /** Folders (absolute) the process may read besides its own code, e.g. a site's pages. */
  readable?: readonly string[];
  /** Where V8 starts its old generation, in MiB (default: V8's own, a few MiB). */
  initialHeapMb?: number;
}

/** How a child ended, told from its exit code, signal and the tail of its stderr. */
export type ExitKind = "out-of-memory" | "killed" | "crashed";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/**
 * Folders the child may read: this package and the node_modules its dependencies load from.
 * Everything else (the site owner's neighbours, the server's keys and config) stays unreadable
 * even to code that escapes the template engine.
 */
export function readablePaths(): string[] {
  const require = createRequire(import.meta.url);
  const nunjucksMain = require.resolve("nunjucks");
  const modules = nunjucksMain.slice(0, nunjucksMain.lastIndexOf(`${sep}node_modules${sep}`));
  return [...new Set([packageRoot, `${modules}${sep}node_modules`])];
}

/** Node's permission flag: `--permission` from Node 22 (and 20.x backports that know it). */
function permissionFlags(readable: string[]): string[] {
  const flag = process.allowedNodeEnvironmentFlags.has("--permission")
    ? "--permission"
    : "--experimental-permission";
  return [flag, ...readable.map((p) => `--allow-fs-read=${p}${sep}*`)];
}

/**
 * Starts `entry` (a compiled .js module) as an isolated child with an IPC channel that carries
 * structured-clone messages. stdout is dropped; the tail of stderr is kept to tell an
 * out-of-memory death from other crashes.
 */
export function spawnIsolated(
  entry: string,
  limits: IsolationLimits,
): { child: ChildProcess; stderrTail: () => string } {
  const child = fork(entry, [], {
    execArgv: [
      ...permissionFlags([...readablePaths(), ...(limits.readable ?? [])]),
      `--max-old-space-size=${limits.heapMb}`,
      ...(limits.initialHeapMb ? [`--initial-old-space-size=${limits.initialHeapMb}`] : []),
      // Render processes already share the cores; V8's helper threads for parallel garbage
      // collection only add to the contention (10,000 pages, 2 cores: 4.9 s vs 5.1 s a build).
      "--single-threaded-gc",
      "--disable-warning=ExperimentalWarning",
    ],
    env: {},
    cwd: packageRoot,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    serialization: "advanced",
  });
  // A send to a process that has just died, or a disconnect racing its exit, is emitted as an
  // 'error' event, which would end the build process unhandled; the death itself is reported
  // through 'exit', so the error is kept only as the tail's last line.
  let tail = "";
  child.on("error", (err) => {
    tail = `${tail}\n${err.message}`.slice(-4096);
  });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-4096);
  });
  return { child, stderrTail: () => tail };
}

/** Classifies a child's death for the error the build reports. */
export function exitKind(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
): ExitKind {
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderr))
    return "out-of-memory";
  if (signal === "SIGKILL" && code === null) return "killed";
  return "crashed";
}
