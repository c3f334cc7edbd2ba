// `npm run bench [-- --pages N] [--only build]`: prints the performance figures of each stage.
import { parseArgs } from "node:util";
import { benchBuild } from "./build-bench.js";

const { values } = parseArgs({
  options: { pages: { type: "string", default: "10000" }, only: { type: "string" } },
});
const pages = Number(values.pages);
const only = values.only;

if (!only || only === "build") {
  const f = await benchBuild(pages);
  console.log(
    `build: ${f.pages} pages in ${f.seconds.toFixed(2)} s = ${f.pagesPerSecond} pages/s, ` +
      `peak RSS ${f.peakRssMb} MB, avg page ${f.avgPageKb} KB ` +
      `(load ${f.timings.loadMs} ms, render ${f.timings.renderMs} ms, write ${f.timings.writeMs} ms)`,
  );
}
