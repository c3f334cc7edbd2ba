import { readFileSync, writeFileSync } from "node:fs";
import { cp, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { SiteValidationError } from "../../../src/errors.js";
import { buildSite } from "../../../src/generator/build.js";
import { loadSite } from "../../../src/site/load.js";
import { rejection } from "../../helpers/rejection.js";
import { tempDir } from "../helpers.js";

// The render processes check a `pages/` folder's files (in blocks of 8, in turn) before the
// build is set up, and keep the pages they checked for rendering.
const DEMO = "fixtures/sites/demo";
const NOW = new Date("2026-11-01T12:00:00Z");

/** The demo with `count` more pages, each with a paragraph of `text`. */
async function demoWith(dir: string, count: number, text = "Extra"): Promise<string> {
  const site = join(dir, `site-${count}-${text.length}`);
  await cp(DEMO, site, { recursive: true });
  for (let i = 0; i < count; i++) {
    const page = {
      id: 9000 + i,
      post_title: `Extra ${i}`,
      post_name: `extra-${i}`,
      status: 1,
      components: [
        {
          id: 90000 + i,
          component_id: "sectionContent",
          meta: {
            section_content: { blocks: [{ type: "paragraph", data: { text: `${text} ${i}` } }] },
          },
        },
      ],
    };
    writeFileSync(join(site, "pages", `zz-extra-${1000 + i}.json`), JSON.stringify(page));
  }
  return site;
}

async function leftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.includes(".tmp-"));
}

describe("page files checked by the render processes", () => {
  const dir = tempDir("sw-parallel-check-");

  it("reports what loadSite reports, with problems in pages checked by different processes", async () => {
    const site = await demoWith(dir, 20);
    // Changes the page and its only component.
    const edit = (
      name: string,
      change: (page: Record<string, unknown>, component: Record<string, unknown>) => void,
    ) => {
      const file = join(site, "pages", name);
      const page = JSON.parse(readFileSync(file, "utf8"));
      change(page, page.components[0]);
      writeFileSync(file, JSON.stringify(page));
    };
    // The demo's 13 pages come first: files 0-7 go to the first process, 8-15 to the second,
    // 16-23 to the first again. A bad type on page 13 (second process); a component id the
    // demo's page 12 uses and a slug collision on page 18, a missing layout and a bad title on
    // page 23 (first process).
    edit("zz-extra-1000.json", (_, c) => {
      c.component_id = "sectionNope";
    });
    edit("zz-extra-1005.json", (p, c) => {
      c.id = 1201;
      p.post_name = "extra-6";
    });
    edit("zz-extra-1010.json", (p) => {
      p.layout_id = 4242;
      p.post_title = { not: "text" };
    });
    const expected = ((await rejection(loadSite(site))) as SiteValidationError).errors;
    const keys = Object.keys(expected).join(" ");
    for (const page of ["pages[13]", "pages[18]", "pages[23]"]) expect(keys).toContain(page);
    const out = join(dir, "out-invalid");
    const err = (await rejection(
      buildSite(site, { outDir: out, workers: 2 }),
    )) as SiteValidationError;
    expect(err.code).toBe("E_SITE_INVALID");
    expect(err.errors).toStrictEqual(expected);
    expect(Object.keys(err.errors)).toEqual(Object.keys(expected));
    expect(await readdir(dir)).not.toContain("out-invalid");
    expect(await leftovers(dir)).toEqual([]);
  });

  it("builds the same bytes with 1, 2 and 3 processes as from the bundle of the same site", async () => {
    const site = await demoWith(dir, 30);
    const build = (workers: number) =>
      buildSite(site, { outDir: join(dir, `out-${workers}`), workers, now: NOW });
    const one = await build(1);
    expect((await build(2)).manifest).toStrictEqual(one.manifest);
    expect((await build(3)).manifest).toStrictEqual(one.manifest);
    const bundle = await loadSite(site);
    const fromBundle = await buildSite(bundle, {
      outDir: join(dir, "out-bundle"),
      now: NOW,
      assetsDir: join(site, "assets"),
    });
    expect(fromBundle.manifest).toStrictEqual(one.manifest);
    expect(one.pages).toBe(fromBundle.pages);
    expect(one.pages).toBeGreaterThan(bundle.pages.length);
  });

  it("renders the pages as they were checked, even when their files change during the build", async () => {
    const site = await demoWith(dir, 40);
    const out = join(dir, "out-kept");
    const names = (await readdir(join(site, "pages"))).filter((n) => n.startsWith("zz-"));
    await buildSite(site, {
      outDir: out,
      now: NOW,
      workers: 2,
      onProgress: (done) => {
        if (done !== 1) return;
        for (const name of names) {
          const file = join(site, "pages", name);
          writeFileSync(file, readFileSync(file, "utf8").replace("Extra ", "Edited "));
        }
      },
    });
    const last = await readFile(join(out, "extra-39", "index.html"), "utf8");
    expect(last).toContain("Extra 39");
    expect(last).not.toContain("Edited");
  });

  it("pages beyond what the processes may hold are read again, and an edit then fails the build with E_SITE_CHANGED", async () => {
    // 60 pages of about 130 KB: more than a 48 MiB process may hold (an eighth of its heap).
    const site = await demoWith(dir, 60, "x".repeat(130_000));
    const out = join(dir, "out-changed");
    const first = await buildSite(site, { outDir: out, now: NOW, workers: 1, renderHeapMb: 48 });
    const names = (await readdir(join(site, "pages"))).filter((n) => n.startsWith("zz-"));
    const err = await rejection(
      buildSite(site, {
        outDir: out,
        now: NOW,
        workers: 1,
        renderHeapMb: 48,
        // Clean: an incremental build would carry these unchanged pages, never reading them again.
        incremental: false,
        onProgress: (done) => {
          if (done !== 1) return;
          for (const name of names.slice(-30)) {
            const file = join(site, "pages", name);
            writeFileSync(file, readFileSync(file, "utf8").replace('"id"', '"id" '));
          }
        },
      }),
    );
    expect(err.code).toBe("E_SITE_CHANGED");
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8"));
    expect(manifest).toStrictEqual(first.manifest);
    expect(await leftovers(dir)).toEqual([]);
  });

  it("a render process that dies while checking fails the build with E_RENDER_LIMIT, output untouched", async () => {
    const site = await demoWith(dir, 0);
    const out = join(dir, "out-oom");
    const first = await buildSite(site, { outDir: out, now: NOW, workers: 1 });
    // One page file far larger than the process's heap.
    const page = { id: 777, post_title: "Huge", post_name: "huge", status: 1, components: [] };
    writeFileSync(
      join(site, "pages", "999-huge.json"),
      JSON.stringify({ ...page, seo_description: "x".repeat(60_000_000) }),
    );
    const err = await rejection(
      buildSite(site, { outDir: out, now: NOW, workers: 1, renderHeapMb: 32 }),
    );
    expect(err.code).toBe("E_RENDER_LIMIT");
    expect(err.message).toMatch(/checking the site's pages \(out-of-memory/);
    expect(err.hint).toMatch(/renderHeapMb/);
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8"));
    expect(manifest).toStrictEqual(first.manifest);
    expect(await leftovers(dir)).toEqual([]);
  });
});
