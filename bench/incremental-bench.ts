/**
 * Incremental build benchmark. Run:
 * `npx tsx bench/incremental-bench.ts [--pages 10000] [--runs 3] [--dir /dev/shm] [--workers N]`.
 * Times the whole `sitewright build` process (the compiled CLI, bin/sitewright.js, as users run
 * it) on the synthetic site: a clean build (--no-incremental), then incremental builds after
 * nothing changed, one page's text edited, a template used by every tenth page edited (once
 * right after the clean build and once more), and the label of the menu every page shows
 * edited. Rounds repeat the builds in that order, so a busy spell of the machine falls on all
 * of them. `--dir` picks the file system (default: the
 * OS temp dir; /dev/shm for tmpfs). Prints figures only; no assertions.
 */
import { execFileSync, spawn } from "node:child_process";
import { linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { writeSyntheticSite } from "./synthetic-site.js";
import { watchTreeRss } from "./tree-rss.js";

const { values } = parseArgs({
  options: {
    pages: { type: "string", default: "10000" },
    runs: { type: "string", default: "3" },
    dir: { type: "string" },
    workers: { type: "string" },
    "no-compile": { type: "boolean" },
  },
});
const PAGES = Number(values.pages);
const RUNS = Math.max(1, Number(values.runs));
const root = join(values.dir ?? tmpdir(), "sitewright-incremental-bench");
const site = join(root, `site-${PAGES}`);
const out = join(root, `out-${PAGES}`);
const cli = new URL("../bin/sitewright.js", import.meta.url).pathname;

/** One build as the bench sees it. */
interface Figures {
  seconds: number;
  /** The build's own durationMs, without node's start-up and module loading. */
  buildSeconds: number;
  rendered: number;
  carried: number;
  peakTreeRssMb: number;
}

// A template on every tenth page: the synthetic site's templates are on every page or none.
const NOTE = { id: 4, name: "Note", code: '<aside class="note">{{ fields.text }}</aside>' };

async function prepareSite(): Promise<void> {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  await writeSyntheticSite(site, { pages: PAGES });
  const templates = JSON.parse(readFileSync(join(site, "templates.json"), "utf8"));
  writeFileSync(join(site, "templates.json"), JSON.stringify([...templates, NOTE]));
  for (let p = 10; p <= PAGES; p += 10) {
    const file = pageFile(p);
    const page = JSON.parse(readFileSync(file, "utf8"));
    page.components.push({
      id: p * 10 + 9,
      component_id: "templatePartial",
      template_id: NOTE.id,
      menu_order: 95,
      custom_fields: { text: `Note of page ${p}` },
    });
    writeFileSync(file, JSON.stringify(page));
  }
}

const pageFile = (p: number) => join(site, "pages", `${String(p).padStart(6, "0")}.json`);

/** Runs `sitewright build` in a child process and times it from spawn to exit. */
async function build(clean: boolean): Promise<Figures> {
  const args = [cli, "build", site, "--out", out, "--json"];
  if (clean) args.push("--no-incremental");
  if (values.workers) args.push("--workers", values.workers);
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const tree = watchTreeRss(child.pid as number);
  let raw = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    raw += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const peakKb = tree.stop();
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`sitewright build exited with ${code}`);
  const r = JSON.parse(raw);
  return {
    seconds,
    buildSeconds: r.durationMs / 1000,
    rendered: r.pages + 1 - r.incremental.carried,
    carried: r.incremental.carried,
    peakTreeRssMb: Math.round(peakKb / 1024),
  };
}

/** The edits, each made just before its build. */
const SCENARIOS: Array<{ name: string; edit: (round: number) => void; clean?: boolean }> = [
  { name: "full build (--no-incremental)", edit: () => {}, clean: true },
  { name: "nothing changed", edit: () => {} },
  {
    name: "one page's text edited",
    edit: (round) => {
      const file = pageFile(Math.floor(PAGES / 2));
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace(/"text":"/, `"text":"Edited in round ${round}. `),
      );
    },
  },
  {
    name: "template on 10% of pages edited",
    edit: (round) => {
      const file = join(site, "templates.json");
      const templates = JSON.parse(readFileSync(file, "utf8"));
      templates[3].code = `${NOTE.code}<!-- round ${round} -->`;
      writeFileSync(file, JSON.stringify(templates));
    },
  },
  {
    // The first edit follows a clean build, this one an incremental build: both should cost the same.
    name: "the same template edited again",
    edit: (round) => {
      const file = join(site, "templates.json");
      const templates = JSON.parse(readFileSync(file, "utf8"));
      templates[3].code = `${NOTE.code}<!-- round ${round}, again -->`;
      writeFileSync(file, JSON.stringify(templates));
    },
  },
  {
    name: "label of the menu on every page edited",
    edit: (round) => {
      const file = join(site, "menus.json");
      const menus = JSON.parse(readFileSync(file, "utf8"));
      menus[0].items[1].title = `Section (round ${round})`;
      writeFileSync(file, JSON.stringify(menus));
    },
  },
];

if (!values["no-compile"]) execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
await prepareSite();
console.log(`incremental builds of ${PAGES} pages in ${root} (${RUNS} rounds)`);
const results = SCENARIOS.map(() => [] as Figures[]);
for (let round = 1; round <= RUNS; round++) {
  for (const [i, scenario] of SCENARIOS.entries()) {
    scenario.edit(round);
    const f = await build(scenario.clean === true);
    results[i]?.push(f);
    const full = results[0]?.[round - 1] as Figures;
    console.log(
      `  round ${round} ${scenario.name}: ${f.seconds.toFixed(2)} s process ` +
        `(${((f.seconds / full.seconds) * 100).toFixed(1)}% of full), build ${f.buildSeconds.toFixed(2)} s, ` +
        `${f.rendered} rendered, ${f.carried} carried, peak RSS ${f.peakTreeRssMb} MB`,
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fullMedian = median((results[0] as Figures[]).map((f) => f.seconds));
console.log("median process time (share of the median full build):");
for (const [i, scenario] of SCENARIOS.entries()) {
  const seconds = median((results[i] as Figures[]).map((f) => f.seconds));
  console.log(
    `  ${scenario.name.padEnd(40)} ${seconds.toFixed(2)} s  ${((seconds / fullMedian) * 100).toFixed(1)}%`,
  );
}
console.log(`file system floor of carrying the build: ${linkFloor()}`);
rmSync(root, { recursive: true, force: true });

/**
 * What carrying a whole build costs the file system alone, measured beside the output: a
 * directory and a hard link per file of the last build into a new tree, then removing a tree
 * as large (the old build, after the swap). On a VM disk this varies several-fold from minute
 * to minute, so a figure above means little without it.
 */
function linkFloor(): string {
  const files = listFiles(out);
  const copy = `${out}.link-floor`;
  rmSync(copy, { recursive: true, force: true });
  const started = performance.now();
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    linkSync(join(out, file), join(copy, file));
  }
  const linked = performance.now();
  rmSync(copy, { recursive: true, force: true });
  const removed = performance.now();
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `${files.length} files linked in ${s(linked - started)}, the tree removed in ${s(removed - linked)}`;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}
