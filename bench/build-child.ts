// Runs one build in its own process so that its peak RSS is the build's alone.
import { buildSite } from "../src/generator/build.js";

const [site, out] = process.argv.slice(2) as [string, string];
const result = await buildSite(site, { outDir: out });
process.stdout.write(
  JSON.stringify({
    pages: result.pages,
    files: result.files,
    bytes: result.bytes,
    durationMs: result.durationMs,
    timings: result.timings,
    warnings: result.warnings.length,
    maxRssKb: process.resourceUsage().maxRSS,
  }),
);
