import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import sharp from "sharp";
import { miniSite } from "../generator/helpers.js";

/** Writes a solid-colour test image of the given size and format. */
export async function makeImage(
  file: string,
  width: number,
  height: number,
  format: "jpeg" | "png" | "webp" = "jpeg",
  color = "#c08040",
): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const channels = format === "png" ? 4 : 3;
  await sharp({ create: { width, height, channels, background: color } })
    .toFormat(format)
    .toFile(file);
}

/** The mini site whose home page shows the given components (and nothing else). */
export function siteWith(
  components: unknown[],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const base = miniSite();
  const pages = base.pages as Record<string, unknown>[];
  return {
    ...base,
    pages: [{ ...pages[0], components }, ...pages.slice(1)],
    ...overrides,
  };
}

/** A `sectionImage` component. */
export function imageComponent(id: number, image: string, extra: Record<string, unknown> = {}) {
  return { id, component_id: "sectionImage", menu_order: id, meta: { image, ...extra } };
}

/** A `sectionContent` component holding one Editor.js image block. */
export function editorImageComponent(id: number, url: string, caption = "") {
  return {
    id,
    component_id: "sectionContent",
    menu_order: id,
    meta: { section_content: { blocks: [{ type: "image", data: { file: { url }, caption } }] } },
  };
}

/** Every file under `dir` (relative, `/`-separated) with its mtime and size, for "untouched" checks. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const name of readdirSync(join(dir, sub))) {
      const rel = sub ? `${sub}/${name}` : name;
      const info = statSync(join(dir, rel));
      if (info.isDirectory()) walk(rel);
      else
        out[rel] =
          `${info.size}:${info.mtimeMs}:${readFileSync(join(dir, rel)).toString("base64").slice(0, 64)}`;
    }
  };
  walk("");
  return out;
}
