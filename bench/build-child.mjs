// Runs one build in its own process so that its peak RSS is the build's alone. It runs the
// compiled library (dist/, what users run; bench/run.ts builds it first) in plain node: tsx's
// loader hooks and helpers in the process cost about 0.5 s of a 10,000-page build.
import { buildSite } from "../dist/generator/build.js";

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
    maxRssKb: usage.maxRSS,
  }),
);
