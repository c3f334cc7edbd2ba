/**
 * Property (fast-check): after any sequence of edits to a small site directory, each followed
 * by an incremental build into one folder, that folder holds exactly what a clean build of the
 * same input writes into another (every file's bytes, the manifest, the warnings). Edits: page
 * text, a page's section settings (its utility classes), a page's slug, a new page, a deleted page, a template's code, a menu label,
 * a layout, a structure post, its category, the site's colors, an image's pixels.
 * SITEWRIGHT_PROPERTY_RUNS sets how many sequences run (4 by default, ~40 builds).
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../../src/generator/build.js";
import { tempDir } from "../helpers.js";
import { buildAndCompare, type SiteModel, writeSiteDir } from "./helpers.js";
import { content, IMAGES, page, smallAssets, smallSite } from "./small-site.js";

type Row = Record<string, unknown>;
type Rows = Row[];
interface State {
  model: SiteModel;
  assets: Record<string, string>;
  nextId: number;
}
interface Edit {
  name: string;
  /** Changes the state; `seed` picks what and how. */
  run(state: State, seed: number): void;
}

const pickFrom = <T>(list: readonly T[], seed: number): T => list[seed % list.length] as T;
const posts = (m: SiteModel) => ((m.structures as Rows)[0] as { posts: Rows }).posts;
/** Pages other than the home page, which every menu and edit may rely on. */
const others = (m: SiteModel) => m.pages.filter((p) => p.post_name !== "/");

const EDITS: Edit[] = [
  {
    name: "page padding",
    run: ({ model }, seed) => {
      // The home page renders first, so its render process reports the site's common classes
      // for every page: changing its settings tests that carried pages keep theirs.
      const target = pickFrom(model.pages, seed % 3 ? 0 : seed);
      for (const c of target.components as Rows) {
        const meta = c.meta as Row | undefined;
        if (meta && "padding_top" in meta) meta.padding_top = String((seed % 4) * 10 + 5);
        if (meta && "flex_grids" in meta) meta.flex_grids = seed % 2 ? "w-1/3" : "w-full";
      }
    },
  },
  {
    name: "page text",
    run: ({ model }, seed) => {
      const target = pickFrom(model.pages, seed);
      const components = target.components as Rows;
      components.push(content(7000 + seed, `Edited ${seed}`, (seed % 5) * 10));
    },
  },
  {
    name: "page slug",
    run: ({ model }, seed) => {
      const target = pickFrom(others(model), seed);
      target.post_name = `moved-${seed}-${String(target.id)}`;
    },
  },
  {
    name: "new page",
    run: (state, seed) => {
      const id = state.nextId++;
      const added = page(id, `new-${id}`, `Fresh page ${seed}`);
      // Some new pages show a picture() template, one reads the blog.
      if (seed % 2)
        (added.components as Rows).push({
          id: id * 100 + 9,
          component_id: "templatePartial",
          template_id: seed % 4 ? 5 : 6,
          menu_order: 9,
          custom_fields: { image: "/assets/hero.jpg" },
        });
      state.model.pages.push(added);
    },
  },
  {
    name: "deleted page",
    run: ({ model }, seed) => {
      if (others(model).length < 2) return;
      const gone = pickFrom(others(model), seed);
      model.pages = model.pages.filter((p) => p !== gone);
      for (const menu of model.menus as Array<{ items: Rows }>)
        menu.items = menu.items.filter((item) => item.page_id !== gone.id);
    },
  },
  {
    name: "template code",
    run: ({ model }, seed) => {
      const template = pickFrom((model.templates as Rows).slice(1), seed);
      template.code = `${String(template.code)}<!-- v${seed} -->`;
    },
  },
  {
    name: "menu label",
    run: ({ model }, seed) => {
      const menu = pickFrom(model.menus as Array<{ items: Rows }>, seed);
      const item = menu.items[0];
      if (item) item.title = `Label ${seed}`;
    },
  },
  {
    name: "layout",
    run: ({ model }, seed) => {
      if (seed % 2) {
        const target = pickFrom(model.pages, seed);
        target.layout_id = target.layout_id === 2 ? 1 : 2;
      } else {
        const layout = (model.layouts as Rows)[0] as { footer_template_ids: number[] };
        layout.footer_template_ids = layout.footer_template_ids.length === 1 ? [2, 4] : [2];
      }
    },
  },
  {
    name: "structure post",
    run: ({ model }, seed) => {
      const post = pickFrom(posts(model), seed);
      post.title = `Post title ${seed}`;
      post.content = { blocks: [{ type: "paragraph", data: { text: `Post body ${seed}` } }] };
    },
  },
  {
    name: "post category",
    run: ({ model }, seed) => {
      const post = pickFrom(posts(model), seed);
      const category = post.main_category_id === 1 ? 2 : 1;
      post.main_category_id = category;
      post.categories = String(category);
    },
  },
  {
    name: "site colors",
    run: ({ model }, seed) => {
      const website = model.website as { customization: { colors: Record<string, string> } };
      website.customization.colors.primary = `#${(0x100000 + seed * 7919).toString(16).slice(-6)}`;
    },
  },
  {
    name: "image",
    run: ({ assets }, seed) => {
      // hero.jpg is shown by a post, by the Card template's picture() and by new pages.
      assets["hero.jpg"] = seed % 2 ? IMAGES.shop : IMAGES.hero;
      assets["cake.png"] = IMAGES.cake;
    },
  },
];

const RUNS = Number(process.env.SITEWRIGHT_PROPERTY_RUNS ?? 4);
const root = tempDir("sw-inc-prop-");
const now = new Date("2025-01-01T00:00:00Z");
const options = { now, workers: 1, cacheDir: join(root, "cache") };
let run = 0;

describe("incremental builds", () => {
  it("write the same bytes as a clean build after any sequence of edits", async () => {
    const step = fc.tuple(fc.nat(EDITS.length - 1), fc.nat(1000));
    // One sequence that makes every kind of edit, then random ones.
    const everyEdit = EDITS.map((_, i): [number, number] => [i, i * 37 + 1]);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 6 }), async (steps) => {
        run++;
        const site = join(root, `site-${run}`);
        const inc = join(root, `inc-${run}`);
        const clean = join(root, `clean-${run}`);
        const state: State = { model: smallSite(), assets: smallAssets(), nextId: 100 };
        writeSiteDir(site, state.model, state.assets);
        await buildSite(site, { ...options, outDir: inc });
        let carriedSome = false;
        for (const [edit, seed] of steps) {
          (EDITS[edit] as Edit).run(state, seed);
          writeSiteDir(site, state.model, state.assets);
          const { incremental } = await buildAndCompare(site, inc, clean, options);
          expect(incremental.incremental.clean).toBeNull();
          carriedSome ||= incremental.incremental.carried > 0;
        }
        // The property is only worth something if builds did carry files.
        expect(carriedSome).toBe(true);
      }),
      { numRuns: RUNS, examples: [[everyEdit]] },
    );
  }, 120_000);
});
