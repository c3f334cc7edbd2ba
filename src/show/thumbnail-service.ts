/**
 * The builder's `thumbnails/regenerate` (seed 000): validated like the API, accepted at once,
 * rendered and shot in the background (a bounded number of jobs at a time), rate-limited per
 * website, written atomically under the version store with the hash of what each thumbnail was
 * taken from, so an unchanged entity is not shot again.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { SiteValidationError, SitewrightError, type ValidationErrors } from "../errors.js";
import { ENTITY_TYPES, type EntityRef } from "../generator/preview-routes.js";
import { startPreviewServer } from "../preview/server.js";
import { openSite } from "../site/load.js";
import { writeFileAtomic } from "../versions/fs-util.js";
import { websitePaths } from "../versions/paths.js";
import { type EntityBuildOptions, withEntityBuild } from "./entity-build.js";
import { createLimiter } from "./limiter.js";
import {
  createRateLimiter,
  type RateLimit,
  type RateLimiter,
  type RateLimitState,
} from "./rate-limit.js";
import type { Thumbnailer } from "./thumbnailer.js";

/** How a thumbnail service is set up. */
export interface ThumbnailServiceOptions {
  /** The version store (its root): thumbnails go to `<root>/<websiteId>/thumbnails/`. */
  store: { root: string };
  thumbnailer: Thumbnailer;
  /** Accepted requests per website; default 5 per 10 minutes (seed 000). Unused with `limiter`. */
  limit?: RateLimit;
  /** The rate limit's clock in ms; default Date.now. Unused with `limiter`. */
  now?: () => number;
  /**
   * The limiter itself, e.g. `createRedisRateLimiter` to share the limit with other processes
   * and the queue; default: an in-process one of `limit` on `now`.
   */
  limiter?: RateLimiter;
  /** How entities are built before they are shot (render limits, base URL). */
  build?: EntityBuildOptions;
  /** Thumbnail width in pixels (the @2x one is twice it); default 400. */
  width?: number;
  /**
   * Jobs run at once (each builds its entity, then shoots it); the others stay queued. Default 2,
   * the thumbnailer's default number of pages at once.
   */
  concurrency?: number;
}

/** A regenerate request, as the API takes it (`type`, `entity_id`) plus the website and its data. */
export interface RegenerateRequest {
  websiteId: string;
  type: unknown;
  entityId: unknown;
  /** The site: a directory, a bundle file or a site object (as buildSite takes). */
  site: string | object;
}

/** The answer to an accepted request, with the values of the `X-RateLimit-*` headers. */
export interface Accepted {
  status: "accepted";
  jobId: string;
  rateLimit: RateLimitState;
}

/** Files of one entity's thumbnails. */
export interface ThumbnailFiles {
  webp: string;
  webp2x: string;
  bytes: number;
  bytes2x: number;
  /** sha256 of what the thumbnails were taken from: every file of the entity's build and the width. */
  hash: string;
  /** True when the entity had not changed and the thumbnails on disk were kept. */
  reused: boolean;
}

/** Where a job is. */
export type JobStatus =
  | { state: "queued" | "running"; websiteId: string; type: string; entityId: number }
  | { state: "done"; websiteId: string; type: string; entityId: number; files: ThumbnailFiles }
  | {
      state: "failed";
      websiteId: string;
      type: string;
      entityId: number;
      error: { code: string; message: string; hint?: string };
    };

/** Regenerates thumbnails in the background. */
export interface ThumbnailService {
  /** Validates and accepts a request (E_RATE_LIMITED past the limit, SiteValidationError when invalid). */
  regenerate(request: RegenerateRequest): Promise<Accepted>;
  /** A job's state; undefined for an unknown id. */
  status(jobId: string): JobStatus | undefined;
  /** Resolves when every job accepted so far has ended. */
  idle(): Promise<void>;
}

// Jobs remembered for status(); older ones are forgotten first.
const KEEP_JOBS = 1000;

/** A thumbnail service writing into `options.store`. */
export function createThumbnailService(options: ThumbnailServiceOptions): ThumbnailService {
  const limiter =
    options.limiter ??
    createRateLimiter(options.limit ?? { max: 5, windowMs: 10 * 60_000 }, options.now);
  const jobs = new Map<string, JobStatus>();
  const running = new Set<Promise<void>>();
  const slot = createLimiter(options.concurrency ?? 2);

  const remember = (id: string, status: JobStatus) => {
    jobs.delete(id);
    jobs.set(id, status);
    if (jobs.size > KEEP_JOBS) jobs.delete(jobs.keys().next().value as string);
  };

  return {
    async regenerate(request) {
      // The website id names a folder: checked before anything else (E_UNSAFE_PATH).
      const dir = websitePaths(options.store.root, request.websiteId).thumbnails;
      // A full window refuses before the site is read; `take` decides, atomically, after the
      // validation, so a request refused as invalid is not counted.
      await limiter.check(request.websiteId);
      const ref = await validateRequest(request);
      const rateLimit = await limiter.take(request.websiteId);
      const jobId = randomUUID();
      const base = { websiteId: request.websiteId, type: ref.type, entityId: Number(ref.id) };
      remember(jobId, { state: "queued", ...base });
      const run = async () => {
        remember(jobId, { state: "running", ...base });
        try {
          const files = await shootEntity(options, request.site, ref, dir);
          remember(jobId, { state: "done", ...base, files });
        } catch (err) {
          const e =
            err instanceof SitewrightError
              ? { code: err.code, message: err.message, hint: err.hint }
              : { code: "E_BROWSER", message: String((err as Error)?.message ?? err) };
          remember(jobId, { state: "failed", ...base, error: e });
        }
      };
      // The job starts after the caller has had its answer (seed 000: after the response is
      // sent), and only when a slot is free.
      const job = new Promise<void>((resolve) => setImmediate(resolve)).then(() => slot(run));
      running.add(job);
      void job.finally(() => running.delete(job));
      return { status: "accepted", jobId, rateLimit };
    },
    status: (jobId) => jobs.get(jobId),
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

/** The request's entity, or a 422-style SiteValidationError with paths `type` and `entity_id`. */
async function validateRequest(request: RegenerateRequest): Promise<EntityRef> {
  const errors: ValidationErrors = {};
  const type = request.type;
  const id = request.entityId;
  if (typeof type !== "string" || !(ENTITY_TYPES as readonly string[]).includes(type))
    errors.type = [`Must be one of ${ENTITY_TYPES.join(", ")}.`];
  const number = typeof id === "string" && /^\d+$/.test(id.trim()) ? Number(id) : id;
  if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 1)
    errors.entity_id = ["Must be an integer of at least 1."];
  if (Object.keys(errors).length > 0) throw new SiteValidationError(errors);
  const ref = { type, id: String(number) } as EntityRef;
  const { site } = await openSite(request.site);
  const list =
    ref.type === "page" ? site.pages : ref.type === "template" ? site.templates : site.layouts;
  if (!list.some((e) => e.id === ref.id))
    throw new SiteValidationError({
      entity_id: [`The site has no ${ref.type} with id ${ref.id}.`],
    });
  return ref;
}

async function shootEntity(
  options: ThumbnailServiceOptions,
  site: string | object,
  ref: EntityRef,
  dir: string,
): Promise<ThumbnailFiles> {
  const name = `${ref.type}-${ref.id}`;
  const webp = join(dir, `${name}.webp`);
  const webp2x = join(dir, `${name}@2x.webp`);
  const record = join(dir, `${name}.json`);
  const width = options.width ?? 400;
  return withEntityBuild(site, [ref], options.build ?? {}, async (root, [entity], result) => {
    const route = entity as { file: string; url: string };
    // The entity's build holds its HTML and every file it can load (stylesheets, the theme's
    // and the engine's, images, fonts): a change to any of them is a change to the picture.
    const hash = createHash("sha256")
      .update(JSON.stringify({ width, files: result.manifest.files }))
      .digest("hex");
    const kept = await keptThumbnails(record, hash, webp, webp2x);
    if (kept) return kept;
    const server = await startPreviewServer({ root });
    try {
      const shot = await options.thumbnailer.shoot(new URL(route.url, server.url).href, { width });
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(webp, shot.webp);
      await writeFileAtomic(webp2x, shot.webp2x);
      // The record goes last: it vouches for the two images written before it.
      await writeFileAtomic(record, `${JSON.stringify({ hash, width: shot.width })}\n`);
      return {
        webp,
        webp2x,
        bytes: shot.webp.length,
        bytes2x: shot.webp2x.length,
        hash,
        reused: false,
      };
    } finally {
      await server.close();
    }
  });
}

async function keptThumbnails(
  record: string,
  hash: string,
  webp: string,
  webp2x: string,
): Promise<ThumbnailFiles | null> {
  try {
    const recorded = JSON.parse(await readFile(record, "utf8")) as { hash?: unknown };
    if (recorded.hash !== hash) return null;
    const [one, two] = await Promise.all([stat(webp), stat(webp2x)]);
    return { webp, webp2x, bytes: one.size, bytes2x: two.size, hash, reused: true };
  } catch {
    return null;
  }
}
