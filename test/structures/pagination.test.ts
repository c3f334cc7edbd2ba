import { describe, expect, it } from "vitest";
import { tempDir } from "../generator/helpers.js";
import { blog, blogSite, build, post } from "./helpers.js";

const root = tempDir("sw-pagination-");
const seven = () => [1, 2, 3, 4, 5, 6, 7].map((i) => post(i, { categories: "1" }));

describe("paginated listings", () => {
  it("splits listed posts by items_per_page: /blog/, /blog/page/2/, ...", async () => {
    const out = await build(root, blogSite([blog({ items_per_page: 3, posts: seven() })]));
    expect(out.exists("blog/index.html")).toBe(true);
    expect(out.exists("blog/page/2/index.html")).toBe(true);
    expect(out.exists("blog/page/3/index.html")).toBe(true);
    expect(out.exists("blog/page/4/index.html")).toBe(false);
    expect(out.exists("blog/page/1/index.html")).toBe(false);
    const cards = (file: string) => out.main(file).match(/class="sw-card"/g)?.length ?? 0;
    expect([
      cards("blog/index.html"),
      cards("blog/page/2/index.html"),
      cards("blog/page/3/index.html"),
    ]).toEqual([3, 3, 1]);
  });

  it("each page has its own canonical, title and rel=prev/next links", async () => {
    const out = await build(root, blogSite([blog({ items_per_page: 3, posts: seven() })]));
    const first = out.read("blog/index.html");
    expect(first).toContain('<link rel="canonical" href="https://mini.example/blog/">');
    expect(first).toContain('<link rel="next" href="https://mini.example/blog/page/2/">');
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain("<title>Blog | Mini</title>");

    const middle = out.read("blog/page/2/index.html");
    expect(middle).toContain('<link rel="canonical" href="https://mini.example/blog/page/2/">');
    expect(middle).toContain('<link rel="prev" href="https://mini.example/blog/">');
    expect(middle).toContain('<link rel="next" href="https://mini.example/blog/page/3/">');
    expect(middle).toContain("<title>Blog (2/3) | Mini</title>");
    expect(middle).toContain('<a rel="prev" href="/blog/">Previous</a>');
    expect(middle).toContain(
      '<a href="/blog/page/2/" aria-current="page" aria-label="Page 2">2</a>',
    );

    const last = out.read("blog/page/3/index.html");
    expect(last).toContain('<link rel="prev" href="https://mini.example/blog/page/2/">');
    expect(last).not.toContain('rel="next"');
  });

  it("category pages paginate the same way under category_url", async () => {
    const site = blogSite([blog({ items_per_page: 3, category_url: "topics", posts: seven() })]);
    const out = await build(root, site);
    expect(out.exists("topics/recipes/index.html")).toBe(true);
    expect(out.exists("topics/recipes/page/3/index.html")).toBe(true);
    const second = out.read("topics/recipes/page/2/index.html");
    expect(second).toContain(
      '<link rel="canonical" href="https://mini.example/topics/recipes/page/2/">',
    );
    expect(second).toContain('<link rel="prev" href="https://mini.example/topics/recipes/">');
    // An empty category still has its page, kept out of search engines.
    const news = out.read("topics/news/index.html");
    expect(news).toContain("No posts yet.");
    expect(news).toContain('content="noindex, follow"');
    expect(out.read("sitemap.xml")).not.toContain("/topics/news/");
    expect(out.read("sitemap.xml")).toContain("/topics/recipes/page/3/");
  });

  it("long listings show first, last and nearby page numbers", async () => {
    const posts = Array.from({ length: 20 }, (_, i) => post(i + 1));
    const out = await build(root, blogSite([blog({ items_per_page: 1, posts })]));
    const nav = out.main("blog/page/10/index.html");
    const numbers = [...nav.matchAll(/aria-label="Page (\d+)"/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual([1, 8, 9, 10, 11, 12, 20]);
    expect(nav.match(/sw-pagination-gap/g)).toHaveLength(2);
  });

  it("a route collision found only at plan time is E_ROUTE_CONFLICT naming both", async () => {
    const site = blogSite([blog({ items_per_page: 1, posts: seven() })]);
    site.pages.push({ id: 9, post_title: "Odd", post_name: "blog/page/9", components: [] });
    site.structures[0].posts.push(post(8), post(9)); // 9 posts, 1 per page: blog/page/9 is taken
    await expect(build(root, site)).rejects.toMatchObject({
      code: "E_SITE_INVALID",
      errors: {
        "structures[0].url": [expect.stringMatching(/page 4 "Odd"|page 9 of the blog listing/)],
      },
    });
  });
});
