// Runs one build in its own process so that its peak RSS is the build's alone. It runs the
// compiled library (dist/, what users run; bench/run.ts builds it first) in plain node: tsx's
// loader hooks and helpers in the process cost about 0.5 s of a 10,000-page build.
import { readFileSync } from "node:fs";
import { buildSite } from "../dist/generator/build.js";

// CPU of this process and of the render processes it waited for (utime, stime, cutime and
// cstime of /proc/self/stat, in USER_HZ ticks: 100 on Linux), in ms; null without /proc. Node
// reports only its own usage, and a build's CPU now spans several processes.
function treeCpuMs() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = fields.slice(11, 15).reduce((n, f) => n + Number(f), 0);
    return Math.round((ticks * 1000) / 100);
  } catch {
    return null;
  }
}

const [site, out, cacheDir, workers] = process.argv.slice(2);
const result = await buildSite(site, {
  outDir: out,
  cacheDir: cacheDir || undefined,
  workers: workers ? Number(workers) : undefined,
});
const usage = process.resourceUsage();
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
    treeCpuMs: treeCpuMs(),
    maxRssKb: usage.maxRSS,
  }),
);
