import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { syntheticImageUrl, writeSyntheticImages } from "./synthetic-images.js";
import { writeSyntheticBlog } from "./synthetic-structures.js";

/** Options for a generated benchmark site. */
export interface SyntheticSiteOptions {
  pages: number;
  /** Deterministic content: the same seed gives the same site. */
  seed?: number;
  /** With a count: that many images in `assets/`, and one in ten content components a `sectionImage` of one of them. */
  images?: number;
  /** Percent of the `pages` routes that are blog posts instead (0 by default); a home-page `sectionStructure` shows the latest. */
  posts?: number;
}

const WORDS =
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat".split(
    " ",
  );

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

/**
 * Writes a site in the directory format: a shared layout with a header menu and a footer,
 * and pages of 6 to 8 components of Editor.js content (4–8 KB of HTML each once rendered).
 */
export async function writeSyntheticSite(
  dir: string,
  options: SyntheticSiteOptions,
): Promise<void> {
  const random = rng(options.seed ?? 42);
  const sentence = (n: number) => {
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(WORDS[Math.floor(random() * WORDS.length)] as string);
    return `${words.join(" ")}.`;
  };
  await mkdir(join(dir, "pages"), { recursive: true });
  const json = (name: string, value: unknown) => writeFile(join(dir, name), JSON.stringify(value));

  await json("website.json", {
    id: 1,
    name: "Bench Site",
    domain: "bench.example",
    language: "en",
    timezone: "Europe/Amsterdam",
    default_layout_id: 1,
    customization: { colors: { primary: "#0b5fff" }, fonts: { heading: "Inter", body: "Inter" } },
  });
  await json("templates.json", [
    {
      id: 1,
      name: "Header",
      code: '<header class="site-header"><a href="/" class="logo">{{ site.name }}</a>{{ menu("1") }}</header>',
    },
    {
      id: 2,
      name: "Footer",
      code: '<footer class="site-footer"><p>&copy; {{ site.name }}</p>{{ menu("2", "footer-menu") }}</footer>',
    },
    {
      id: 3,
      name: "Hero",
      code: '<div class="hero"><h1>{{ fields.title }}</h1><p>{{ fields.subtitle }}</p>{% if fields.button %}<a class="sw-button" href="{{ fields.link }}">{{ fields.button }}</a>{% endif %}</div>',
      custom_fields: [
        { name: "title", label: "Title", type: "text", default: "Welcome" },
        { name: "subtitle", label: "Subtitle", type: "text", default: "" },
        { name: "button", label: "Button", type: "text", default: "" },
        { name: "link", label: "Link", type: "url", default: "/" },
      ],
    },
  ]);
  await json("layouts.json", [
    { id: 1, name: "Default", header_template_ids: [1], footer_template_ids: [2] },
  ]);
  const menuItems = Array.from({ length: 6 }, (_, i) => ({
    title: `Section ${i + 1}`,
    page_id: i + 2,
    children: [{ title: `Sub ${i + 1}`, url: `/page-${i + 10}/` }],
  }));
  await json("menus.json", [
    { id: 1, name: "Main", items: [{ title: "Home", page_id: 1 }, ...menuItems] },
    {
      id: 2,
      name: "Footer",
      items: [
        { title: "Home", page_id: 1 },
        { title: "Contact", url: "/page-3/" },
      ],
    },
  ]);

  const imageCount = options.images ?? 0;
  if (imageCount > 0) await writeSyntheticImages(dir, imageCount);
  let componentCount = 0;
  // Every component counts (heroes too); each tenth owes an image to the next content slot.
  let imagesDue = 0;
  let imagesUsed = 0;
  const postCount = Math.round((options.pages * (options.posts ?? 0)) / 100);
  const pageCount = options.pages - postCount;
  if (postCount > 0) await writeSyntheticBlog(dir, postCount, sentence);
  const batch: Promise<void>[] = [];
  for (let p = 1; p <= pageCount; p++) {
    const count = 6 + Math.floor(random() * 3);
    const components: unknown[] = [
      {
        id: p * 10,
        component_id: "templatePartial",
        template_id: 3,
        menu_order: 0,
        custom_fields: {
          title: `Page ${p}`,
          subtitle: sentence(8),
          button: "Read more",
          link: "/page-2/",
        },
      },
    ];
    if (imageCount > 0 && ++componentCount % 10 === 0) imagesDue++;
    for (let c = 1; c < count; c++) {
      if (imageCount > 0 && ++componentCount % 10 === 0) imagesDue++;
      if (imagesDue > 0) {
        imagesDue--;
        components.push(imageComponent(p * 10 + c, c, imagesUsed++, imageCount));
        continue;
      }
      const blocks = [
        { type: "header", data: { text: sentence(4), level: 2 } },
        {
          type: "paragraph",
          data: { text: `${sentence(25)} <b>${sentence(3)}</b> ${sentence(20)}` },
        },
      ];
      if (c % 3 === 0)
        blocks.push({
          type: "list",
          data: { style: "unordered", items: [sentence(5), sentence(6), sentence(4)] },
        } as never);
      if (c % 4 === 0)
        blocks.push({ type: "quote", data: { text: sentence(10), caption: "Someone" } } as never);
      components.push({
        id: p * 10 + c,
        component_id: "sectionContent",
        menu_order: c * 10,
        meta: {
          section_content: { time: 1594475302702, version: "2.18.0", blocks },
          padding_top: "20",
          padding_bottom: String(10 * (c % 4)),
          flex_grids: "w-full",
          content_hotizontal_position: "justify-start",
        },
      });
    }
    if (p === 1 && postCount > 0) {
      components.push({
        id: 1_000_000_000,
        component_id: "sectionStructure",
        menu_order: 5,
        meta: { structure: "blog", count: 6 },
      });
    }
    const page = {
      id: p,
      post_title: p === 1 ? "Home" : `Page ${p}`,
      post_name: p === 1 ? "/" : `page-${p}`,
      status: 1,
      meta_description: sentence(12),
      components,
    };
    batch.push(json(`pages/${String(p).padStart(6, "0")}.json`, page));
    if (batch.length >= 256) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}

function imageComponent(id: number, order: number, n: number, imageCount: number): unknown {
  // A stride coprime with the usual counts spreads references over every image.
  const image = (n * 7) % imageCount;
  return {
    id,
    component_id: "sectionImage",
    menu_order: order * 10,
    meta: {
      image: syntheticImageUrl(image),
      alt: `Photo ${image}`,
      caption: n % 3 === 0 ? `Caption ${n}` : "",
      padding_top: "20",
      flex_grids: n % 2 ? "w-full" : "w-full md:w-1/2",
    },
  };
}
