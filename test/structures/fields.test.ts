/** One test per seed-003 post field's effect on the built site. */
import MiniSearch from "minisearch";
import { describe, expect, it } from "vitest";
import { SEARCH_INDEX_OPTIONS } from "../../src/generator/search-index.js";
import { tempDir } from "../generator/helpers.js";
import { blog, blogSite, build, post } from "./helpers.js";

const root = tempDir("sw-structures-");

const searchUrls = (json: string) =>
  MiniSearch.loadJSON(json, { ...SEARCH_INDEX_OPTIONS } as never)
    .search("post", { prefix: true })
    .map((r) => r.id as string);

describe("seed-003 post fields", () => {
  it("status 0: a draft is not built, listed, in feeds, the sitemap or search", async () => {
    const out = await build(root, blogSite([blog({ posts: [post(1), post(2, { status: "0" })] })]));
    expect(out.exists("blog/post-1/index.html")).toBe(true);
    expect(out.exists("blog/post-2/index.html")).toBe(false);
    expect(out.main("blog/index.html")).not.toContain("Post 2");
    expect(out.read("blog/feed.xml")).not.toContain("Post 2");
    expect(out.read("sitemap.xml")).not.toContain("/blog/post-2/");
    expect(searchUrls(out.read("search-index.json"))).not.toContain("/blog/post-2/");
    expect(out.result.skipped).toBe(2); // the mini site's draft page and the draft post
  });

  it("scheduled_at in the future: not built yet, and nextScheduledAt says when to rebuild", async () => {
    const site = blogSite([
      blog({
        posts: [
          post(1, { scheduled_at: "2024-05-01 00:00:00" }), // past: live
          post(2, { scheduled_at: "2099-01-01T00:00:00Z" }),
          post(3, { scheduled_at: "2030-03-04 05:06:07" }),
          post(4, { scheduled_at: "2029-01-01 00:00:00", status: 0 }), // a draft never counts
        ],
      }),
    ]);
    const before = await build(root, site);
    expect(before.exists("blog/post-1/index.html")).toBe(true);
    expect(before.exists("blog/post-2/index.html")).toBe(false);
    expect(before.exists("blog/post-3/index.html")).toBe(false);
    expect(before.read("blog/feed.xml")).not.toContain("Post 3");
    expect(before.read("sitemap.xml")).not.toContain("post-3");
    expect(before.result.nextScheduledAt).toBe("2030-03-04T05:06:07.000Z");

    const after = await build(root, site, { now: new Date("2030-03-04T05:06:07Z") });
    expect(after.exists("blog/post-3/index.html")).toBe(true);
    expect(after.result.nextScheduledAt).toBe("2099-01-01T00:00:00.000Z");
  });

  it("nextScheduledAt is null without scheduled posts", async () => {
    const out = await build(root, blogSite());
    expect(out.result.nextScheduledAt).toBeNull();
  });

  it("disable_single_page: no page; listings, sections and feeds link to url as given", async () => {
    const site = blogSite([
      blog({
        posts: [
          post(1, { disable_single_page: 1, url: "https://elsewhere.example/read?a=1&b=2" }),
          post(2, { disable_single_page: "1", url: "/about/" }),
        ],
      }),
    ]);
    const out = await build(root, site);
    expect(out.exists("blog/https:/index.html")).toBe(false);
    expect(out.exists("blog/about/index.html")).toBe(false);
    const listing = out.main("blog/index.html");
    expect(listing).toContain('<a href="https://elsewhere.example/read?a=1&amp;b=2">Post 1</a>');
    expect(listing).toContain('<a href="/about/">Post 2</a>');
    expect(out.read("blog/feed.xml")).toContain(
      "<link>https://elsewhere.example/read?a=1&amp;b=2</link>",
    );
    expect(out.read("sitemap.xml")).not.toContain("elsewhere");
  });

  it("disable_listing: left out of listings, categories and feeds, but has its page", async () => {
    const site = blogSite([
      blog({ posts: [post(1), post(2, { disable_listing: true, categories: "1" })] }),
    ]);
    const out = await build(root, site);
    expect(out.exists("blog/post-2/index.html")).toBe(true);
    expect(out.main("blog/index.html")).not.toContain("Post 2");
    expect(out.main("blog/category/recipes/index.html")).not.toContain("Post 2");
    expect(out.read("blog/feed.xml")).not.toContain("Post 2");
    expect(out.read("blog/atom.xml")).not.toContain("Post 2");
    expect(out.read("sitemap.xml")).toContain("/blog/post-2/");
  });

  it("no_index: robots noindex meta, not in the sitemap nor the search index", async () => {
    const out = await build(
      root,
      blogSite([blog({ posts: [post(1), post(2, { no_index: "1" })] })]),
    );
    expect(out.read("blog/post-2/index.html")).toContain(
      '<meta name="robots" content="noindex, follow">',
    );
    expect(out.read("blog/post-1/index.html")).not.toContain("noindex");
    expect(out.read("sitemap.xml")).not.toContain("/blog/post-2/");
    expect(out.read("sitemap.xml")).toContain("/blog/post-1/");
    expect(searchUrls(out.read("search-index.json"))).toContain("/blog/post-1/");
    expect(searchUrls(out.read("search-index.json"))).not.toContain("/blog/post-2/");
    expect(out.read("robots.txt")).not.toContain("post-2");
  });

  it("canonical_url: the canonical link, and the duplicate leaves the sitemap", async () => {
    const site = blogSite([
      blog({ posts: [post(1), post(2, { canonical_url: "https://original.example/story" })] }),
    ]);
    const out = await build(root, site);
    expect(out.read("blog/post-2/index.html")).toContain(
      '<link rel="canonical" href="https://original.example/story">',
    );
    expect(out.read("blog/post-1/index.html")).toContain(
      '<link rel="canonical" href="https://mini.example/blog/post-1/">',
    );
    expect(out.read("sitemap.xml")).not.toContain("/blog/post-2/");
  });

  it("categories: each category page lists its posts; main_category_id is primary and in the breadcrumb", async () => {
    const site = blogSite([
      blog({
        posts: [
          post(1, { categories: "1,2", main_category_id: 2 }),
          post(2, { categories: [1] }),
          post(3, { main_category_id: "1" }),
        ],
      }),
    ]);
    const out = await build(root, site);
    const recipes = out.main("blog/category/recipes/index.html");
    expect(recipes).toContain("<h1>Recipes</h1>");
    expect(recipes).toContain("Things to bake");
    // 2 per page, newest first: 3 and 2 on page 1, 1 on page 2.
    expect(recipes).toContain("Post 3");
    expect(recipes).toContain("Post 2");
    expect(out.main("blog/category/recipes/page/2/index.html")).toContain("Post 1");
    const news = out.main("blog/category/news/index.html");
    expect(news).toContain("Post 1");
    expect(news).not.toContain("Post 2");

    const page = out.main("blog/post-1/index.html");
    expect(page).toContain(
      '<li><a href="/blog/">Blog</a></li><li><a href="/blog/category/news/">News</a></li><li aria-current="page">Post 1</li>',
    );
    expect(page).toContain('<a class="sw-post-category" href="/blog/category/news/">News</a>');
    expect(page).toContain(
      '<nav class="sw-post-categories" aria-label="Categories"><ul><li><a href="/blog/category/news/">News</a></li><li><a href="/blog/category/recipes/">Recipes</a></li></ul></nav>',
    );
    expect(out.main("blog/page/2/index.html")).toContain(
      'class="sw-card-category" href="/blog/category/news/">News</a>',
    );
  });

  it("layout_id: the post's layout, else the structure's single layout, else the website default", async () => {
    const site = blogSite([
      blog({
        single_layout_id: 2,
        listing_layout_id: 3,
        posts: [post(1, { layout_id: 3 }), post(2)],
      }),
    ]);
    site.templates.push(
      { id: 8, name: "Single", code: "<div>single layout</div>" },
      { id: 9, name: "Listing", code: "<div>listing layout</div>" },
    );
    site.layouts.push(
      { id: 2, name: "Single", header_template_ids: [8] },
      { id: 3, name: "Listing", header_template_ids: [9] },
    );
    const out = await build(root, site);
    expect(out.read("blog/post-1/index.html")).toContain("listing layout");
    expect(out.read("blog/post-2/index.html")).toContain("single layout");
    expect(out.read("blog/index.html")).toContain("listing layout");

    const plain = await build(root, blogSite());
    expect(plain.read("blog/post-1/index.html")).toContain("<header>Mini "); // layout 1's header template
  });

  it("sort order: sort_number ascending first, then newest first; sort=date ignores sort_number", async () => {
    const posts = [
      post(1),
      post(2, { sort_number: 5 }),
      post(3),
      post(4, { sort_number: 1 }),
      post(5, { published_at: null, created_at: null }),
    ];
    const order = (html: string) => [...html.matchAll(/>Post (\d)</g)].map((m) => Number(m[1]));
    const manual = await build(root, blogSite([blog({ items_per_page: 10, posts })]));
    expect(order(manual.main("blog/index.html"))).toEqual([4, 2, 3, 1, 5]);
    const byDate = await build(root, blogSite([blog({ items_per_page: 10, sort: "date", posts })]));
    expect(order(byDate.main("blog/index.html"))).toEqual([4, 3, 2, 1, 5]);
  });

  it("intro and image show on listing cards and the post page; content as Editor.js or HTML", async () => {
    const site = blogSite([
      blog({
        posts: [
          post(1, { image: "https://cdn.example/p1.jpg", intro: "Short <b>intro</b> & more" }),
          post(2, { content: "<p>Owner <strong>HTML</strong><script>alert(1)</script></p>" }),
        ],
      }),
    ]);
    const out = await build(root, site);
    const card = out.main("blog/index.html");
    expect(card).toContain(
      '<img src="https://cdn.example/p1.jpg" alt="" loading="lazy" decoding="async">',
    );
    expect(card).toContain('<p class="sw-card-intro">Short intro &amp; more</p>');
    const page1 = out.main("blog/post-1/index.html");
    expect(page1).toContain('<figure class="sw-post-image"><img src="https://cdn.example/p1.jpg"');
    expect(page1).toContain("<p>Body of post 1</p>");
    const page2 = out.main("blog/post-2/index.html");
    expect(page2).toContain("<strong>HTML</strong>");
    expect(page2).not.toContain("<script");
  });

  it("meta fields go to <head>: title, description, keywords, image; intro is the fallback description", async () => {
    const site = blogSite([
      blog({
        posts: [
          post(1, {
            meta_title: "Custom title",
            meta_description: "Custom description",
            meta_keyword: "bread, rye",
            meta_image: "https://cdn.example/share.jpg",
          }),
          post(2),
        ],
      }),
    ]);
    const out = await build(root, site);
    const head = out.read("blog/post-1/index.html");
    expect(head).toContain("<title>Custom title</title>");
    expect(head).toContain('<meta name="description" content="Custom description">');
    expect(head).toContain('<meta name="keywords" content="bread, rye">');
    expect(head).toContain('<meta property="og:image" content="https://cdn.example/share.jpg">');
    expect(head).toContain('<meta property="og:type" content="article">');
    const other = out.read("blog/post-2/index.html");
    expect(other).toContain("<title>Post 2 | Mini</title>");
    expect(other).toContain('<meta name="description" content="Intro of post 2">');
  });
});
