// Thumbnails per second of every page of the demo at 1, 2 and 4 pages at once, with one
// reused browser (`npm run bench -- --only thumbnails`, or `npx tsx bench/thumbnail-bench.ts
// [ROUNDS]`), and the size of each page's 400 px and 800 px WebP. The build of the pages is
// done before the clock starts: the figure is Chromium's and sharp's. Rounds alternate the
// concurrencies, so a busy spell of the machine does not fall on one of them only.
import { allEntities, shootEntities } from "../src/show/shoot-entities.js";
import { createThumbnailer } from "../src/show/thumbnailer.js";

const DEMO = new URL("../fixtures/sites/demo", import.meta.url).pathname;
const ROUNDS = Number(process.argv[2] ?? 1);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1)
  throw new Error(`ROUNDS must be 1 or more, not ${ROUNDS}`);
const CONCURRENCIES = [1, 2, 4];
const pages = (await allEntities(DEMO)).filter((e) => e.type === "page");
const rates = new Map<number, number[]>(CONCURRENCIES.map((c) => [c, []]));
const sizes = new Map<string, { bytes: number; bytes2x: number }>();

for (let round = 0; round < ROUNDS; round++) {
  for (const concurrency of CONCURRENCIES) {
    const thumbnailer = createThumbnailer({ concurrency });
    // Warm: the browser starts on the first shot, which is not what a reused browser costs.
    await shootEntities(DEMO, pages.slice(0, 1), { thumbnailer }, async () => {});
    let started = 0;
    const count = await shootEntities(
      DEMO,
      pages,
      {
        thumbnailer,
        onProgress: (done) => {
          if (done === 1) started = performance.now();
        },
      },
      async (entity, shot) => {
        sizes.set(`${entity.url}`, { bytes: shot.webp.length, bytes2x: shot.webp2x.length });
      },
    );
    await thumbnailer.close();
    // From the first shot's end to the last's: the entity build is left out.
    const seconds = (performance.now() - started) / 1000;
    rates.get(concurrency)?.push((count - 1) / seconds);
  }
}

for (const [concurrency, list] of rates) {
  const shown = list.map((r) => r.toFixed(1)).join(", ");
  const best = Math.max(...list);
  console.log(
    `thumbnails at ${concurrency} at once: ${pages.length} demo pages, ${shown} thumbnails/s ` +
      `(best ${(1000 / best).toFixed(0)} ms each)`,
  );
}
const all = [...sizes.values()];
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const spread = (pick: (s: { bytes: number; bytes2x: number }) => number) => {
  const values = all.map(pick).sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `${kb(values[0] ?? 0)}–${kb(values.at(-1) ?? 0)}, mean ${kb(mean)}`;
};
console.log(
  `sizes of ${all.length} pages: 400 px WebP ${spread((s) => s.bytes)}; 800 px WebP ${spread((s) => s.bytes2x)}`,
);
for (const [url, s] of [...sizes].sort(([a], [b]) => a.localeCompare(b)))
  console.log(`  ${url}: ${s.bytes} B, @2x ${s.bytes2x} B`);
