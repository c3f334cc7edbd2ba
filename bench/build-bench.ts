import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSyntheticSite } from "./synthetic-site.js";
import { watchTreeRss } from "./tree-rss.js";

/** Figures of one full build. */
export interface BuildFigures {
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  /** Peak RSS of the build process alone. */
  peakRssMb: number;
  /** Peak of the summed RSS of the build process and its render processes (sampled). */
  peakTreeRssMb: number;
  avgPageKb: number;
  timings: Record<string, number>;
  /** Seconds plain `mkdirSync` + `writeFileSync` took for as many files next to the output, just after the build. */
  fsFloorSeconds: number;
  /** The whole child process, node start-up and module loading included. */
  processSeconds: number;
  /** CPU seconds of the build process and its render processes together; null without /proc. */
  treeCpuSeconds: number | null;
  /** Fresh memory pages (4 KiB) the build process and its render processes touched; null without /proc. */
  pageFaults: number | null;
  /** Microseconds this machine takes to touch one fresh page, measured just after the build. */
  faultMicros: number;
}

/**
 * The file system's own cost for `count` page directories of `bytes` each, measured where the
 * build writes: on a VM disk it varies several-fold from minute to minute (0.6-3 s for
 * 10,000 pages here), so a build figure means little without it.
 */
function fsFloor(near: string, count: number, bytes: number): number {
  const dir = `${near}.fs-floor`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  const data = Buffer.alloc(bytes, 97);
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    mkdirSync(join(dir, `p${i}`));
    writeFileSync(join(dir, `p${i}`, "index.html"), data);
  }
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });
  return Math.round(seconds * 100) / 100;
}

/**
 * What touching a fresh 4 KiB page of memory costs here, in µs. On the project's 2-core VM it
 * is 16-20 µs, so a build's time there follows the memory its processes touch: a 10,000-page
 * build touches ~160,000 fresh pages, ~3 s of CPU at 19 µs each.
 */
function faultFloor(pages = 16384): number {
  const memory = new Uint8Array(pages * 4096);
  const started = performance.now();
  for (let i = 0; i < pages; i++) memory[i * 4096] = 1;
  return Math.round(((performance.now() - started) * 1000 * 100) / pages) / 100;
}

/** Generates (once, cached in the temp dir) a synthetic site and times a full build of it. */
export async function benchBuild(
  pages: number,
  posts = 0,
  workers?: number,
): Promise<BuildFigures> {
  const root = join(tmpdir(), "sitewright-bench");
  const site = join(root, posts > 0 ? `site-${pages}-posts${posts}` : `site-${pages}`);
  if (!existsSync(join(site, ".complete"))) {
    rmSync(site, { recursive: true, force: true });
    await writeSyntheticSite(site, { pages, posts });
    mkdirSync(join(site, ".complete"));
  }
  const out = join(root, posts > 0 ? `out-${pages}-posts${posts}` : `out-${pages}`);
  rmSync(out, { recursive: true, force: true });
  // And its build record: a clean build is what is measured here (see incremental-bench.ts).
  rmSync(`${out}.sitewright-build.json`, { force: true });
  const spawned = performance.now();
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, "build-child.mjs"), site, out, "", workers ? String(workers) : ""],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const tree = watchTreeRss(child.pid as number);
  let raw = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    raw += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const peakTreeKb = tree.stop();
  if (code !== 0) throw new Error(`the benchmark build exited with ${code}`);
  const processSeconds = Math.round(performance.now() - spawned) / 1000;
  // After the build, not before: removing the floor's files right before it would make the
  // disk discard them while the build writes.
  const fsFloorSeconds = fsFloor(out, pages, 6500);
  const r = JSON.parse(raw);
  rmSync(out, { recursive: true, force: true });
  rmSync(`${out}.sitewright-build.json`, { force: true });
  const seconds = r.durationMs / 1000;
  return {
    pages: r.pages,
    seconds,
    pagesPerSecond: Math.round(r.pages / seconds),
    peakRssMb: Math.round(r.maxRssKb / 1024),
    peakTreeRssMb: Math.round(Math.max(peakTreeKb, r.maxRssKb) / 1024),
    avgPageKb: Math.round((r.bytes / r.files / 1024) * 10) / 10,
    timings: r.timings,
    fsFloorSeconds,
    processSeconds,
    treeCpuSeconds: r.treeCpuMs === null ? null : r.treeCpuMs / 1000,
    pageFaults: r.treeFaults ?? null,
    faultMicros: faultFloor(),
  };
}
