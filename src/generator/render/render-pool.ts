/**
 * The build's render processes: pages go out in route order, several at a time, and each
 * page's result comes back as a promise. Every process renders one page at a time under the
 * page time budget; the build enforces that budget again from outside, so a page that never
 * yields is stopped by a kill, and a process that dies (out of memory, crash) fails the build
 * with a coded error naming the page and, after one traced re-run, the template.
 */
import type { ChildProcess } from "node:child_process";
import { SitewrightError } from "../../errors.js";
import type { BuildWarning } from "../context.js";
import type { ImageProblem } from "../images/image-error.js";
import { rebuildError } from "./error-transfer.js";
import { type ExitKind, exitKind, spawnIsolated } from "./isolated-process.js";
import type { RenderInit, RenderReply, RenderTask } from "./render-protocol.js";
import { renderWorkerEntry } from "./worker-entry.js";

/** How the render processes of one build are sized and limited. */
export interface RenderPoolOptions {
  workers: number;
  /** Time budget of one page in milliseconds. */
  timeoutMs: number;
  /** Heap limit of each render process in MiB. */
  heapMb: number;
}

/** What rendering one page produced. */
export interface RenderedPage {
  html: string;
  warnings: BuildWarning[];
  utilities: string[];
  images: string[];
  imageProblems: ImageProblem[];
}

/** A page to render, as the build describes it. */
export type PageTask = Omit<RenderTask, "type" | "id" | "trace">;

/** The running render processes of one build. */
export interface RenderPool {
  /** Queues a page; resolves with its HTML, rejects with a coded error. */
  render(task: PageTask): Promise<RenderedPage>;
  /** Stops every process; pending pages reject. */
  close(): Promise<void>;
}

// Pages sent ahead to one process, so it never waits for the build between two pages.
const DEPTH = 3;
// Time past the budget before the build kills a process that did not stop itself.
const GRACE_MS = 1_000;

interface Job {
  task: RenderTask;
  resolve: (page: RenderedPage) => void;
  reject: (err: Error) => void;
}

interface Worker {
  child: ChildProcess;
  stderrTail: () => string;
  jobs: Job[];
  /** When the page at the head of `jobs` started rendering. */
  headStart: number;
  timedOut: boolean;
}

/** Starts the render processes and waits until each has compiled the build's templates. */
export async function startRenderPool(
  init: Omit<RenderInit, "type">,
  options: RenderPoolOptions,
): Promise<{ pool: RenderPool; warnings: BuildWarning[] }> {
  const message: RenderInit = { type: "init", ...init };
  const queue: Job[] = [];
  let failure: SitewrightError | null = null;
  let nextId = 0;
  const warnings: BuildWarning[] = [];

  const fail = (err: SitewrightError) => {
    failure ??= err;
    for (const job of queue.splice(0)) job.reject(failure);
    for (const w of workers) for (const job of w.jobs.splice(0)) job.reject(failure);
    for (const w of workers) w.child.kill("SIGKILL");
  };

  const dispatch = () => {
    for (const w of workers) {
      while (w.jobs.length < DEPTH && queue.length > 0 && !failure) {
        const job = queue.shift() as Job;
        if (w.jobs.length === 0) w.headStart = Date.now();
        w.jobs.push(job);
        w.child.send(job.task);
      }
    }
  };

  const onReply = (w: Worker, reply: RenderReply) => {
    if (reply.type !== "done" && reply.type !== "failed") return;
    const job = w.jobs.shift();
    w.headStart = Date.now();
    if (!job) return;
    if (reply.type === "failed") {
      const err = rebuildError(reply.error);
      job.reject(err);
      return fail(err);
    }
    job.resolve(reply);
    dispatch();
  };

  const onExit = (w: Worker, code: number | null, signal: NodeJS.Signals | null) => {
    if (failure || closed) return;
    const head = w.jobs[0];
    const kind: ExitKind | "timeout" = w.timedOut
      ? "timeout"
      : exitKind(code, signal, w.stderrTail());
    if (!head) return fail(processError(kind, null, "", options));
    // Which template was running is not known from outside: render the page once more with
    // every owner template announced first, and name the last one announced.
    void retrace(head.task, message, options).then((found) =>
      fail(
        found instanceof SitewrightError ? found : processError(kind, head.task, found, options),
      ),
    );
  };

  const started = await Promise.allSettled(
    Array.from({ length: options.workers }, () => startWorker(message, options, warnings)),
  );
  const workers: Worker[] = [];
  for (const s of started) if (s.status === "fulfilled") workers.push(s.value);
  const refused = started.find((s) => s.status === "rejected");
  if (refused) {
    await Promise.all(workers.map(stop));
    throw refused.reason;
  }
  let closed = false;
  for (const w of workers) {
    w.child.on("message", (reply: RenderReply) => onReply(w, reply));
    w.child.on("exit", (code, signal) => onExit(w, code, signal));
  }

  const watchdog = setInterval(() => {
    const now = Date.now();
    for (const w of workers) {
      if (w.jobs.length > 0 && !w.timedOut && now - w.headStart > options.timeoutMs + GRACE_MS) {
        w.timedOut = true;
        w.child.kill("SIGKILL");
      }
    }
  }, 100);
  watchdog.unref();

  return {
    warnings,
    pool: {
      render(page) {
        if (failure) return Promise.reject(failure);
        return new Promise<RenderedPage>((resolve, reject) => {
          queue.push({ task: { type: "page", id: nextId++, ...page }, resolve, reject });
          dispatch();
        });
      },
      async close() {
        closed = true;
        clearInterval(watchdog);
        await Promise.all(workers.map(stop));
      },
    },
  };
}

/** Starts one process, sends it the build, and waits for it to be ready. */
async function startWorker(
  init: RenderInit,
  options: RenderPoolOptions,
  warnings: BuildWarning[],
): Promise<Worker> {
  const { child, stderrTail } = spawnIsolated(renderWorkerEntry(), { heapMb: options.heapMb });
  const worker: Worker = { child, stderrTail, jobs: [], headStart: 0, timedOut: false };
  await new Promise<void>((resolve, reject) => {
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
  return worker;
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
  let worker: Worker;
  try {
    worker = await startWorker(init, options, []);
  } catch {
    return "";
  }
  const { child } = worker;
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
    child.send({ ...task, trace: true });
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
