/**
 * The build's images. `prepare` reads every local image the site data names (header and
 * content hash) before rendering, so the synchronous renderers can emit final markup with
 * intrinsic sizes; `render` returns that markup and queues the image for encoding; the
 * variants are encoded (or copied from the cache) while the remaining pages render, and
 * `finish` waits for them before the build commits.
 *
 * Only images a page actually renders are encoded: a site's assets folder often holds
 * originals, downloads and unused uploads, and the six variants of one 2400×1600 photo cost
 * ~0.45 s of CPU (measured, bench --images), as much as rendering over a thousand pages, so
 * encoding the whole folder would dominate every cold build.
 */

import { createHash } from "node:crypto";
import { readFile, realpath } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { OutputWriter } from "../write.js";
import { openVariantCache } from "./cache.js";
import { encodeVariant } from "./encode.js";
import { type ImageProblem, imageError } from "./image-error.js";
import { createImageRender, type ImageRender, type PreparedImage } from "./image-render.js";
import { localAssetPath } from "./image-url.js";
import type { ImageReference } from "./scan.js";
import { readSourceImage, SourceImageProblem } from "./source.js";
import { createTaskQueue } from "./task-queue.js";
import { planVariants, variantFormats } from "./variants.js";

/** Options of createImageRegistry. */
export interface ImageRegistryOptions {
  /** The site's assets folder, or null when the site has none. */
  assetsDir: string | null;
  /** Where encoded variants are cached between builds. */
  cacheDir: string;
  /** Images encoded at once; default: the number of cores, at most 4. */
  concurrency?: number;
  warn: (message: string, path: string) => void;
}

/** Image figures of one build, reported as `BuildResult.images`. */
export interface ImageCounts {
  /** Distinct source images rendered with responsive variants. */
  sources: number;
  /** Variant files encoded by this build. */
  encoded: number;
  /** Variant files taken from the cache. */
  reused: number;
}

/** Everything the build does with images. */
export interface ImageRegistry {
  readonly assetsDir: string | null;
  /** Reads the local images of `refs` (see findImageReferences); throws E_IMAGE for any that cannot be used. */
  prepare(refs: readonly ImageReference[]): Promise<void>;
  /** Markup for a local image (and queues its encoding); null for URLs outside the assets folder. */
  render: ImageRender;
  /** The images read by prepare, for renderers in other processes (see createImageRender). */
  prepared(): Array<[rel: string, image: PreparedImage]>;
  /** Queues the encoding of an image another process rendered; its problems land in `finish`. */
  used(rels: readonly string[], problems: readonly ImageProblem[]): void;
  /** Starts encoding into `writer`; images rendered before this wait for it. */
  start(writer: OutputWriter): void;
  /** Waits for every queued image; throws E_IMAGE for a local image that failed. */
  finish(): Promise<ImageCounts>;
  /** Stops encoding and waits for running jobs, so nothing writes after the writer aborts. */
  cancel(): Promise<void>;
}

interface Entry extends PreparedImage {
  firstPath: string;
  url: string;
  queued: boolean;
}

const READ_CONCURRENCY = 8;

/** Creates the image registry of one build. */
export function createImageRegistry(options: ImageRegistryOptions): ImageRegistry {
  const entries = new Map<string, Entry>();
  const failed = new Map<string, { reason: string; file: string | null }>();
  const renderProblems: ImageProblem[] = [];
  const cache = openVariantCache(options.cacheDir);
  const queue = createTaskQueue(
    options.concurrency ?? Math.max(1, Math.min(4, availableParallelism())),
  );
  const waiting: Entry[] = [];
  const written = new Set<string>();
  const counts: ImageCounts = { sources: 0, encoded: 0, reused: 0 };
  let writer: OutputWriter | undefined;
  let assetsRoot: Promise<string | null> | undefined;
  let cacheWarned = false;

  const root = () => {
    const dir = options.assetsDir;
    assetsRoot ??= dir ? realpath(dir).catch(() => null) : Promise.resolve(null);
    return assetsRoot;
  };

  async function readOne(rel: string, firstPath: string, url: string): Promise<void> {
    const dir = await root();
    if (dir === null) {
      const reason = options.assetsDir
        ? `cannot be read: the assets folder ${options.assetsDir} does not exist`
        : "cannot be read: the site has no assets folder (a bundle needs BuildOptions.assetsDir or --assets)";
      failed.set(rel, { reason, file: null });
      return;
    }
    try {
      const source = await readSourceImage(dir, rel);
      const formats = variantFormats(source.format);
      entries.set(rel, {
        source,
        variants: formats && planVariants(rel, source.sha256, source, formats),
        firstPath,
        url,
        queued: false,
      });
    } catch (err) {
      const reason =
        err instanceof SourceImageProblem ? err.message : `cannot be read (${firstLine(err)})`;
      failed.set(rel, { reason, file: join(dir, rel) });
    }
  }

  async function encodeEntry(entry: Entry, out: OutputWriter): Promise<void> {
    const { source } = entry;
    let data: Buffer | undefined;
    for (const variant of entry.variants ?? []) {
      if (written.has(variant.file)) continue;
      written.add(variant.file);
      const cached = await cache.lookup(source.sha256, variant.width, variant.format);
      if (cached) {
        await out.copy(variant.file, cached);
        counts.reused++;
        continue;
      }
      data ??= await readUnchanged(entry);
      let encoded: Buffer;
      try {
        encoded = await encodeVariant(data, variant.width, variant.format);
      } catch (err) {
        throw imageError([problemOf(entry, `cannot be decoded (${firstLine(err)})`)], err);
      }
      counts.encoded++;
      await cache
        .store(source.sha256, variant.width, variant.format, encoded)
        .catch((err: unknown) => {
          if (cacheWarned) return;
          cacheWarned = true;
          options.warn(
            `The image cache ${cache.dir} cannot be written (${firstLine(err)}); images will be encoded again next build.`,
            entry.firstPath,
          );
        });
      await out.write(variant.file, encoded);
    }
  }

  // The cache is keyed by the hash read in prepare: a file edited mid-build must not be
  // stored under its old hash, or every later build would reuse the wrong pixels.
  async function readUnchanged(entry: Entry): Promise<Buffer> {
    const data = await readFile(entry.source.file).catch((err: unknown) => {
      throw imageError([problemOf(entry, `cannot be read (${firstLine(err)})`)], err);
    });
    if (createHash("sha256").update(data).digest("hex") !== entry.source.sha256) {
      throw imageError([problemOf(entry, "changed while the site was building")]);
    }
    return data;
  }

  const enqueue = (entry: Entry) => {
    const out = writer;
    if (out) queue.push(() => encodeEntry(entry, out));
    else waiting.push(entry);
  };

  const use = (rel: string) => {
    const entry = entries.get(rel);
    if (!entry || entry.queued) return;
    entry.queued = true;
    counts.sources++;
    enqueue(entry);
  };
  const render = createImageRender((rel) => entries.get(rel), options.warn, use, renderProblems);

  return {
    assetsDir: options.assetsDir,
    async prepare(refs) {
      const todo = new Map<string, ImageReference>();
      for (const ref of refs) {
        const local = localAssetPath(ref.url);
        if (local?.ok && !entries.has(local.rel) && !failed.has(local.rel) && !todo.has(local.rel))
          todo.set(local.rel, ref);
      }
      const jobs = [...todo];
      const next = async (): Promise<void> => {
        const job = jobs.shift();
        if (!job) return;
        await readOne(job[0], job[1].path, job[1].url);
        return next();
      };
      await Promise.all(Array.from({ length: READ_CONCURRENCY }, next));
      // Problems in the order the references appear in the data, whatever order reads finished in.
      const problems: ImageProblem[] = [];
      for (const ref of refs) {
        const local = localAssetPath(ref.url);
        if (local === null) continue;
        if (!local.ok)
          problems.push({ path: ref.path, url: ref.url, file: null, reason: local.reason });
        else {
          const known = failed.get(local.rel);
          if (known) problems.push({ path: ref.path, url: ref.url, ...known });
        }
      }
      if (problems.length > 0) throw imageError(problems);
    },
    render,
    // Without the server path of the file: renderers need sizes and variants, nothing more.
    prepared: () =>
      [...entries].map(([rel, e]) => [
        rel,
        { source: { ...e.source, file: "" }, variants: e.variants },
      ]),
    used(rels, problems) {
      for (const rel of rels) use(rel);
      renderProblems.push(...problems);
    },
    start(out) {
      writer = out;
      for (const entry of waiting.splice(0)) enqueue(entry);
    },
    async finish() {
      if (renderProblems.length > 0) {
        await queue.cancel();
        throw imageError(renderProblems);
      }
      await queue.drain();
      return { ...counts };
    },
    cancel: () => queue.cancel(),
  };
}

function problemOf(entry: Entry, reason: string): ImageProblem {
  return { path: entry.firstPath, url: entry.url, file: entry.source.file, reason };
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n")[0]?.trim() || "unknown error";
}
