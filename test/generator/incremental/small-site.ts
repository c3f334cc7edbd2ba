/**
 * A small site that touches every kind of input an incremental build tracks: templates that
 * include each other, a menu read by literal id, a template reading `structures`, `picture()`,
 * forms, blocks, areas, two layouts, a blog with categories, local images and colors.
 */
import { join } from "node:path";
import { beforeEach } from "vitest";
import { type BuildOptions, type BuildResult, buildSite } from "../../../src/generator/build.js";
import { tempDir } from "../helpers.js";
import { type SiteModel, writeSiteDir } from "./helpers.js";

/** The demo's images, used as the small site's assets. */
export const IMAGES = {
  hero: join(import.meta.dirname, "../../../fixtures/sites/demo/assets/hero-brood.jpg"),
  shop: join(import.meta.dirname, "../../../fixtures/sites/demo/assets/winkel.jpg"),
  cake: join(import.meta.dirname, "../../../fixtures/sites/demo/assets/taart.png"),
};

const paragraph = (text: string) => ({ blocks: [{ type: "paragraph", data: { text } }] });

/** A content component with utility classes. */
export function content(id: number, text: string, padding = 20): Record<string, unknown> {
  return {
    id,
    component_id: "sectionContent",
    menu_order: id % 100,
    meta: {
      section_content: paragraph(text),
      padding_top: String(padding),
      flex_grids: "w-full md:w-1/2",
    },
  };
}

/** A page with a hero and a paragraph. */
export function page(id: number, slug: string, text: string): Record<string, unknown> {
  return {
    id,
    post_title: `Page ${id}`,
    post_name: slug,
    status: 1,
    components: [
      {
        id: id * 100 + 1,
        component_id: "templatePartial",
        template_id: 3,
        menu_order: 0,
        custom_fields: { title: `Title ${id}` },
      },
      content(id * 100 + 2, text),
    ],
  };
}

/** A fresh copy of the small site. */
export function smallSite(): SiteModel {
  return {
    website: {
      id: 9,
      name: "Small",
      domain: "small.example",
      language: "en",
      default_layout_id: 1,
      customization: { colors: { primary: "#123456" }, fonts: { body: "Inter" } },
    },
    templates: [
      { id: 1, name: "Header", code: '<header>{{ site.name }} {{ menu("1") }}</header>' },
      { id: 2, name: "Footer", code: "<footer>{{ page.title }}</footer>" },
      {
        id: 3,
        name: "Hero",
        code: '<h1>{{ fields.title }}</h1>{% include "template:4" %}',
        custom_fields: [{ name: "title", label: "Title", type: "text", default: "Hi" }],
      },
      { id: 4, name: "Badge", code: '<span class="badge">new</span>' },
      {
        id: 5,
        name: "Card",
        code: '<div class="card">{{ picture(fields.image, alt="card") }}</div>',
        custom_fields: [{ name: "image", label: "Image", type: "image", default: null }],
      },
      {
        id: 6,
        name: "Latest",
        code: "<ul>{% for p in structures.blog.posts %}<li>{{ p.title }}</li>{% endfor %}</ul>",
      },
    ],
    layouts: [
      { id: 1, name: "Main", header_template_ids: [1], footer_template_ids: [2] },
      { id: 2, name: "Plain", header_template_ids: [1], footer_template_ids: [] },
    ],
    areas: { footer: [content(9001, "Footer area text", 10)] },
    menus: [
      {
        id: 1,
        name: "Main",
        items: [
          { title: "Home", page_id: 1 },
          { title: "About", page_id: 2 },
        ],
      },
      { id: 2, name: "Side", items: [{ title: "Blog", url: "/blog/" }] },
    ],
    forms: [
      {
        id: 1,
        name: "Contact",
        fields: [{ name: "email", label: "Email", type: "email", required: true }],
      },
    ],
    blocks: [{ id: 1, name: "Notice", content: paragraph("A reusable notice.") }],
    structures: [
      {
        id: 1,
        type: "blog",
        title: "Blog",
        url: "blog",
        category_url: "blog/category",
        items_per_page: 2,
        categories: [
          { id: 1, name: "News", slug: "news" },
          { id: 2, name: "Recipes", slug: "recipes" },
        ],
        posts: [1, 2, 3].map((n) => ({
          id: n,
          title: `Post ${n}`,
          url: `post-${n}`,
          status: 1,
          intro: `Intro ${n}`,
          image: n === 1 ? "/assets/hero.jpg" : null,
          categories: n === 3 ? "2" : "1",
          main_category_id: n === 3 ? 2 : 1,
          published_at: `2024-0${n}-01T10:00:00Z`,
          content: paragraph(`Body of post ${n}`),
        })),
      },
    ],
    pages: [
      page(1, "/", "Welcome home"),
      page(2, "about", "About us"),
      {
        ...page(3, "gallery", "Pictures"),
        layout_id: 2,
        components: [
          {
            id: 301,
            component_id: "sectionImage",
            menu_order: 1,
            meta: { image: "/assets/cake.png", alt: "Cake", padding_bottom: "30" },
          },
          {
            id: 302,
            component_id: "templatePartial",
            template_id: 5,
            menu_order: 2,
            custom_fields: { image: "/assets/shop.jpg" },
          },
        ],
      },
      {
        ...page(4, "contact", "Write to us"),
        components: [
          { id: 401, component_id: "sectionForm", menu_order: 1, meta: { form_id: 1 } },
          { id: 402, component_id: "sectionMenu", menu_order: 2, meta: { menu_id: 2 } },
          { id: 403, component_id: "sectionBlock", menu_order: 3, meta: { block_id: 1 } },
        ],
      },
      {
        ...page(5, "news", "Latest news"),
        components: [
          { id: 501, component_id: "templatePartial", template_id: 6, menu_order: 1 },
          {
            id: 502,
            component_id: "sectionStructure",
            menu_order: 2,
            meta: { structure: "blog", count: 2, padding_top: "40" },
          },
        ],
      },
    ],
  };
}

/** The small site's assets: name in `assets/` → source file. */
export function smallAssets(): Record<string, string> {
  return { "hero.jpg": IMAGES.hero, "shop.jpg": IMAGES.shop, "cake.png": IMAGES.cake };
}

/** The directories of one test: the site, its incremental output and a clean build's. */
export interface TestDirs {
  site: string;
  inc: string;
  clean: string;
}

/** The running test's small site (see smallSiteEachTest). */
export interface SmallSiteTest {
  root: string;
  options: Omit<BuildOptions, "outDir">;
  /** The running test's number, which names its directories. */
  n: number;
  dirs: TestDirs;
  model: SiteModel;
  /** Its first (clean) build into `dirs.inc`. */
  first: BuildResult;
}

/**
 * Gives each test of the file the small site (with its assets) in fresh directories
 * `<root>/*-<n>`, built once into `inc`; the returned object holds the running test's.
 */
export function smallSiteEachTest(prefix: string): SmallSiteTest {
  const root = tempDir(prefix);
  const t = {
    root,
    options: { now: new Date("2025-01-01T00:00:00Z"), workers: 1, cacheDir: join(root, "cache") },
    n: 0,
  } as SmallSiteTest;
  beforeEach(async () => {
    t.n++;
    t.dirs = {
      site: join(root, `site-${t.n}`),
      inc: join(root, `inc-${t.n}`),
      clean: join(root, `clean-${t.n}`),
    };
    t.model = smallSite();
    writeSiteDir(t.dirs.site, t.model, smallAssets());
    t.first = await buildSite(t.dirs.site, { ...t.options, outDir: t.dirs.inc });
  });
  return t;
}
