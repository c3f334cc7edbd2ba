// Runs one build in its own process so that its peak RSS is the build's alone.
import { buildSite } from "../src/generator/build.js";

const [site, out, cacheDir] = process.argv.slice(2) as [string, string, string | undefined];
const result = await buildSite(site, { outDir: out, cacheDir });
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
