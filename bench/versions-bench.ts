/**
 * Version store benchmark. Run: `npx tsx bench/versions-bench.ts [--files 10000]`.
 * - create + zip of a synthetic build, in MB/s, beside `zip -qr` of the same directory;
 * - activate and rollback latency at 100 and 10,000 files (should be flat, < 20 ms).
 * Prints figures only; no assertions (timings depend on the machine).
 */
import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
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
  },
});
const FILES = Number(values.files);
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

  for (const fsync of [true, false]) {
    const store = createVersionStore({ root: join(root, `store-${fsync}`), fsync });
    const t = process.hrtime.bigint();
    const v = await store.create("bench", build);
    const took = ms(t);
    const zipMb = statSync((await store.zip("bench", v.id)).path).size / 1024 / 1024;
    console.log(
      `store.create (link + ${fsync ? "fsync + " : ""}zip): ${(took / 1000).toFixed(2)} s, ${(mb / (took / 1000)).toFixed(1)} MB/s, ` +
        `zip ${zipMb.toFixed(1)} MB`,
    );
  }

  const manifest = await readManifest(build);
  const manifestSize = statSync(join(build, "manifest.json")).size;
  let t = process.hrtime.bigint();
  await writeZip(build, manifestZipEntries(manifest, manifestSize), join(root, "only.zip"), {
    fsync: false,
  });
  const zipOnly = ms(t);
  console.log(
    `writeZip alone (archiver): ${(zipOnly / 1000).toFixed(2)} s, ${(mb / (zipOnly / 1000)).toFixed(1)} MB/s`,
  );
  t = process.hrtime.bigint();
  execFileSync("zip", ["-qr", join(root, "info-zip.zip"), "."], { cwd: build });
  const infoZip = ms(t);
  const infoMb = statSync(join(root, "info-zip.zip")).size / 1024 / 1024;
  console.log(
    `zip -qr (Info-ZIP):        ${(infoZip / 1000).toFixed(2)} s, ${(mb / (infoZip / 1000)).toFixed(1)} MB/s, zip ${infoMb.toFixed(1)} MB`,
  );

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
      t = process.hrtime.bigint();
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
  const root = mkdtempSync(join(tmpdir(), "sw-versions-bench-"));
  await main(root)
    .catch((err) => {
      console.error(err);
      process.exitCode = 1;
    })
    // rm -rf is much faster than a recursive rmSync over ~100,000 entries.
    .finally(() => execFileSync("rm", ["-rf", root]));
}
