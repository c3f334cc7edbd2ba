// Thumbnails per second of every page of the demo at 1, 2 and 4 pages at once, with one
// reused browser (`npm run bench -- --only thumbnails`). The build of the pages is done once,
// before the clock starts: the figure is Chromium's and sharp's.
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allEntities, shootEntities } from "../src/show/shoot-entities.js";
import { createThumbnailer } from "../src/show/thumbnailer.js";

const DEMO = new URL("../fixtures/sites/demo", import.meta.url).pathname;
const pages = (await allEntities(DEMO)).filter((e) => e.type === "page");
const out = join(tmpdir(), "sitewright-thumbnail-bench");
await rm(out, { recursive: true, force: true });

for (const concurrency of [1, 2, 4]) {
  const thumbnailer = createThumbnailer({ concurrency });
  // Warm: the browser starts on the first shot, which is not what a reused browser costs.
  await shootEntities(DEMO, pages.slice(0, 1), { thumbnailer }, async () => {});
  let bytes = 0;
  let started = 0;
  const count = await shootEntities(
    DEMO,
    pages,
    {
      thumbnailer,
      onProgress: (done) => {
        if (done === 1 && started === 0) started = performance.now();
      },
    },
    async (entity, shot) => {
      bytes += shot.webp.length;
      await writeFile(`${out}-${entity.id}.webp`, shot.webp).catch(() => {});
    },
  );
  await thumbnailer.close();
  // From the first shot's end to the last's: the entity build is left out.
  const seconds = (performance.now() - started) / 1000;
  const perSecond = (count - 1) / seconds;
  console.log(
    `thumbnails at ${concurrency} at once: ${count} demo pages, ${perSecond.toFixed(1)} thumbnails/s ` +
      `(${((1000 * seconds) / (count - 1)).toFixed(0)} ms each), average 400 px WebP ${(bytes / count / 1024).toFixed(1)} KB`,
  );
}
