// `npm run bench [-- --pages N] [--posts PERCENT] [--workers N] [--only build|images|versions|deploy|thumbnails] [--images]`: prints the
// performance figures of each stage (versions and deploy run their own scripts).
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { benchBuild } from "./build-bench.js";
import { benchImages } from "./image-bench.js";

const { values } = parseArgs({
  options: {
    pages: { type: "string", default: "10000" },
    only: { type: "string" },
    images: { type: "boolean" },
    posts: { type: "string", default: "0" },
    workers: { type: "string" },
  },
});
const pages = Number(values.pages);
const only = values.only;
// `--posts 20`: 20% of the routes are blog posts instead of pages (plus their listings).
const posts = Number(values.posts);

if (!only || only === "build" || values.images) {
  // The build benchmarks run the compiled library (see build-child.mjs).
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
}

if (!only || only === "build") {
  const f = await benchBuild(pages, posts, values.workers ? Number(values.workers) : undefined);
  console.log(
    `build${posts > 0 ? ` (${posts}% posts)` : ""}: ${f.pages} pages in ${f.seconds.toFixed(2)} s = ${f.pagesPerSecond} pages/s, ` +
      `peak RSS ${f.peakRssMb} MB (with render processes ${f.peakTreeRssMb} MB), avg page ${f.avgPageKb} KB, process ${f.processSeconds} s, ` +
      `CPU ${f.treeCpuSeconds ?? "?"} s with render processes, ` +
      `${f.pageFaults ?? "?"} fresh pages touched (${f.faultMicros} µs each here) ` +
      `(load ${f.timings.loadMs} ms, render ${f.timings.renderMs} ms, write ${f.timings.writeMs} ms; ` +
      `file system floor for as many files just after: ${f.fsFloorSeconds} s)`,
  );
}

if (values.images && (!only || only === "images")) {
  const f = await benchImages(pages, posts);
  const line = (name: string, r: typeof f.cold) =>
    `  ${name}: ${r.seconds} s (CPU ${r.cpuSeconds} s, peak RSS ${r.peakRssMb} MB), ` +
    `${r.encoded} variants encoded, ${r.reused} reused`;
  console.log(
    `images${posts > 0 ? ` (${posts}% posts)` : ""}: ${f.pages} routes, ${f.imageComponents} of ${f.components} page components are images ` +
      `of ${f.sourceImages} sources (${f.sourceMb} MB)\n${line("cold", f.cold)}\n${line("warm", f.warm)}\n` +
      `  encoding ≈ cold − warm: ${f.variantsPerSecond} variants/s, ${f.sourceMbPerSecond} source MB/s; ` +
      `per CPU second ${f.variantsPerCpuSecond} variants, ${f.sourceMbPerCpuSecond} source MB`,
  );
}

// The version store and deploy benchmarks are scripts of their own; run them as children so
// each measures its own process.
for (const stage of ["versions", "deploy", "thumbnails"] as const) {
  if (only && only !== stage) continue;
  const script = new URL(
    `./${stage === "thumbnails" ? "thumbnail" : stage}-bench.ts`,
    import.meta.url,
  ).pathname;
  execFileSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
}
