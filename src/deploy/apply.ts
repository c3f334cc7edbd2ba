/**
 * The steps of a deploy on one target: prepare (connect, lock, sweep, inspect, plan), transfer
 * (stage + hard-links, upload, verify + commit, retried on transient network errors), switch,
 * and the clean-up that always runs. deploy.ts runs them over all targets.
 */
import { isSitewrightError, SitewrightError } from "../errors.js";
import type { HistoryEntry, LockOwner } from "../versions/version-meta.js";
import type { TargetDeployState } from "./deployment-record.js";
import type { DeploymentTracker } from "./deployment-tracker.js";
import { type DeployPlan, planDeploy } from "./plan.js";
import { type RetryOptions, withRetry } from "./retry.js";
import type {
  DeployTarget,
  TargetLock,
  TargetLockOptions,
  TargetSession,
  TargetState,
  VersionSource,
} from "./target.js";

/** One target's state during a deploy. */
export interface TargetRun {
  index: number;
  target: DeployTarget;
  session?: TargetSession;
  lock?: TargetLock;
  plan?: DeployPlan;
  staged: boolean;
  committed: boolean;
  switched: boolean;
  /** The history line this deploy's switch wrote (undone with it on a first deploy). */
  switchEntry?: HistoryEntry;
  bytesSent: number;
  error?: unknown;
}

/** What every step needs. */
export interface ApplyContext {
  source: VersionSource;
  owner: LockOwner;
  tracker: DeploymentTracker;
  lockOptions: Omit<TargetLockOptions, "signal">;
  retry: RetryOptions;
}

function setState(ctx: ApplyContext, run: TargetRun, state: TargetDeployState, now = true): void {
  ctx.tracker.updateTarget(run.index, { state }, now);
}

/** Connects, takes the lock, removes leftovers of interrupted deploys and plans. */
export async function prepareTarget(
  ctx: ApplyContext,
  run: TargetRun,
  signal: AbortSignal,
): Promise<void> {
  const { source, tracker } = ctx;
  run.session = await run.target.open(signal);
  const prepared = await run.session.prepare(source.websiteId, ctx.owner, {
    ...ctx.lockOptions,
    signal,
    versionId: source.versionId,
  });
  run.lock = prepared.lock;
  const { removed, historyRepaired } = prepared;
  if (removed.length > 0)
    tracker.log("warn", `${run.target.name}: removed leftovers ${removed.join(", ")}`);
  if (historyRepaired)
    tracker.log("warn", `${run.target.name}: recorded a switch missing from history`);
  const plan = planDeploy(source.manifest, source.versionId, prepared.state as TargetState);
  run.plan = plan;
  const s = plan.summary;
  tracker.updateTarget(
    run.index,
    {
      from: plan.from,
      action: plan.action,
      plan: s,
      files: { done: 0, total: s.uploadFiles },
      bytes: { done: 0, total: s.uploadBytes },
    },
    true,
  );
  tracker.log(
    "info",
    `${run.target.name}: live ${plan.from ?? "none"}; ${plan.action}: upload ${s.uploadFiles} files (${s.uploadBytes} B), link ${s.linkFiles}, drop ${s.deleteFiles}`,
  );
}

/** Stages, uploads, verifies and commits the version; retried whole on transient failures. */
export async function transferToTarget(
  ctx: ApplyContext,
  run: TargetRun,
  signal: AbortSignal,
  onPhase: () => void,
): Promise<void> {
  const { source, tracker } = ctx;
  const plan = run.plan as DeployPlan;
  const session = run.session as TargetSession;
  if (plan.action !== "upload") {
    setState(ctx, run, "verified");
    onPhase();
    return;
  }
  await withRetry(
    async () => {
      setState(ctx, run, "uploading");
      onPhase();
      run.staged = true;
      await session.stage(source.websiteId, source.versionId, plan.from, plan.links, signal);
      const { bytesSent } = await session.upload(
        source,
        plan.uploads.map((u) => u.path),
        {
          signal,
          onProgress: ({ files, bytes }) => {
            // manifest.json and version.json ride along; progress counts the planned files only
            tracker.updateTarget(run.index, {
              files: {
                done: Math.min(files, plan.summary.uploadFiles),
                total: plan.summary.uploadFiles,
              },
              bytes: {
                done: Math.min(bytes, plan.summary.uploadBytes),
                total: plan.summary.uploadBytes,
              },
            });
          },
        },
      );
      tracker.updateTarget(run.index, { bytesSent }, true);
      setState(ctx, run, "verifying");
      onPhase();
      await session.verifyAndCommit(source, signal);
      run.committed = true;
      run.bytesSent = session.bytesSent;
      tracker.updateTarget(run.index, { bytesSent: session.bytesSent }, true);
    },
    {
      ...ctx.retry,
      signal,
      onRetry: (err, delayMs) =>
        tracker.log(
          "warn",
          `${run.target.name}: ${(err as Error).message} Retrying in ${delayMs} ms.`,
        ),
    },
  );
  setState(ctx, run, "verified");
  onPhase();
}

/**
 * Switches every target, in parallel. If any switch fails, the targets already switched are
 * switched back (history records it as a rollback), so all servers keep serving one version.
 */
export async function switchTargets(ctx: ApplyContext, runs: readonly TargetRun[]): Promise<void> {
  const { source, tracker } = ctx;
  const actor = ctx.owner.actor;
  const pending = runs.filter((r) => r.plan?.action !== "none");
  for (const run of runs) if (run.plan?.action === "none") setState(ctx, run, "live");
  const results = await Promise.allSettled(
    pending.map(async (run) => {
      setState(ctx, run, "activating");
      const entry: HistoryEntry = {
        at: new Date().toISOString(),
        action: "activate",
        actor,
        from: run.plan?.from ?? null,
        to: source.versionId,
      };
      run.switchEntry = entry;
      await (run.session as TargetSession).switchTo(source.websiteId, entry);
      run.switched = true;
      setState(ctx, run, "live");
    }),
  );
  const failed = results.findIndex((r) => r.status === "rejected");
  if (failed === -1) return;
  const failure = (results[failed] as PromiseRejectedResult).reason;
  pending.forEach((run, i) => {
    const result = results[i];
    if (result?.status === "rejected") {
      run.error = result.reason;
      tracker.updateTarget(run.index, { state: "failed", error: recorded(result.reason) }, true);
    }
  });
  await Promise.all(pending.map((run) => switchBack(ctx, run)));
  throw failure;
}

async function switchBack(ctx: ApplyContext, run: TargetRun): Promise<void> {
  const { source, tracker } = ctx;
  const session = run.session as TargetSession;
  const from = run.plan?.from ?? null;
  try {
    if (!run.switched) {
      // A switch that "failed" on a dropped connection may still have happened.
      const state = await session.inspect(source.websiteId, source.versionId);
      if (state.current !== source.versionId) return;
    }
    if (from === null) {
      // HistoryEntry cannot say "nothing live" (`to` is a version id), and a line that old
      // readers skip would leave this version on the replayed stack as a rollback target.
      // So a first activation is undone whole: link and its own history line, as if never made;
      // the deployment record and log keep the account of it.
      await session.unsetCurrent(source.websiteId, run.switchEntry as HistoryEntry);
    } else {
      await session.switchTo(source.websiteId, {
        at: new Date().toISOString(),
        action: "rollback",
        actor: ctx.owner.actor,
        from: source.versionId,
        to: from,
      });
    }
    run.switched = false;
    tracker.updateTarget(run.index, { state: "rolled-back" }, true);
    tracker.log("warn", `${run.target.name}: switched back to ${from ?? "nothing"}`);
  } catch (err) {
    tracker.log(
      "error",
      `${run.target.name}: could not switch back to ${from}: ${(err as Error).message}`,
    );
  }
}

/** Removes an uncommitted temp dir, releases the lock, closes the session; never throws. */
export async function cleanupTarget(ctx: ApplyContext, run: TargetRun): Promise<void> {
  const { source, tracker } = ctx;
  const session = run.session;
  if (!session) return;
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      tracker.log(
        "warn",
        `${run.target.name}: ${what} failed (${(err as Error).message}); the next deploy will do it.`,
      );
    }
  };
  if (run.staged && !run.committed)
    await step("removing the temp dir", () => session.discard(source.websiteId, source.versionId));
  if (run.lock) await step("releasing the lock", () => (run.lock as TargetLock).release());
  await step("closing", () => session.close());
}

/** The recorded form of an error (code, message, hint). */
export function recorded(err: unknown): { code: string; message: string; hint?: string } {
  if (isSitewrightError(err))
    return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  return { code: "E_DEPLOY", message: (err as Error)?.message ?? String(err) };
}

/** Wraps a non-library error so callers always get a SitewrightError. */
export function asSitewrightError(err: unknown, target: string): SitewrightError {
  if (err instanceof SitewrightError) return err;
  return new SitewrightError(
    "E_DEPLOY",
    `Deploy to ${target} failed: ${(err as Error)?.message ?? String(err)}.`,
    {
      cause: err,
    },
  );
}
