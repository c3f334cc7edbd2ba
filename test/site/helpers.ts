/** Shared builders for the site input tests. */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { SiteValidationError } from "../../src/errors.js";

/** A small valid raw site as a backend would export it; tests mutate a fresh copy. */
// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary raw shapes into the input on purpose
export function rawSite(): Record<string, any> {
  return {
    website: { id: 1, name: "Bakkerij Test", domain: "example.com", default_layout_id: 1 },
    pages: [
      {
        id: 1,
        post_title: "Home",
        post_name: "/",
        status: "1",
        components: [
          {
            id: 10,
            component_id: "sectionContent",
            menu_order: "490",
            meta: {
              section_content: {
                time: 1594475302702,
                blocks: [{ type: "paragraph", data: { text: "Hallo" } }],
                version: "2.18.0",
              },
              padding_top: "20",
              padding_bottom: "20",
              flex_grids: "w-full",
              content_hotizontal_position: "justify-start",
            },
          },
        ],
      },
      { id: 2, post_title: "About", post_name: "/about/", status: 1, layout_id: 1 },
      { id: 3, post_title: "Catering", post_name: "services/catering", status: true },
    ],
    templates: [
      { id: 5, name: "Header", code: "<header>{{ site.name }}</header>", custom_fields: [] },
    ],
    layouts: [{ id: 1, name: "Default", header_template_ids: [5], footer_template_ids: [] }],
    menus: [{ id: 1, name: "Main", items: [{ title: "About", page_id: 2 }] }],
  };
}

/** Runs `fn`, expects a SiteValidationError and returns it. */
export function expectValidationError(fn: () => unknown): SiteValidationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SiteValidationError);
    return err as SiteValidationError;
  }
  throw new Error("expected a SiteValidationError, nothing was thrown");
}

export { rejection } from "../helpers/rejection.js";

/** Writes `raw` into `dir` as a site directory: one file per page (or the given grouping), the rest as <name>.json. */
export async function writeSiteDirectory(
  dir: string,
  raw: Record<string, unknown>,
  group: (pages: unknown[]) => unknown[][] = (pages) => pages.map((p) => [p]),
): Promise<void> {
  await mkdir(join(dir, "pages"));
  for (const [name, value] of Object.entries(raw)) {
    if (name !== "pages") await writeFile(join(dir, `${name}.json`), JSON.stringify(value));
  }
  const groups = group(raw.pages as unknown[]);
  for (const [i, pages] of groups.entries()) {
    const body = pages.length === 1 ? pages[0] : pages;
    await writeFile(join(dir, "pages", `${String(i).padStart(4, "0")}.json`), JSON.stringify(body));
  }
}
