// Runs one build in its own process so that its peak RSS is the build's alone. It runs the
// compiled library (dist/, what users run; bench/run.ts builds it first) in plain node: tsx's
// loader hooks and helpers in the process cost about 0.5 s of a 10,000-page build.
import { readFileSync } from "node:fs";
import { buildSite } from "../dist/generator/build.js";

// The fields of /proc/self/stat after the command name (the first is `state`); null without /proc.
function procStat() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    return stat
      .slice(stat.lastIndexOf(")") + 2)
      .split(" ")
      .map(Number);
  } catch {
    return null;
  }
}

// CPU of this process and of the render processes it waited for (utime, stime, cutime and
// cstime, in USER_HZ ticks: 100 on Linux), in ms. Node reports only its own usage, and a
// build's CPU now spans several processes.
function treeCpuMs(fields) {
  if (!fields) return null;
  const ticks = fields.slice(11, 15).reduce((n, f) => n + f, 0);
  return Math.round((ticks * 1000) / 100);
}

// Fresh memory pages the build and its render processes touched (minflt and cminflt): on a VM
// where a page fault is costly they are a large part of a build's time (see build-bench.ts).
function treeFaults(fields) {
  return fields ? (fields[7] ?? 0) + (fields[8] ?? 0) : null;
}

const [site, out, cacheDir, workers] = process.argv.slice(2);
const result = await buildSite(site, {
  outDir: out,
  cacheDir: cacheDir || undefined,
  workers: workers ? Number(workers) : undefined,
});
const usage = process.resourceUsage();
const stat = procStat();
process.stdout.write(
  JSON.stringify({
    pages: result.pages,
    files: result.files,
    bytes: result.bytes,
    durationMs: result.durationMs,
    timings: result.timings,
    warnings: result.warnings.length,
    images: result.images,
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    treeCpuMs: treeCpuMs(stat),
    treeFaults: treeFaults(stat),
    maxRssKb: usage.maxRSS,
  }),
);
