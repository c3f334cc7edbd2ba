/**
 * Keeps one deployment's record and log up to date while it runs: state changes are written at
 * once, progress at most every 500 ms, log lines in order. Writes are serialized on one promise
 * chain and never fail the deploy (a full local disk must not leave a server half-switched).
 * It also notices a cancel requested from another process and aborts the run.
 */
import { hostname } from "node:os";
import { isSitewrightError, type SitewrightError } from "../errors.js";
import {
  appendDeploymentLog,
  cancelRequested,
  type DeploymentRecord,
  type DeploymentState,
  type DeploymentTargetRecord,
  type RecordedError,
  writeDeploymentRecord,
} from "./deployment-record.js";

/** An event sent to `onProgress` while a deploy runs. */
export interface DeployProgressEvent {
  deploymentId: string;
  state: DeploymentState;
  targets: readonly DeploymentTargetRecord[];
  /** Set when the event is a log line. */
  message?: string;
  level?: "info" | "warn" | "error";
}

/** The record, log and progress reporting of one deployment. */
export class DeploymentTracker {
  readonly record: DeploymentRecord;
  private chain: Promise<void> = Promise.resolve();
  private lastFlush = 0;
  private pendingFlush: NodeJS.Timeout | undefined;
  private cancelPoll: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: string | undefined,
    init: { id: string; websiteId: string; versionId: string; actor: string; targets: string[] },
    private readonly onProgress?: (event: DeployProgressEvent) => void,
  ) {
    const now = new Date().toISOString();
    this.record = {
      id: init.id,
      websiteId: init.websiteId,
      versionId: init.versionId,
      actor: init.actor,
      state: "queued",
      createdAt: now,
      startedAt: now,
      updatedAt: now,
      stateTimes: { queued: now },
      runner: { pid: process.pid, host: hostname() },
      targets: init.targets.map((target) => ({
        target,
        state: "queued",
        from: null,
        files: { done: 0, total: 0 },
        bytes: { done: 0, total: 0 },
        bytesSent: 0,
      })),
    };
  }

  /** Polls for a cross-process cancel request and aborts `controller` when one appears. */
  watchCancel(controller: AbortController): void {
    const { store } = this;
    if (!store) return;
    this.cancelPoll = setInterval(() => {
      cancelRequested(store, this.record.websiteId, this.record.id)
        .then((yes) => {
          if (yes && !controller.signal.aborted) {
            this.log("warn", "Cancel requested");
            controller.abort(new Error("cancel requested"));
          }
        })
        .catch(() => undefined);
    }, 500);
    this.cancelPoll.unref();
  }

  /** Record of one target. */
  target(index: number): DeploymentTargetRecord {
    return this.record.targets[index] as DeploymentTargetRecord;
  }

  /** Moves the deployment to a new state and writes the record now. */
  setState(state: DeploymentState, error?: unknown): void {
    const now = new Date().toISOString();
    this.record.state = state;
    this.record.stateTimes[state] = now;
    if (state === "live" || state === "failed" || state === "cancelled")
      this.record.finishedAt = now;
    if (error !== undefined) this.record.error = toRecordedError(error);
    this.log(state === "failed" ? "error" : "info", `Deployment ${state}`);
    this.flush(true);
  }

  /** Updates one target's record; `now` writes at once (state changes), else throttled. */
  updateTarget(index: number, patch: Partial<DeploymentTargetRecord>, now = false): void {
    Object.assign(this.target(index), patch);
    this.flush(now);
  }

  /** Adds a log line (file + onProgress). */
  log(level: "info" | "warn" | "error", message: string): void {
    const line = `${new Date().toISOString()} ${level} ${message}`;
    this.onProgress?.({
      deploymentId: this.record.id,
      state: this.record.state,
      targets: this.record.targets,
      message,
      level,
    });
    const { store } = this;
    if (store) {
      this.enqueue(() => appendDeploymentLog(store, this.record.websiteId, this.record.id, [line]));
    }
  }

  /** Writes the record (now, or coalesced to one write per 500 ms). */
  flush(now = false): void {
    this.record.updatedAt = new Date().toISOString();
    this.onProgress?.({
      deploymentId: this.record.id,
      state: this.record.state,
      targets: this.record.targets,
    });
    const { store } = this;
    if (!store) return;
    const write = () => {
      this.pendingFlush = undefined;
      this.lastFlush = Date.now();
      const snapshot = structuredClone(this.record);
      this.enqueue(() => writeDeploymentRecord(store, snapshot));
    };
    if (now) {
      if (this.pendingFlush) clearTimeout(this.pendingFlush);
      write();
    } else if (!this.pendingFlush) {
      this.pendingFlush = setTimeout(write, Math.max(0, 500 - (Date.now() - this.lastFlush)));
    }
  }

  /** Waits for every pending write; call once the deployment ended. */
  async close(): Promise<void> {
    if (this.cancelPoll) clearInterval(this.cancelPoll);
    this.flush(true);
    await this.chain;
  }

  private enqueue(task: () => Promise<void>): void {
    this.chain = this.chain.then(task).catch(() => undefined);
  }
}

/** A failure in the record's shape. */
export function toRecordedError(error: unknown): RecordedError {
  if (isSitewrightError(error)) {
    const e = error as SitewrightError;
    return { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
  }
  return { code: "E_DEPLOY", message: (error as Error)?.message ?? String(error) };
}
