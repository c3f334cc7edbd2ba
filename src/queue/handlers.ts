/**
 * What each job kind does once the worker holds its website's lock: thin calls into the
 * library (build + version store, deploy, rollback, thumbnails), reporting progress and log
 * lines through the context. They are idempotent where a retry after a crash could repeat
 * work: a build finds the version an earlier run of the same job created.
 */
import { existsSync } from "node:fs";
import { join, sep } from "node:path";
import { MANIFEST_FILE } from "../contracts/manifest.js";
import { deploy } from "../deploy/deploy.js";
import { remoteList, remoteRollback } from "../deploy/remote-ops.js";
import type { DeployTarget } from "../deploy/target.js";
import { isSitewrightError, SitewrightError } from "../errors.js";
import { buildSite } from "../generator/build.js";
import { noRateLimit } from "../show/rate-limit.js";
import { createThumbnailService, type ThumbnailService } from "../show/thumbnail-service.js";
import type { Thumbnailer } from "../show/thumbnailer.js";
import { removeTree } from "../util/remove-tree.js";
import type { VersionStore } from "../versions/store.js";
import type { VersionMeta } from "../versions/version-meta.js";
import { openRunFolder } from "./build-folders.js";
import { openJobScratch } from "./job-scratch.js";
import type { JobProgress } from "./job-status.js";
import type { JobKind, JobPayloads } from "./payloads.js";

/** What a handler gets besides its payload. */
export interface JobContext {
  jobId: string;
  websiteId: string;
  /** Fencing number of the website lock this run holds. */
  fence: number;
  store: VersionStore;
  /** Worker-side deploy target groups, by name. */
  targets: Readonly<Record<string, readonly DeployTarget[]>>;
  /** Aborted when the worker loses the website lock or is forced to stop. */
  signal: AbortSignal;
  /** Appends a status log line; never rejects (status is best effort), so it may go unawaited. */
  log(line: string): Promise<void>;
  /** Records progress; never rejects, like `log`. */
  progress(progress: JobProgress): Promise<void>;
  /** Throws E_LOCKED unless this run still holds the website lock; call before each write. */
  assertFenced(): Promise<void>;
  /**
   * The value an earlier run of this job recorded under `key`, else `decide()`'s, recorded for
   * later runs: a choice a rerun after a crash must repeat (the version a rollback goes to).
   */
  remember<T>(key: string, decide: () => Promise<T>): Promise<T>;
  /** The worker's thumbnailer (one browser per worker, started on first use). */
  thumbnailer(): Thumbnailer;
  /** Where the worker keeps its builds per website (WorkerOptions.buildsDir); null: none. */
  buildsDir: string | null;
}

/** A job kind's implementation; the result is stored as the job's `result`. */
export type JobHandler<K extends JobKind = JobKind> = (
  payload: JobPayloads[K],
  context: JobContext,
) => Promise<unknown>;

/** The handlers of every kind. */
export type JobHandlers = { [K in JobKind]: JobHandler<K> };

/** The jobId a version records, so a rerun of the job finds it instead of making another. */
export const JOB_ID_STAT = "queueJobId";

const build: JobHandler<"build"> = async (payload, ctx) => {
  const { store, websiteId } = ctx;
  const existing = (await store.list(websiteId).catch(() => [])).find(
    (v) => v.build?.[JOB_ID_STAT] === ctx.jobId,
  );
  let meta: VersionMeta | undefined = existing;
  if (existing) {
    await ctx.log(`Version ${existing.version} (${existing.id}) was made by an earlier run`);
  } else {
    // A directory with manifest.json is a finished build (as `release` takes it): store it as is.
    const prebuilt = existsSync(join(payload.site, MANIFEST_FILE));
    const run = prebuilt || !ctx.buildsDir ? null : await openRunFolder(ctx.buildsDir, websiteId);
    const scratch = prebuilt || run ? null : await openJobScratch(ctx.jobId);
    let promoted = false;
    try {
      await ctx.progress({ stage: "building", percent: 0 });
      const buildInto = (previousDir: string | undefined) =>
        buildSite(payload.site, {
          outDir: run?.outDir ?? join(scratch as string, "site"),
          ...(previousDir ? { previousDir } : {}),
          ...(payload.baseUrl ? { baseUrl: payload.baseUrl } : {}),
          ...(payload.strict ? { strict: true } : {}),
          onProgress: (done, total) => {
            void ctx.progress({ stage: "building", percent: Math.round((done / total) * 90) });
          },
        });
      const result = prebuilt
        ? payload.site
        : await buildInto(run?.previousDir).catch(async (err: unknown) => {
            // Another run of this website (a stalled one, or the one that took over) removed
            // the build this one carried from: build without it.
            if (!run?.previousDir || !carriedFromRemoved(err, run.previousDir)) throw err;
            await ctx.log(
              "The previous build went away while this one carried from it: building again from scratch",
            );
            return buildInto(undefined);
          });
      if (typeof result !== "string") {
        const { rebuilt, carried } = result.incremental;
        await ctx.log(
          `Built ${result.pages} pages: ${rebuilt.length} of ${rebuilt.length + carried} routes rendered, ${carried} carried from the previous build`,
        );
      }
      await ctx.progress({ stage: "storing", percent: 90 });
      await ctx.assertFenced();
      meta = await store.create(websiteId, result, {
        stats: { [JOB_ID_STAT]: ctx.jobId, fence: ctx.fence },
        // A run that stalled past its lock may still be storing: whichever comes second gets
        // the first one's version, decided under the store's lock.
        onceByStat: JOB_ID_STAT,
        ...(payload.bump ? { bump: payload.bump } : {}),
        ...(payload.note ? { note: payload.note } : {}),
        ...(payload.keep !== undefined && !payload.activate ? { keep: payload.keep } : {}),
        actor: `queue:${ctx.jobId}`,
      });
      await ctx.log(
        meta.build?.fence === ctx.fence
          ? `Created version ${meta.version} (${meta.id})`
          : `Version ${meta.version} (${meta.id}) was made by an earlier run`,
      );
      // Only the run that stored the version and still holds the website makes its build the
      // next run's start: a stalled run must not move `last` back to an older build.
      if (run && meta.build?.fence === ctx.fence && (await stillFenced(ctx))) {
        // The version is stored: a folder that cannot become the next run's start costs that
        // run a clean build, not this job.
        await run.promote().then(
          () => {
            promoted = true;
          },
          (err: Error) => ctx.log(`The build was not kept for the next one: ${err.message}`),
        );
      }
    } finally {
      if (run && !promoted)
        await run
          .discard()
          .catch((err: Error) => ctx.log(`The run folder was not removed: ${err.message}`));
      if (scratch) await removeTree(scratch);
    }
  }
  if (!meta) throw new SitewrightError("E_STORE", "The build produced no version.");
  let activated: { from: string | null; changed: boolean } | null = null;
  if (payload.activate) {
    await ctx.assertFenced();
    const switched = await store.activate(websiteId, meta.id, {
      actor: `queue:${ctx.jobId}`,
      ...(payload.keep === undefined ? {} : { keep: payload.keep }),
    });
    activated = { from: switched.from, changed: switched.changed };
    await ctx.log(`Live: ${meta.version} (was ${switched.from ?? "nothing"})`);
  }
  await ctx.progress({ stage: "done", percent: 100 });
  return {
    versionId: meta.id,
    version: meta.version,
    reused: meta.build?.fence !== ctx.fence,
    activated,
  };
};

// A plain rollback goes one version further back each time it runs, so a rerun after a crash
// past the switch would roll back twice: the first run records where it goes, reruns go there
// (a switch to the live version changes nothing). No rollback target: the plain call's error.
const rollback: JobHandler<"rollback"> = async (payload, ctx) => {
  await ctx.assertFenced();
  const actor = `queue:${ctx.jobId}`;
  if (payload.targets !== undefined) {
    const results = [];
    for (const target of targetGroup(ctx, payload.targets)) {
      const base = { target, websiteId: ctx.websiteId, actor, signal: ctx.signal };
      const to =
        payload.to ??
        (await ctx.remember(
          `rollback:${target.name}`,
          async () => (await remoteList(base)).find((v) => v.rollbackTarget)?.id ?? null,
        ));
      const r = await remoteRollback({ ...base, ...(to ? { to } : {}) });
      await ctx.log(`${r.target}: ${r.from ?? "nothing"} → ${r.to}`);
      results.push(r);
    }
    return { targets: results };
  }
  const to =
    payload.to ??
    (await ctx.remember(
      "rollback",
      async () => (await ctx.store.list(ctx.websiteId)).find((v) => v.rollbackTarget)?.id ?? null,
    ));
  const r = await ctx.store.rollback(ctx.websiteId, { actor, ...(to ? { to } : {}) });
  await ctx.log(
    r.changed
      ? `Rolled back to ${r.to.version} (was ${r.from ?? "nothing"})`
      : `${r.to.version} was live already`,
  );
  return { from: r.from, to: r.to.id, version: r.to.version, changed: r.changed };
};

const deployJob: JobHandler<"deploy"> = async (payload, ctx) => {
  const targets = targetGroup(ctx, payload.targets);
  await ctx.assertFenced();
  let lastState = "";
  const result = await deploy({
    store: ctx.store,
    websiteId: ctx.websiteId,
    targets,
    signal: ctx.signal,
    actor: `queue:${ctx.jobId}`,
    ...(payload.version ? { version: payload.version } : {}),
    ...(payload.keep === undefined ? {} : { keep: payload.keep }),
    ...(payload.dryRun ? { dryRun: true } : {}),
    onProgress: (event) => {
      if (event.message) void ctx.log(event.message);
      if (event.state !== lastState) {
        lastState = event.state;
        // The log keeps every state with its time; progress shows only the latest.
        void ctx.log(`Deployment ${event.deploymentId}: ${event.state}`);
        void ctx.progress({ stage: event.state });
      }
    },
  });
  return {
    deploymentId: result.deploymentId,
    versionId: result.versionId,
    state: result.state,
    targets: result.targets.map((t) => ({ target: t.target, state: t.state, bytes: t.bytesSent })),
  };
};

// One service per worker: it keeps the shots of unchanged entities between jobs.
const services = new WeakMap<Thumbnailer, ThumbnailService>();

const thumbnail: JobHandler<"thumbnail"> = async (payload, ctx) => {
  const thumbnailer = ctx.thumbnailer();
  let service = services.get(thumbnailer);
  if (!service) {
    // The queue client counted this job against the website's limits when it was enqueued;
    // counting it again here would spend two of the five per run (and again on each retry).
    service = createThumbnailService({ store: ctx.store, thumbnailer, limiter: noRateLimit });
    services.set(thumbnailer, service);
  }
  await ctx.progress({ stage: "shooting" });
  const accepted = await service.regenerate({
    websiteId: ctx.websiteId,
    type: payload.type,
    entityId: payload.entityId,
    site: payload.site,
  });
  await service.idle();
  const status = service.status(accepted.jobId);
  if (status?.state === "failed") {
    throw new SitewrightError(
      status.error.code as ConstructorParameters<typeof SitewrightError>[0],
      status.error.message,
      status.error.hint ? { hint: status.error.hint } : {},
    );
  }
  if (status?.state !== "done") throw new SitewrightError("E_BROWSER", "The shot did not finish.");
  await ctx.log(
    `Shot ${status.type} ${status.entityId}${status.files.reused ? " (unchanged)" : ""}`,
  );
  await ctx.progress({ stage: "done", percent: 100 });
  return { type: status.type, entityId: status.entityId, files: status.files };
};

function targetGroup(ctx: JobContext, name: string): readonly DeployTarget[] {
  const group = Object.hasOwn(ctx.targets, name) ? ctx.targets[name] : undefined;
  if (!group || group.length === 0) {
    const known = Object.keys(ctx.targets);
    throw new SitewrightError("E_JOB_PAYLOAD", `This worker has no target group "${name}".`, {
      hint: known.length
        ? `Use one of ${known.join(", ")}, or add "${name}" to the worker's --targets file.`
        : "Start the worker with --targets FILE naming its deploy targets.",
    });
  }
  return group;
}

/** The library's handler of each kind. */
/** Whether `err` is a carry from `previousDir` that found its file gone (see write.ts carryError). */
function carriedFromRemoved(err: unknown, previousDir: string): boolean {
  if (!isSitewrightError(err) || err.code !== "E_OUTPUT") return false;
  const source = (err.details as { sourceFile?: unknown } | undefined)?.sourceFile;
  return typeof source === "string" && source.startsWith(`${previousDir}${sep}`);
}

async function stillFenced(ctx: JobContext): Promise<boolean> {
  return ctx.assertFenced().then(
    () => true,
    () => false,
  );
}

export const DEFAULT_HANDLERS: JobHandlers = { build, rollback, deploy: deployJob, thumbnail };
