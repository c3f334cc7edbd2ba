/**
 * `deploy()`: send one stored version to one or more targets and make it live everywhere or
 * nowhere. Plan on every target, upload to all in parallel, switch only when every upload has
 * verified; any failure, timeout or cancel leaves the previous version live and cleans up.
 */
import { SitewrightError } from "../errors.js";
import { createLockOwner } from "../versions/lock-record.js";
import { assertKeep } from "../versions/retention.js";
import { openStore, type StoreRef } from "../versions/store.js";
import {
  type ApplyContext,
  asSitewrightError,
  cleanupTarget,
  prepareTarget,
  recorded,
  switchTargets,
  type TargetRun,
  transferToTarget,
} from "./apply.js";
import { type DeploymentState, newDeploymentId } from "./deployment-record.js";
import { DeploymentTracker, type DeployProgressEvent } from "./deployment-tracker.js";
import type { DeployPlan } from "./plan.js";
import { pruneTargets, type TargetPrune } from "./retention.js";
import { abortError } from "./retry.js";
import { readVersionSource } from "./source.js";
import type { DeployTarget } from "./target.js";

/** Options of `deploy`. */
export interface DeployOptions {
  /** Local version store (object or root path): the version is read from it, the record written to it. */
  store: StoreRef;
  websiteId: string;
  /** Version to deploy: id, number or range, as the CLI's --version; default: the live one. */
  version?: string;
  targets: readonly DeployTarget[];
  signal?: AbortSignal;
  /** Whole-deploy time limit (ms); exceeding it is E_TIMEOUT with the usual clean-up. */
  timeoutMs?: number;
  onProgress?: (event: DeployProgressEvent) => void;
  /** Plan only: connect, read the live manifests, diff, and stop. */
  dryRun?: boolean;
  /** Who deploys (history and records). Default "sitewright". */
  actor?: string;
  /** Attempts after the first for transient network failures (default 2). */
  retries?: number;
  /** First retry delay in ms, doubled each time (default 500). */
  retryDelayMs?: number;
  /** How long to wait for another deploy's lock, when a silent lock is stale (ms). */
  lock?: { waitMs?: number; staleMs?: number };
  /** Write `deployments/<id>.json` and `.log` into the store (default true; not for dry runs). */
  record?: boolean;
  /**
   * After success on every target, prune each target to the `keep` newest versions (the live
   * one and the rollback target always stay). Whole number >= 1, else E_USAGE before connecting.
   * Not for dry runs; the local store is left alone (that is `release --keep`).
   */
  keep?: number;
}

/** The outcome on one target. */
export interface TargetOutcome {
  target: string;
  state: string;
  plan?: DeployPlan;
  bytesSent: number;
  error?: { code: string; message: string; hint?: string };
  /** What `keep` removed on this target (or why it could not prune). */
  pruned?: TargetPrune;
}

/** What `deploy` returns when the version is live everywhere (or, for a dry run, planned). */
export interface DeployResult {
  deploymentId: string;
  websiteId: string;
  versionId: string;
  state: "live" | "planned";
  dryRun: boolean;
  targets: TargetOutcome[];
  durationMs: number;
}

/** Deploys a stored version; throws a SitewrightError (details.targets: outcomes) on failure. */
export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const started = Date.now();
  if (options.targets.length === 0)
    throw new SitewrightError("E_USAGE", "deploy needs at least one target.");
  if (options.keep !== undefined) assertKeep(options.keep);
  const store = openStore(options.store);
  const source = await readVersionSource(store, options.websiteId, options.version);
  const actor = options.actor ?? "sitewright";
  const dryRun = options.dryRun === true;
  const deploymentId = newDeploymentId();
  const tracker = new DeploymentTracker(
    dryRun || options.record === false ? undefined : store.root,
    {
      id: deploymentId,
      websiteId: source.websiteId,
      versionId: source.versionId,
      actor,
      targets: options.targets.map((t) => t.name),
    },
    options.onProgress,
  );
  const cancel = new AbortController();
  tracker.watchCancel(cancel);
  const signals = [cancel.signal];
  if (options.signal) signals.push(options.signal);
  if (options.timeoutMs !== undefined) signals.push(AbortSignal.timeout(options.timeoutMs));
  const userSignal = AbortSignal.any(signals);
  // Aborted when a sibling target fails, so the others stop uploading at once.
  const failFast = new AbortController();
  const signal = AbortSignal.any([userSignal, failFast.signal]);
  const ctx: ApplyContext = {
    source,
    owner: createLockOwner(actor, `deploy ${deploymentId}`),
    tracker,
    lockOptions: options.lock ?? {},
    retry: {
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
    },
  };
  const runs: TargetRun[] = options.targets.map((target, index) => ({
    index,
    target,
    staged: false,
    committed: false,
    switched: false,
    bytesSent: 0,
  }));
  tracker.log(
    "info",
    `Deploying ${source.websiteId} ${source.versionId} to ${runs.length} target(s)`,
  );
  tracker.flush(true);

  const eachTarget = async (step: (run: TargetRun) => Promise<void>) => {
    const results = await Promise.allSettled(
      runs.map(async (run) => {
        try {
          await step(run);
        } catch (err) {
          run.error ??= err;
          if (!failFast.signal.aborted) {
            failFast.abort(
              new SitewrightError("E_CANCELLED", `Stopped because ${run.target.name} failed.`, {
                details: { sibling: true },
              }),
            );
          }
          throw err;
        }
      }),
    );
    if (results.some((r) => r.status === "rejected")) throw firstFailure(runs, userSignal);
  };

  let state: DeploymentState | "planned" = "live";
  try {
    await eachTarget((run) => prepareTarget(ctx, run, signal));
    if (dryRun) {
      state = "planned";
    } else {
      tracker.setState("uploading");
      const onPhase = () => {
        const all = tracker.record.targets.every(
          (t) => t.state === "verifying" || t.state === "verified",
        );
        if (all && tracker.record.state === "uploading") tracker.setState("verifying");
      };
      await eachTarget((run) => transferToTarget(ctx, run, signal, onPhase));
      if (userSignal.aborted) throw abortError(userSignal);
      tracker.setState("activating");
      await switchTargets(ctx, runs);
      tracker.setState("live");
    }
  } catch (err) {
    const error = asSitewrightError(err, runs.map((r) => r.target.name).join(", "));
    state = error.code === "E_CANCELLED" || error.code === "E_TIMEOUT" ? "cancelled" : "failed";
    for (const run of runs) {
      const t = tracker.target(run.index);
      if (t.state === "live" || t.state === "rolled-back") continue;
      const e = run.error ?? (state === "cancelled" ? error : undefined);
      const cancelled = e !== undefined && ["E_CANCELLED", "E_TIMEOUT"].includes(recorded(e).code);
      tracker.updateTarget(run.index, {
        state: cancelled ? "cancelled" : e ? "failed" : t.state,
        ...(e ? { error: recorded(e) } : {}),
      });
    }
    tracker.setState(state, error);
    await Promise.all(runs.map((run) => cleanupTarget(ctx, run)));
    await tracker.close();
    throw withOutcomes(error, deploymentId, outcomes(runs, tracker));
  }
  await Promise.all(runs.map((run) => cleanupTarget(ctx, run)));
  const pruned =
    options.keep === undefined || dryRun
      ? undefined
      : await pruneTargets(options.targets, {
          websiteId: source.websiteId,
          keep: options.keep,
          actor,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.lock ? { lock: options.lock } : {}),
        });
  pruned?.forEach((p, i) => {
    const where = options.targets[i]?.name;
    if ("error" in p) tracker.log("warn", `Prune on ${where} failed: ${p.error.message}`);
    else tracker.log("info", `Pruned ${p.removed.length} version(s) on ${where}`);
  });
  await tracker.close();
  return {
    deploymentId,
    websiteId: source.websiteId,
    versionId: source.versionId,
    state: state === "planned" ? "planned" : "live",
    dryRun,
    targets: outcomes(runs, tracker).map((t, i) => (pruned?.[i] ? { ...t, pruned: pruned[i] } : t)),
    durationMs: Date.now() - started,
  };
}

/** The error that explains the failure: a target's own error rather than a sibling's stop. */
function firstFailure(runs: readonly TargetRun[], userSignal: AbortSignal): unknown {
  if (userSignal.aborted) return abortError(userSignal);
  const own = runs.find(
    (r) => r.error !== undefined && !(r.error as SitewrightError).details?.sibling,
  );
  return own?.error ?? runs.find((r) => r.error !== undefined)?.error;
}

function outcomes(runs: readonly TargetRun[], tracker: DeploymentTracker): TargetOutcome[] {
  return runs.map((run) => {
    const t = tracker.target(run.index);
    return {
      target: run.target.name,
      state: t.state,
      ...(run.plan ? { plan: run.plan } : {}),
      bytesSent: run.bytesSent,
      ...(t.error ? { error: t.error } : {}),
    };
  });
}

function withOutcomes(
  error: SitewrightError,
  deploymentId: string,
  targets: TargetOutcome[],
): SitewrightError {
  const details = { ...(error.details ?? {}), deploymentId, targets };
  const wrapped = new SitewrightError(error.code, error.message, {
    ...(error.hint ? { hint: error.hint } : {}),
    cause: error.cause ?? error,
    details,
  });
  return wrapped;
}
