import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSyntheticSite } from "./synthetic-site.js";

/** Figures of one build of the image site. */
interface Run {
  pages: number;
  seconds: number;
  cpuSeconds: number;
  encoded: number;
  reused: number;
  sources: number;
  peakRssMb: number;
}

/** Cold (empty cache) and warm (same cache) builds of a site where one in ten components is an image. */
export interface ImageFigures {
  pages: number;
  posts: number;
  sourceImages: number;
  sourceMb: number;
  imageComponents: number;
  components: number;
  cold: Run;
  warm: Run;
  /** Variants per second of the extra time a cold build takes over a warm one. */
  variantsPerSecond: number;
  /** Source megabytes decoded per second of that extra time. */
  sourceMbPerSecond: number;
  /** The same per CPU second (cold CPU − warm CPU): steadier than wall time on a busy machine. */
  variantsPerCpuSecond: number;
  sourceMbPerCpuSecond: number;
}

const IMAGES = 50;

/** Generates (once) a synthetic site with images and times a cold and a warm build in child processes. */
export async function benchImages(pages: number, posts = 0): Promise<ImageFigures> {
  const root = join(tmpdir(), "sitewright-bench");
  const site = join(root, `site-${pages}-images${posts > 0 ? `-posts${posts}` : ""}`);
  if (!existsSync(join(site, ".complete"))) {
    rmSync(site, { recursive: true, force: true });
    await writeSyntheticSite(site, { pages, posts, images: IMAGES });
    mkdirSync(join(site, ".complete"));
  }
  const cache = join(root, `image-cache-${pages}-${posts}`);
  const out = join(root, `out-${pages}-images-${posts}`);
  rmSync(cache, { recursive: true, force: true });
  const cold = run(site, out, cache);
  const warm = run(site, out, cache);
  rmSync(out, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });

  const photos = join(site, "assets", "photos");
  const sourceBytes = readdirSync(photos).reduce((n, f) => n + statSync(join(photos, f)).size, 0);
  const extra = Math.max(0.001, cold.seconds - warm.seconds);
  const extraCpu = Math.max(0.001, cold.cpuSeconds - warm.cpuSeconds);
  return {
    pages: cold.pages,
    posts,
    sourceImages: cold.sources,
    sourceMb: round(sourceBytes / 1e6),
    ...(({ images, all }) => ({ imageComponents: images, components: all }))(countComponents(site)),
    cold,
    warm,
    variantsPerSecond: round(cold.encoded / extra),
    sourceMbPerSecond: round(sourceBytes / 1e6 / extra),
    variantsPerCpuSecond: round(cold.encoded / extraCpu),
    sourceMbPerCpuSecond: round(sourceBytes / 1e6 / extraCpu),
  };
}

function run(site: string, out: string, cache: string): Run {
  rmSync(out, { recursive: true, force: true });
  const raw = execFileSync(
    process.execPath,
    [join(import.meta.dirname, "build-child.mjs"), site, out, cache],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  const r = JSON.parse(raw);
  return {
    pages: r.pages,
    seconds: round(r.durationMs / 1000),
    cpuSeconds: round(r.cpuMs / 1000),
    encoded: r.images.encoded,
    reused: r.images.reused,
    sources: r.images.sources,
    peakRssMb: Math.round(r.maxRssKb / 1024),
  };
}

function countComponents(site: string): { images: number; all: number } {
  const counts = { images: 0, all: 0 };
  for (const file of readdirSync(join(site, "pages"))) {
    const text = readFileSync(join(site, "pages", file), "utf8");
    counts.images += text.split('"sectionImage"').length - 1;
    counts.all += text.split('"component_id"').length - 1;
  }
  return counts;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
