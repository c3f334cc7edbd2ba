/**
 * Version store benchmark. Run:
 * `npx tsx bench/versions-bench.ts [--files 10000] [--runs 3] [--dir /dev/shm]`.
 * - store.create of a full build (no previous version) and `zip -qr` of the same directory,
 *   interleaved `--runs` times (targets: create <= zip -qr);
 * - store.create of a build that differs from the previous version in one page, which reuses
 *   its hard links and zip entries (target: at least 10x faster than zip -qr);
 * - activate and rollback latency at 100 and 10,000 files (should be flat, < 20 ms).
 * `--dir` picks the file system (default: the OS temp dir; /dev/shm for tmpfs).
 * Prints figures only; no assertions (timings depend on the machine).
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { createManifest, type ManifestEntry, readManifest } from "../src/contracts/manifest.js";
import { createVersionStore } from "../src/versions/store.js";
import { manifestZipEntries, writeZip } from "../src/versions/zip.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    files: { type: "string", default: "10000" },
    "zip-child": { type: "boolean" },
    "memory-only": { type: "boolean" },
    "heap-mb": { type: "string", default: "512" },
    runs: { type: "string", default: "3" },
    dir: { type: "string" },
  },
});
const FILES = Number(values.files);
const RUNS = Math.max(1, Number(values.runs));
/**
 * Heap cap of the create child. Memory grows with the number of files (manifest and the zip's
 * central directory, ~1 KB per file) but not with their size: no file is held whole beyond
 * 256 KiB and at most 64 are in flight.
 */
const CHILD_HEAP_MB = Number(values["heap-mb"]);

/** ~90% HTML of varied length, ~9% CSS/JS, ~1% incompressible images. */
function writeBuild(dir: string, count: number, seed: string): number {
  const entries: [string, ManifestEntry][] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    let name: string;
    let data: Buffer;
    if (i % 100 === 0) {
      name = `assets/img/photo-${i}.jpg`;
      data = randomBytes(60_000 + (i % 7) * 10_000);
    } else if (i % 11 === 0) {
      name = `assets/${i % 2 ? "css" : "js"}/file-${i}.${i % 2 ? "css" : "js"}`;
      data = Buffer.from(
        `/* ${seed} ${i} */\n${".rule-x { color: #abc; margin: 0 auto; }\n".repeat(80 + (i % 120))}`,
      );
    } else {
      name = `section-${i % 40}/page-${i}/index.html`;
      const words = `${seed} page ${i} lorem ipsum dolor sit amet consectetur ${i * 7919} `;
      data = Buffer.from(
        `<!doctype html><html><head><title>Page ${i}</title></head><body>${`<p>${words}</p>`.repeat(40 + (i % 60))}</body></html>`,
      );
    }
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
    entries.push([
      name,
      { size: data.length, sha256: createHash("sha256").update(data).digest("hex") },
    ]);
    bytes += data.length;
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(createManifest(entries), null, 2));
  return bytes;
}

/** Rewrites one HTML page (a new inode, like a build's atomic write) and its manifest entry. */
function editOnePage(dir: string, run: number): void {
  const path = join(dir, "manifest.json");
  const manifest = JSON.parse(readFileSync(path, "utf8")) as {
    version: 1;
    files: Record<string, ManifestEntry>;
  };
  const name = Object.keys(manifest.files).find((n) => n.endsWith(".html")) as string;
  const data = Buffer.from(`<!doctype html><p>edited in run ${run}</p>`);
  writeFileSync(join(dir, `${name}.tmp`), data);
  renameSync(join(dir, `${name}.tmp`), join(dir, name));
  manifest.files[name] = {
    size: data.length,
    sha256: createHash("sha256").update(data).digest("hex"),
  };
  writeFileSync(path, JSON.stringify(manifest, null, 2));
}

/** CPU milliseconds (user + system, every thread) since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(start);
  return (c.user + c.system) / 1000;
}

/** User + system milliseconds of the children, from the 2nd line of bash's `times`. */
function childCpuMs(times: string): number {
  const line = times.trim().split("\n")[1] ?? "";
  const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return (secs.reduce((a, b) => a + b, 0) || Number.NaN) * 1000;
}

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    (s[Math.min(s.length - 1, Math.floor(q * s.length))] as number).toFixed(2);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`;
}

/** In a child with a capped heap: creates a version (link + zip) of `dir`; prints peak RSS as JSON. */
async function zipChild(dir: string, storeRoot: string): Promise<void> {
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 10);
  const t = process.hrtime.bigint();
  await createVersionStore({ root: storeRoot, fsync: false }).create("capped", dir);
  clearInterval(sampler);
  const maxRssKb = process.resourceUsage().maxRSS;
  process.stdout.write(JSON.stringify({ ms: ms(t), maxRssKb, peakHeapMb: peakHeap / 1024 / 1024 }));
}

function zipInCappedChild(build: string, out: string): void {
  const raw = execFileSync(
    process.execPath,
    [
      `--max-old-space-size=${CHILD_HEAP_MB}`,
      "--import",
      "tsx",
      import.meta.filename,
      "--zip-child",
      build,
      out,
    ],
    { encoding: "utf8" },
  );
  const r = JSON.parse(raw) as { ms: number; maxRssKb: number; peakHeapMb: number };
  console.log(
    `store.create of ${FILES} files in a child (--max-old-space-size=${CHILD_HEAP_MB}): ` +
      `${(r.ms / 1000).toFixed(2)} s, peak heap ${r.peakHeapMb.toFixed(0)} MB, peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MB`,
  );
}

async function main(root: string): Promise<void> {
  const build = join(root, "build");
  const bytes = writeBuild(build, FILES, "a");
  const mb = bytes / 1024 / 1024;
  console.log(`Synthetic build: ${FILES} files, ${mb.toFixed(1)} MB (${root})`);
  zipInCappedChild(build, join(root, "capped-store"));
  if (values["memory-only"]) return;

  // Full creates (a fresh store each time, so nothing can be reused) interleaved with zip -qr.
  const full: Record<string, number[]> = { fsync: [], nofsync: [], zipqr: [], writeZip: [] };
  // CPU seconds (all threads of this process; user + system of the zip child), since wall
  // time on a shared 2-core machine mostly measures the neighbours.
  const cpu: Record<string, number[]> = { fsync: [], nofsync: [], zipqr: [], writeZip: [] };
  const manifest = await readManifest(build);
  const manifestSize = statSync(join(build, "manifest.json")).size;
  let zipMb = 0;
  let infoMb = 0;
  for (let run = 0; run < RUNS; run++) {
    for (const fsync of [true, false]) {
      const store = createVersionStore({ root: join(root, `store-${fsync}-${run}`), fsync });
      const t = process.hrtime.bigint();
      const c = process.cpuUsage();
      const v = await store.create("bench", build);
      full[fsync ? "fsync" : "nofsync"]?.push(ms(t));
      cpu[fsync ? "fsync" : "nofsync"]?.push(cpuMs(c));
      zipMb = statSync((await store.zip("bench", v.id)).path).size / 1024 / 1024;
      execFileSync("rm", ["-rf", join(root, `store-${fsync}-${run}`)]);
    }
    let t = process.hrtime.bigint();
    // `times` prints the child's user and system time: "0m0.673s 0m0.380s" on its 2nd line.
    const times = execFileSync(
      "bash",
      ["-c", `zip -qr ${JSON.stringify(join(root, "info-zip.zip"))} . && times`],
      { cwd: build, encoding: "utf8" },
    );
    full.zipqr?.push(ms(t));
    cpu.zipqr?.push(childCpuMs(times));
    infoMb = statSync(join(root, "info-zip.zip")).size / 1024 / 1024;
    execFileSync("rm", ["-f", join(root, "info-zip.zip")]);
    t = process.hrtime.bigint();
    const c = process.cpuUsage();
    await writeZip(build, manifestZipEntries(manifest, manifestSize), join(root, "only.zip"), {
      fsync: false,
    });
    full.writeZip?.push(ms(t));
    cpu.writeZip?.push(cpuMs(c));
  }
  const line = (label: string, key: string, extra = "") => {
    const samples = full[key] ?? [];
    const m = median(samples);
    console.log(
      `${label.padEnd(34)} median ${(m / 1000).toFixed(3)} s, ${(mb / (m / 1000)).toFixed(1)} MB/s` +
        ` [${samples.map((x) => (x / 1000).toFixed(3)).join(", ")}], CPU median ` +
        `${(median(cpu[key] ?? []) / 1000).toFixed(3)} s${extra}`,
    );
  };
  line("store.create full (fsync):", "fsync", `, zip ${zipMb.toFixed(1)} MB`);
  line("store.create full (no fsync):", "nofsync");
  line("writeZip alone (no fsync):", "writeZip");
  line("zip -qr (Info-ZIP):", "zipqr", `, zip ${infoMb.toFixed(1)} MB`);

  // One page changed per version: each create reuses the version before it.
  for (const fsync of [true, false]) {
    const store = createVersionStore({ root: join(root, `incremental-${fsync}`), fsync });
    await store.create("bench", build);
    const samples: number[] = [];
    const cpus: number[] = [];
    for (let run = 0; run < Math.max(RUNS, 3); run++) {
      editOnePage(build, run);
      const t = process.hrtime.bigint();
      const c = process.cpuUsage();
      await store.create("bench", build);
      samples.push(ms(t));
      cpus.push(cpuMs(c));
    }
    const m = median(samples);
    const ratio = median(full.zipqr ?? []) / m;
    const cpuRatio = median(cpu.zipqr ?? []) / median(cpus);
    console.log(
      `${`store.create one page changed (${fsync ? "fsync" : "no fsync"}):`.padEnd(34)} median ${m.toFixed(1)} ms` +
        ` [${samples.map((x) => x.toFixed(1)).join(", ")}], ${ratio.toFixed(1)}x faster than zip -qr;` +
        ` CPU median ${median(cpus).toFixed(1)} ms, ${cpuRatio.toFixed(1)}x less than zip -qr`,
    );
  }

  for (const size of [100, FILES]) {
    const dir = join(root, `switch-${size}`);
    const store = createVersionStore({ root: join(dir, "store"), fsync: true });
    const src = size === FILES ? build : join(dir, "build");
    if (size !== FILES) writeBuild(src, size, "b");
    const a = await store.create("site", src);
    const b = await store.create("site", src);
    await store.activate("site", a.id);
    const activate: number[] = [];
    const rollback: number[] = [];
    // Each round: activate b (history stack [a, b]), then roll back to a (stack [a]).
    for (let i = 0; i < 50; i++) {
      let t = process.hrtime.bigint();
      await store.activate("site", b.id);
      activate.push(ms(t));
      t = process.hrtime.bigint();
      await store.rollback("site");
      rollback.push(ms(t));
    }
    console.log(`activate at ${String(size).padStart(6)} files: ${stats(activate)}`);
    console.log(`rollback at ${String(size).padStart(6)} files: ${stats(rollback)}`);
  }
}

if (values["zip-child"]) {
  await zipChild(positionals[0] as string, positionals[1] as string);
} else {
  const root = mkdtempSync(join(values.dir ?? tmpdir(), "sw-versions-bench-"));
  await main(root)
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    // rm -rf is much faster than a recursive rmSync over ~100,000 entries.
    .finally(() => execFileSync("rm", ["-rf", root]));
}
