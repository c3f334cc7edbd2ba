/**
 * The build's render processes: pages go out in route order, several at a time, and each
 * page's result comes back as a promise. Every process renders one page at a time under the
 * page time budget; the build enforces that budget again from outside, so a page that never
 * yields is stopped by a kill, and a process that dies (out of memory, crash) fails the build
 * with a coded error naming the page and, after one traced re-run, the template.
 */
import type { ChildProcess } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { SitewrightError } from "../../errors.js";
import type { PageFileFinding } from "../../site/check-page-files.js";
import type { BuildWarning } from "../context.js";
import { rebuildError } from "./error-transfer.js";
import { type ExitKind, exitKind, spawnIsolated } from "./isolated-process.js";
import type {
  CheckRequest,
  PageExtra,
  PageResult,
  RenderInit,
  RenderReply,
  RenderTask,
} from "./render-protocol.js";
import { checkResults } from "./reply-check.js";
import { renderWorkerEntry } from "./worker-entry.js";

/** How the render processes of one build are sized and limited. */
export interface RenderPoolOptions {
  workers: number;
  /** Time budget of one page in milliseconds. */
  timeoutMs: number;
  /** Heap limit of each render process in MiB. */
  heapMb: number;
  /** Folders the processes may read besides their code (a site's `pages/`). */
  readable?: readonly string[];
  /** Where each process's old generation starts, in MiB (see initialHeapFor). */
  initialHeapMb?: number;
  /**
   * False when the pages are known not to fit (readPagesFolder: "too-large"): the processes
   * then hold none of the pages they check and read each again to render it. Default true.
   */
  holdPages?: boolean;
}

/** What rendering one page produced. */
export type RenderedPage = Omit<PageResult, "id">;

/** A page to render, as the build describes it. */
export type PageTask = Omit<RenderTask, "id" | "trace" | "kept">;

/** The render processes of one build: started early, set up once the site is loaded. */
export interface RenderPool {
  /**
   * Has the processes check the page files of a site directory (one page per file assumed),
   * in parallel, and returns a finding per file in order. A process that can hold the pages it
   * checked renders them later without reading them again.
   */
  check(
    request: Omit<CheckRequest, "type" | "files" | "keepBytes"> & {
      files: readonly string[];
    },
  ): Promise<PageFileFinding<PageExtra>[]>;
  /** Sends the build to every process and waits until each has compiled the templates. */
  start(init: Omit<RenderInit, "type">): Promise<BuildWarning[]>;
  /** Queues a page; resolves with its HTML, rejects with a coded error. */
  render(task: PageTask): Promise<RenderedPage>;
  /** Stops every process; pending pages reject. */
  close(): Promise<void>;
}

// Pages in flight per process, and pages per message: a message costs about as much as
// rendering a small page, so pages travel in groups, and enough are queued that a process
// never waits for the build between two groups.
const DEPTH = 24;
const BATCH = 8;
// Time past the budget before the build kills a process that did not stop itself.
const GRACE_MS = 1_000;

interface Job {
  task: RenderTask;
  /** The process that holds the page (see RenderPool.check); any process when absent. */
  worker?: Worker;
  resolve: (page: RenderedPage) => void;
  reject: (err: Error) => void;
}

interface Worker {
  child: ChildProcess;
  stderrTail: () => string;
  /** Sent and not yet answered, in the order the process renders them. */
  jobs: Job[];
  /** When the process last answered, or was given work while idle. */
  heard: number;
  timedOut: boolean;
}

/**
 * Starts `options.workers` isolated processes at once, so that their start-up overlaps with
 * loading the site; they render nothing until `start` hands them the build.
 */
export function createRenderPool(options: RenderPoolOptions): RenderPool {
  const workers: Worker[] = Array.from({ length: options.workers }, () => {
    const { child, stderrTail } = spawnIsolated(renderWorkerEntry(), options);
    return { child, stderrTail, jobs: [], heard: 0, timedOut: false };
  });
  const queue: Job[] = [];
  /** Which process holds each checked page, by page index. */
  const holders = new Map<number, Worker>();
  let init: RenderInit | null = null;
  let failure: SitewrightError | null = null;
  let closed = false;
  let nextId = 0;
  let dispatchQueued = false;

  const fail = (err: SitewrightError) => {
    failure ??= err;
    for (const job of queue.splice(0)) job.reject(failure);
    for (const w of workers) for (const job of w.jobs.splice(0)) job.reject(failure);
    for (const w of workers) w.child.kill("SIGKILL");
  };

  const dispatch = () => {
    dispatchQueued = false;
    if (failure) return;
    // The least busy process first, so a slow page holds up only the pages queued behind it.
    for (const w of [...workers].sort((a, b) => a.jobs.length - b.jobs.length)) {
      while (w.jobs.length < DEPTH) {
        const batch = takeFor(w, Math.min(BATCH, DEPTH - w.jobs.length));
        if (batch.length === 0) break;
        if (w.jobs.length === 0) w.heard = Date.now();
        w.jobs.push(...batch);
        w.child.send({ type: "pages", tasks: batch.map((j) => j.task) });
      }
    }
  };

  /** Up to `count` queued jobs `w` may render (its own pages, or anyone's), in queue order. */
  const takeFor = (w: Worker, count: number): Job[] => {
    const taken: Job[] = [];
    for (let i = 0; i < queue.length && taken.length < count; ) {
      const job = queue[i] as Job;
      if (job.worker === undefined || job.worker === w) taken.push(...queue.splice(i, 1));
      else i++;
    }
    return taken;
  };

  const onReply = (w: Worker, reply: RenderReply) => {
    w.heard = Date.now();
    if (reply.type === "done") {
      let results: PageResult[];
      try {
        results = checkResults(
          reply.results,
          w.jobs.map((j) => j.task.id),
        );
      } catch (err) {
        return fail(err as SitewrightError);
      }
      for (const result of results) w.jobs.shift()?.resolve(result);
      dispatch();
    } else if (reply.type === "failed") {
      const err = rebuildError(reply.error);
      w.jobs.shift()?.reject(err);
      fail(err);
    }
  };

  const onExit = (w: Worker, code: number | null, signal: NodeJS.Signals | null) => {
    if (failure || closed) return;
    const head = w.jobs[0];
    const kind: ExitKind | "timeout" = w.timedOut
      ? "timeout"
      : exitKind(code, signal, w.stderrTail());
    if (!head || !init) return fail(processError(kind, null, "", options));
    // Which template was running is not known from outside: render the page once more with
    // every owner template announced first, and name the last one announced.
    void retrace(head.task, init, options).then((found) =>
      fail(
        found instanceof SitewrightError ? found : processError(kind, head.task, found, options),
      ),
    );
  };

  for (const w of workers) {
    w.child.on("message", (reply: RenderReply) => onReply(w, reply));
    w.child.on("exit", (code, signal) => onExit(w, code, signal));
  }

  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const w of workers) {
      if (w.jobs.length > 0 && !w.timedOut && now - w.heard > options.timeoutMs + GRACE_MS) {
        w.timedOut = true;
        w.child.kill("SIGKILL");
      }
    }
  }, 100);
  watchdog.unref();

  return {
    async check({ files, ...request }) {
      const findings: PageFileFinding<PageExtra>[] = [];
      // Files go out in blocks of BATCH in turn, so that pages rendered in route order (AHEAD
      // at a time) keep every process busy.
      const shares = workers.map((): Array<[number, string]> => []);
      files.forEach((rel, index) => {
        shares[Math.floor(index / BATCH) % workers.length]?.push([index, rel]);
      });
      const keepBytes = holdBudget(options);
      await Promise.all(
        workers.map(async (w, i) => {
          const share = shares[i] as Array<[number, string]>;
          if (share.length === 0) return;
          const kept = await checkShare(
            w,
            { type: "check", ...request, files: share, keepBytes },
            findings,
          );
          if (kept) for (const [index] of share) holders.set(index, w);
        }),
      );
      return findings;
    },
    async start(setup) {
      init = { type: "init", ...setup };
      const warnings: BuildWarning[] = [];
      const message = init;
      const ready = await Promise.allSettled(
        workers.map((w) => whenReady(w.child, w.stderrTail, message, warnings)),
      );
      const refused = ready.find((r) => r.status === "rejected");
      if (refused) throw refused.reason;
      return warnings;
    },
    render(page) {
      if (failure) return Promise.reject(failure);
      return new Promise<RenderedPage>((resolve, reject) => {
        const worker = page.read ? holders.get(page.index) : undefined;
        const task: RenderTask = { id: nextId++, ...page };
        if (worker) task.kept = true;
        queue.push({ task, worker, resolve, reject });
        // Pages queued in the same turn of the event loop leave together.
        if (!dispatchQueued) {
          dispatchQueued = true;
          setImmediate(dispatch);
        }
      });
    },
    async close() {
      closed = true;
      clearInterval(watchdog);
      await Promise.all(workers.map(stop));
    },
  };
}

// What the build process held of a site's pages before render processes checked them.
const KEEP_BYTES = 64 * 2 ** 20;

/** How a site's page files compare with what the processes hold from checking to rendering. */
export type PagesFit = "held" | "too-large" | "none";

// Page files statted to judge a folder's size: every one up to this many, else an even spread.
const FIT_SAMPLE = 512;

/** A site's `pages/` folder as the build sizes its render processes by it. */
export interface PagesFolder {
  fit: PagesFit;
  /** Files in the folder (0 when it is empty or missing). */
  files: number;
}

/**
 * Whether the page files in `pagesDir` fit what the processes hold from checking to rendering
 * (KEEP_BYTES), from their sizes, and how many there are; "none" for an empty or missing
 * folder. A large folder is judged from an even sample of its files: it decides only where
 * heaps start and how they grow, and statting all 10,000 files of a site cost 40-65 ms before
 * any process could start.
 */
export function readPagesFolder(pagesDir: string): PagesFolder {
  let names: string[];
  try {
    names = readdirSync(pagesDir);
  } catch {
    return { fit: "none", files: 0 };
  }
  if (names.length === 0) return { fit: "none", files: 0 };
  const step = Math.max(1, names.length / FIT_SAMPLE);
  let bytes = 0;
  let sampled = 0;
  for (let i = 0; i < names.length; i += step) {
    try {
      bytes += statSync(join(pagesDir, names[Math.floor(i)] as string)).size;
    } catch {
      // A file gone or unreadable is the check's to report.
    }
    sampled++;
  }
  const fit = (bytes / sampled) * names.length > KEEP_BYTES ? "too-large" : "held";
  return { fit, files: names.length };
}

// Page files per render process a default pool starts for: one process starting costs about
// as much CPU (0.1-0.2 s) as checking and rendering this many pages.
const FILES_PER_PROCESS = 200;

/**
 * Render processes when the caller names none: one per core, at most 4, and for a `pages/`
 * folder at most one per FILES_PER_PROCESS files (a 24-page site: 1, saving a process's start).
 * Without a folder (a bundle or an object) the page count is not known when the processes
 * start, so the core count decides.
 */
export function defaultWorkers(cores: number, folder: PagesFolder | null): number {
  const byCores = Math.max(1, Math.min(4, cores));
  if (!folder || folder.files === 0) return byCores;
  return Math.min(byCores, Math.ceil(folder.files / FILES_PER_PROCESS));
}

/**
 * Where the processes' old generation should start: with room for the pages they will hold,
 * else V8's default. V8 grows a small old generation a step at a time, with a full garbage
 * collection at each step, while held pages pile up (7 against 2): starting at 128 MiB made
 * 10,000-page builds 3-20% faster with ~10% less CPU in 8 paired runs here. A site too large
 * to hold gains nothing from it, and its processes' larger heaps took a 100,000-page build
 * past 1 GB (1,044-1,174 MB against 1,001), so it keeps the default.
 */
export function initialHeapFor(fit: PagesFit, heapMb: number): number | undefined {
  return fit === "held" ? Math.min(128, Math.floor(heapMb / 2)) : undefined;
}

/**
 * JSON bytes of checked pages each process may hold for rendering (CheckRequest.keepBytes):
 * together what the build process would hold (OpenSiteOptions.keepBytes), and at most an
 * eighth of a process's heap, as held pages cost about 3x their JSON. None (-1) for a folder
 * known to be too large: each process would fill its budget and then drop it all, its heap
 * grown for nothing (30,000 pages, 4 processes: 781 MB at the peak instead of 837-918).
 */
export function holdBudget(options: RenderPoolOptions): number {
  if (options.holdPages === false) return -1;
  return Math.min(KEEP_BYTES / options.workers, (options.heapMb * 2 ** 20) / 8);
}

/** Sends a check to a process and collects its findings; resolves with whether it holds the pages. */
function checkShare(
  w: Worker,
  request: CheckRequest,
  findings: PageFileFinding<PageExtra>[],
): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      w.child.off("message", onMessage);
      const kind = exitKind(code, signal, w.stderrTail());
      reject(
        new SitewrightError(
          "E_RENDER_LIMIT",
          `A render process stopped while checking the site's pages (${kind}, exit ${code ?? signal}).`,
          {
            hint:
              kind === "out-of-memory"
                ? "A page file is too large for the render process's heap: raise BuildOptions.renderHeapMb (--render-heap)."
                : "See the render process's stderr in the error's details.",
            details: { stderr: w.stderrTail().slice(-1000) },
          },
        ),
      );
    };
    const onMessage = (reply: RenderReply) => {
      if (reply.type === "checked") {
        for (const [index, finding] of reply.findings) findings[index] = finding;
        if (!reply.last) return;
        w.child.off("exit", onExit).off("message", onMessage);
        resolve(reply.kept);
      } else if (reply.type === "check-failed") {
        w.child.off("exit", onExit).off("message", onMessage);
        reject(rebuildError(reply.error));
      }
    };
    w.child.on("exit", onExit).on("message", onMessage);
    w.child.send(request);
  });
}

/** Sends the build to a started process and waits until it is ready to render. */
function whenReady(
  child: ChildProcess,
  stderrTail: () => string,
  init: RenderInit,
  warnings: BuildWarning[],
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      reject(
        new SitewrightError(
          "E_RENDER_LIMIT",
          `A render process could not start (${exitKind(code, signal, stderrTail())}, exit ${code ?? signal}).`,
          {
            hint: "Check that Node.js ≥ 20.19 runs sitewright and that its files are readable; see the render process's stderr.",
            details: { stderr: stderrTail().slice(-1000) },
          },
        ),
      );
    child.once("exit", onExit);
    child.once("message", (reply: RenderReply) => {
      child.off("exit", onExit);
      if (reply.type === "ready") {
        // Every process compiles the same templates and warns the same: keep one copy.
        if (warnings.length === 0) warnings.push(...reply.warnings);
        resolve();
      } else if (reply.type === "init-failed") {
        child.kill("SIGKILL");
        reject(rebuildError(reply.error));
      }
    });
    child.send(init);
  });
}

/**
 * Renders `task` alone in a fresh process with tracing on. Returns the coded error it ends with
 * when it ends with one, otherwise the last place it announced before it died or ran over.
 */
async function retrace(
  task: RenderTask,
  init: RenderInit,
  options: RenderPoolOptions,
): Promise<SitewrightError | string> {
  const { child, stderrTail } = spawnIsolated(renderWorkerEntry(), options);
  try {
    await whenReady(child, stderrTail, init, []);
  } catch {
    return "";
  }
  return new Promise((resolve) => {
    let where = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs + GRACE_MS);
    child.on("message", (reply: RenderReply) => {
      if (reply.type === "at") where = reply.where;
      else if (reply.type === "failed") {
        clearTimeout(timer);
        child.kill("SIGKILL");
        resolve(rebuildError(reply.error));
      } else if (reply.type === "done") {
        // It rendered this time: the failure depended on more than this page; name the page only.
        clearTimeout(timer);
        child.kill("SIGKILL");
        resolve("");
      }
    });
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(where);
    });
    child.send({ type: "pages", tasks: [{ ...task, trace: true }] });
  });
}

function processError(
  kind: ExitKind | "timeout",
  task: RenderTask | null,
  where: string,
  options: RenderPoolOptions,
): SitewrightError {
  const page = where || (task ? `page ${task.url}` : "a page");
  const details = { page: task?.url, index: task?.index, file: task?.file, where: where || null };
  if (kind === "timeout")
    return new SitewrightError(
      "E_RENDER_TIMEOUT",
      `Rendering ${page} took longer than its budget of ${options.timeoutMs} ms; the render process was stopped.`,
      {
        hint: "Make the template do less work (loops, includes, recursion), or raise BuildOptions.renderTimeoutMs (--render-timeout).",
        details,
      },
    );
  const what =
    kind === "out-of-memory"
      ? `ran out of memory (heap limit ${options.heapMb} MiB)`
      : "stopped its render process";
  return new SitewrightError("E_RENDER_LIMIT", `Rendering ${page} ${what}.`, {
    hint: "Make the template build smaller values (strings, lists) and recurse less, or raise BuildOptions.renderHeapMb.",
    details,
  });
}

/** Closes the channel (the process exits by itself), or kills it if it does not. */
async function stop(w: Worker): Promise<void> {
  if (w.child.exitCode !== null || w.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => w.child.kill("SIGKILL"), 2_000);
    w.child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    if (w.child.connected) w.child.disconnect();
    else w.child.kill("SIGKILL");
  });
}
