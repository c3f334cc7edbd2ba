/** `sitewright thumbnail` and `sitewright thumbnails`: WebP thumbnails of a site's entities. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SitewrightError } from "../errors.js";
import { ENTITY_TYPES, type EntityRef } from "../generator/preview-routes.js";
import { allEntities, shootEntities } from "../show/shoot-entities.js";
import { createThumbnailer } from "../show/thumbnailer.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";
import { formatBytes, progressLine } from "./format.js";

const COMMON = `  --width PX       thumbnail width in pixels (default 400; an @2x file twice as wide is written too)
  --chromium PATH  Chromium binary (default $SITEWRIGHT_CHROMIUM, else /usr/bin/chromium)
  --concurrency N  pages shot at once (default 2)`;

const ONE_USAGE = `Usage: sitewright thumbnail <site> --type page|template|layout --id ID --out FILE.webp
                           [--width PX] [--chromium PATH]

Renders one page, template (alone, with its fields' defaults) or layout (around placeholder
content) and writes its thumbnail as WebP to FILE.webp and FILE@2x.webp.

${COMMON}`;

const ALL_USAGE = `Usage: sitewright thumbnails <site> --out DIR [--width PX] [--chromium PATH] [--concurrency N]

Writes a thumbnail of every page, template and layout of the site to DIR as
<type>-<id>.webp and <type>-<id>@2x.webp.

${COMMON}`;

const OPTIONS = {
  out: { type: "string" },
  width: { type: "string" },
  chromium: { type: "string" },
  concurrency: { type: "string" },
} as const;

/** `sitewright thumbnail`. */
export const thumbnailCommand: Command = {
  name: ["thumbnail"],
  summary: "Write a WebP thumbnail of one page, template or layout",
  usage: ONE_USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      ...OPTIONS,
      type: { type: "string" },
      id: { type: "string" },
    });
    const site = requireOption(positionals[0], "<site>");
    const out = requireOption(values.out, "--out");
    const type = requireOption(values.type, "--type");
    if (!(ENTITY_TYPES as readonly string[]).includes(type))
      throw new SitewrightError("E_USAGE", `--type must be one of ${ENTITY_TYPES.join(", ")}.`);
    const ref = { type, id: requireOption(values.id, "--id") } as EntityRef;
    const second = out.replace(/(\.webp)?$/i, "@2x.webp");
    await withThumbnailer(values, (thumbnailer) =>
      shootEntities(site, [ref], { thumbnailer, width: number(values.width) }, async (_, shot) => {
        await writeFile(out, shot.webp);
        await writeFile(second, shot.webp2x);
        io.stdout(
          `${out} (${shot.width}×${shot.height}, ${formatBytes(shot.webp.length)}), ${second} (${formatBytes(shot.webp2x.length)})\n`,
        );
      }),
    );
    return 0;
  },
};

/** `sitewright thumbnails`. */
export const thumbnailsCommand: Command = {
  name: ["thumbnails"],
  summary: "Write WebP thumbnails of every page, template and layout",
  usage: ALL_USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const site = requireOption(positionals[0], "<site>");
    const out = requireOption(values.out, "--out");
    await mkdir(out, { recursive: true });
    const refs = await allEntities(site);
    let bytes = 0;
    const started = performance.now();
    const count = await withThumbnailer(values, (thumbnailer) =>
      shootEntities(
        site,
        refs,
        {
          thumbnailer,
          width: number(values.width),
          onProgress: io.isTTY
            ? (done, total) => io.stderr(progressLine("Thumbnails", done, total))
            : undefined,
        },
        async (entity, shot) => {
          const name = `${entity.type}-${entity.id}`;
          await writeFile(join(out, `${name}.webp`), shot.webp);
          await writeFile(join(out, `${name}@2x.webp`), shot.webp2x);
          bytes += shot.webp.length + shot.webp2x.length;
        },
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    io.stdout(
      `Wrote ${count} thumbnails (${formatBytes(bytes)} with their @2x) in ${seconds.toFixed(1)} s → ${out}\n`,
    );
    return 0;
  },
};

async function withThumbnailer<T>(
  values: { chromium?: string; width?: string; concurrency?: string },
  use: (thumbnailer: ReturnType<typeof createThumbnailer>) => Promise<T>,
): Promise<T> {
  const thumbnailer = createThumbnailer({
    executablePath: values.chromium,
    concurrency: number(values.concurrency),
  });
  try {
    return await use(thumbnailer);
  } finally {
    await thumbnailer.close();
  }
}

function number(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new SitewrightError("E_USAGE", `Expected a whole number ≥ 1, not "${text}".`);
  return value;
}
