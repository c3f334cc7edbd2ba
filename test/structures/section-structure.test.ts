import { describe, expect, it } from "vitest";
import { tempDir } from "../generator/helpers.js";
import { blog, blogSite, build, post } from "./helpers.js";

const root = tempDir("sw-section-structure-");

describe("sectionStructure and template variables", () => {
  it("shows the latest listed posts of a structure by type or id, with count and category filter", async () => {
    const site = blogSite([
      blog({
        posts: [
          post(1, { categories: "2" }),
          post(2),
          post(3, { categories: "2" }),
          post(4, { disable_listing: 1 }),
          post(5, { status: 0 }),
        ],
      }),
    ]);
    site.pages[1].components.push(
      {
        id: 30,
        component_id: "sectionStructure",
        menu_order: 5,
        meta: { structure: "blog", count: "2" },
      },
      {
        id: 31,
        component_id: "sectionStructure",
        menu_order: 6,
        meta: { structure: 1, category_id: 2, title: "Latest news", padding_top: 20 },
      },
    );
    const out = await build(root, site);
    const main = out.main("about/index.html");
    const first = main.slice(main.indexOf('id="c-30"'), main.indexOf('id="c-31"'));
    expect(first).toContain('<h2 class="sw-structure-title"><a href="/blog/">Blog</a></h2>');
    expect(
      [...first.matchAll(/<h3 class="sw-card-title"><a href="([^"]+)">/g)].map((m) => m[1]),
    ).toEqual(["/blog/post-3/", "/blog/post-2/"]);
    const second = main.slice(main.indexOf('id="c-31"'));
    expect(main).toContain('class="sw-section sw-section-structure pt-20" id="c-31"');
    expect(second).toContain('<a href="/blog/category/news/">Latest news</a>');
    expect(
      [...second.matchAll(/<h3 class="sw-card-title"><a href="([^"]+)">/g)].map((m) => m[1]),
    ).toEqual(["/blog/post-3/", "/blog/post-1/"]);
  });

  it("owner templates read structures.<type> and, on a post's page, post", async () => {
    const site = blogSite([blog({ posts: [post(1, { main_category_id: 1 }), post(2)] })]);
    site.templates.push({
      id: 10,
      name: "Post extras",
      code:
        '{% if post %}<p class="t-post">{{ post.title }}|{{ post.main_category.name }}|{{ post.url }}</p>{{ post.content }}{% endif %}' +
        '<ul class="t-list">{% for p in structures.blog.posts %}<li>{{ p.title }} {{ p.url }}</li>{% endfor %}</ul>' +
        '<p class="t-feeds">{{ structures.blog.feeds.rss }}</p>',
    });
    site.layouts[0].footer_template_ids = [2, 10];
    const out = await build(root, site);
    const postPage = out.read("blog/post-1/index.html");
    expect(postPage).toContain(
      '<p class="t-post">Post 1|Recipes|/blog/post-1/</p><p>Body of post 1</p>',
    );
    expect(postPage).toContain(
      '<ul class="t-list"><li>Post 2 /blog/post-2/</li><li>Post 1 /blog/post-1/</li></ul>',
    );
    expect(postPage).toContain('<p class="t-feeds">/blog/feed.xml</p>');
    const about = out.read("about/index.html");
    expect(about).not.toContain("t-post");
    expect(about).toContain("<li>Post 2 /blog/post-2/</li>");
  });

  it("owner templates cannot reach code through structure views", async () => {
    const site = blogSite();
    site.templates.push({
      id: 10,
      name: "Escape",
      code: '{{ structures.blog.constructor.constructor("return process")() }}',
    });
    site.layouts[0].footer_template_ids = [10];
    await expect(build(root, site)).rejects.toMatchObject({
      code: "E_RENDER",
      message: expect.stringMatching(/cannot call .*constructor.*: it is not defined/),
    });
    site.templates[3].code =
      "<p>[{{ structures.blog.posts[0].__proto__ }}{{ structures.__proto__ }}]</p>";
    const out = await build(root, site);
    expect(out.read("blog/index.html")).toContain("<p>[]</p>");
  });
});
