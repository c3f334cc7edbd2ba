/** `sitewright thumbnail` and `sitewright thumbnails`: WebP thumbnails of a site's entities. */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { SitewrightError } from "../errors.js";
import { ENTITY_TYPES, type EntityRef } from "../generator/preview-routes.js";
import { allEntities, shootEntities } from "../show/shoot-entities.js";
import { createThumbnailer, type Thumbnail } from "../show/thumbnailer.js";
import { writeFileAtomic } from "../versions/fs-util.js";
import { type Command, parseCommandArgs, requireOption } from "./command.js";
import { formatBytes, progressLine } from "./format.js";

const COMMON = `  --width PX       thumbnail width in pixels (default 400; an @2x file twice as wide is written too)
  --chromium PATH  Chromium binary (default $SITEWRIGHT_CHROMIUM, else /usr/bin/chromium)
  --json           print the files written and their sizes as JSON`;

const ONE_USAGE = `Usage: sitewright thumbnail <site> --type page|template|layout --id ID --out FILE.webp
                           [--width PX] [--chromium PATH] [--json]

Renders one page, template (alone, with its fields' defaults) or layout (around placeholder
content) and writes its thumbnail as WebP to FILE.webp and FILE@2x.webp.

${COMMON}`;

const ALL_USAGE = `Usage: sitewright thumbnails <site> --out DIR [--width PX] [--chromium PATH] [--concurrency N] [--json]

Writes a thumbnail of every page, template and layout of the site to DIR as
<type>-<id>.webp and <type>-<id>@2x.webp, with a progress bar on a terminal.

${COMMON}
  --concurrency N  pages shot at once (default 2)`;

const OPTIONS = {
  out: { type: "string" },
  width: { type: "string" },
  chromium: { type: "string" },
  json: { type: "boolean" },
} as const;

/** What was written for one entity, as `--json` prints it. */
interface Written {
  type: string;
  id: string;
  webp: string;
  webp2x: string;
  width: number;
  height: number;
  bytes: number;
  bytes2x: number;
}

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
    const width = number(values.width, "--width");
    const second = out.replace(/(\.webp)?$/i, "@2x.webp");
    let written: Written | undefined;
    await withThumbnailer(values, (thumbnailer) =>
      shootEntities(site, [ref], { thumbnailer, width }, async (entity, shot) => {
        written = await writeShot(entity, shot, out, second);
      }),
    );
    const w = written as Written;
    if (values.json) io.stdout(`${JSON.stringify(w, null, 2)}\n`);
    else
      io.stdout(
        `${w.webp} (${w.width}×${w.height}, ${formatBytes(w.bytes)}), ${w.webp2x} (${formatBytes(w.bytes2x)})\n`,
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
    const { values, positionals } = parseCommandArgs(argv, {
      ...OPTIONS,
      concurrency: { type: "string" },
    });
    const site = requireOption(positionals[0], "<site>");
    const out = requireOption(values.out, "--out");
    const width = number(values.width, "--width");
    const refs = await allEntities(site);
    const written: Written[] = [];
    const started = performance.now();
    await withThumbnailer(values, (thumbnailer) =>
      shootEntities(
        site,
        refs,
        {
          thumbnailer,
          width,
          onProgress:
            io.isTTY && !values.json
              ? (done, total) => io.stderr(progressLine("Thumbnails", done, total))
              : undefined,
        },
        async (entity, shot) => {
          const name = join(out, `${entity.type}-${entity.id}`);
          written.push(await writeShot(entity, shot, `${name}.webp`, `${name}@2x.webp`));
        },
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    if (values.json) {
      io.stdout(`${JSON.stringify({ count: written.length, seconds, files: written }, null, 2)}\n`);
      return 0;
    }
    const bytes = written.reduce((sum, w) => sum + w.bytes + w.bytes2x, 0);
    io.stdout(
      `Wrote ${written.length} thumbnails (${formatBytes(bytes)} with their @2x) in ${seconds.toFixed(1)} s → ${out}\n`,
    );
    return 0;
  },
};

/** Writes both files of a shot, each whole or not at all, creating their folder. */
async function writeShot(
  entity: EntityRef,
  shot: Thumbnail,
  webp: string,
  webp2x: string,
): Promise<Written> {
  await mkdir(dirname(webp), { recursive: true });
  await mkdir(dirname(webp2x), { recursive: true });
  await writeFileAtomic(webp, shot.webp);
  await writeFileAtomic(webp2x, shot.webp2x);
  return {
    type: entity.type,
    id: String(entity.id),
    webp,
    webp2x,
    width: shot.width,
    height: shot.height,
    bytes: shot.webp.length,
    bytes2x: shot.webp2x.length,
  };
}

async function withThumbnailer<T>(
  values: { chromium?: string; concurrency?: string },
  use: (thumbnailer: ReturnType<typeof createThumbnailer>) => Promise<T>,
): Promise<T> {
  const thumbnailer = createThumbnailer({
    executablePath: values.chromium,
    concurrency: number(values.concurrency, "--concurrency"),
  });
  try {
    return await use(thumbnailer);
  } finally {
    await thumbnailer.close();
  }
}

function number(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new SitewrightError("E_USAGE", `${flag} must be a whole number ≥ 1, not "${text}".`);
  return value;
}
