/** A small site with a blog, for the structure tests; tests override posts and settings. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type BuildOptions, buildSite } from "../../src/generator/build.js";
import { miniSite } from "../generator/helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary raw shapes into the input on purpose
type Raw = Record<string, any>;

/** A raw post with every seed-003 field, overridable. */
export function post(id: number, overrides: Raw = {}): Raw {
  return {
    id,
    title: `Post ${id}`,
    url: `post-${id}`,
    status: "1",
    content: { blocks: [{ type: "paragraph", data: { text: `Body of post ${id}` } }] },
    intro: `Intro of post ${id}`,
    image: null,
    sort_number: null,
    main_category_id: null,
    layout_id: null,
    meta_keyword: null,
    meta_title: null,
    meta_image: null,
    disable_single_page: "0",
    disable_listing: 0,
    meta_description: null,
    canonical_url: null,
    no_index: false,
    scheduled_at: null,
    categories: null,
    created_at: `2024-01-${String(id).padStart(2, "0")} 09:00:00`,
    updated_at: null,
    published_at: `2024-01-${String(id).padStart(2, "0")} 10:00:00`,
    ...overrides,
  };
}

/** The blog structure: two categories, `posts` (default 5 plain ones), 2 per page. */
export function blog(overrides: Raw = {}): Raw {
  return {
    id: 1,
    type: "blog",
    title: "Blog",
    description: "News from the mini site",
    url: "blog",
    items_per_page: 2,
    categories: [
      { id: 1, name: "Recipes", slug: "recipes", description: "Things to bake" },
      { id: 2, name: "News", slug: "news" },
    ],
    posts: [1, 2, 3, 4, 5].map((i) => post(i)),
    ...overrides,
  };
}

/** The mini site of the generator tests with `structures` set. */
export function blogSite(structures: Raw[] = [blog()], overrides: Raw = {}): Raw {
  return miniSite({ structures, ...overrides });
}

/** Builds `site` into a fresh directory under `root`; returns the result and a file reader. */
export async function build(root: string, site: Raw | string, options: Partial<BuildOptions> = {}) {
  const outDir = join(root, `out-${++builds}`);
  const result = await buildSite(site, {
    outDir,
    baseUrl: "https://mini.example/",
    now: new Date("2024-06-01T00:00:00Z"),
    ...options,
  });
  const read = (file: string) => readFileSync(join(outDir, file), "utf8");
  const exists = (file: string) => existsSync(join(outDir, file));
  /** The `<main>` element of a page. */
  const main = (file: string) => {
    const html = read(file);
    return html.slice(html.indexOf("<main"), html.indexOf("</main>"));
  };
  return { result, outDir, read, exists, main };
}

let builds = 0;
