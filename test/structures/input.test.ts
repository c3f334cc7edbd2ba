import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { collectSiteErrors, validateSite } from "../../src/site/validate.js";
import { blog, blogSite, post } from "./helpers.js";

describe("structure input", () => {
  it("accepts the API's loose forms and normalizes every seed-003 field", () => {
    const site = validateSite(
      blogSite([
        blog({
          items_per_page: "3",
          posts: [
            post(1, {
              status: "0",
              sort_number: "4",
              main_category_id: "2",
              categories: "1, 2,1",
              layout_id: 1,
              disable_single_page: true,
              disable_listing: "1",
              no_index: 1,
              url: "https://elsewhere.example/post?a=1",
              scheduled_at: "2024-07-01 08:30:00",
              content: '{"blocks":[{"type":"paragraph","data":{"text":"x"}}]}',
              meta_title: "Meta",
              meta_keyword: "k",
              meta_image: "/img/m.jpg",
              meta_description: "d",
              canonical_url: "https://canonical.example/a",
              disconnect_from_importer: "1",
            }),
            post(2, { status: true, url: "/nested/slug/", content: "<p>HTML</p>", sort_number: 0 }),
          ],
        }),
      ]),
    );
    const [s] = site.structures;
    expect(s?.items_per_page).toBe(3);
    expect(s?.category_url).toBe("blog/category");
    const [a, b] = s?.posts ?? [];
    expect(a).toMatchObject({
      id: "1",
      status: false,
      sort_number: 4,
      main_category_id: "2",
      // The main category comes first and repeats are dropped.
      categories: ["2", "1"],
      layout_id: "1",
      disable_single_page: true,
      disable_listing: true,
      no_index: true,
      url: "https://elsewhere.example/post?a=1",
      scheduled_at: "2024-07-01T08:30:00.000Z",
      content: { blocks: [{ type: "paragraph", data: { text: "x" } }] },
      meta_title: "Meta",
      meta_keyword: "k",
      meta_image: "/img/m.jpg",
      meta_description: "d",
      canonical_url: "https://canonical.example/a",
      published_at: "2024-01-01T10:00:00.000Z",
      created_at: "2024-01-01T09:00:00.000Z",
    });
    expect(a).not.toHaveProperty("disconnect_from_importer");
    expect(b).toMatchObject({
      status: true,
      url: "nested/slug",
      content: "<p>HTML</p>",
      sort_number: 0,
    });
  });

  it("collects every problem with a path into the post", () => {
    const errors = collectSiteErrors(
      blogSite([
        blog({
          listing_layout_id: 99,
          posts: [
            post(1, { main_category_id: 7 }),
            post(1, { url: "post-dup" }),
            post(3, { categories: "1,8", layout_id: 44 }),
            post(4, { url: "../etc" }),
            post(5, { scheduled_at: "tomorrow", sort_number: -1, status: "maybe" }),
            post(6, { disable_single_page: 1, url: "javascript:alert(1)" }),
          ],
        }),
      ]),
    );
    expect(errors["structures[0].listing_layout_id"]?.[0]).toMatch(/layout "99"/);
    expect(errors["structures[0].posts[0].main_category_id"]?.[0]).toMatch(/category "7"/);
    expect(errors["structures[0].posts[1].id"]?.[0]).toMatch(/Duplicate post id "1"/);
    expect(errors["structures[0].posts[2].categories"]?.[0]).toMatch(/category "8"/);
    expect(errors["structures[0].posts[2].layout_id"]?.[0]).toMatch(/layout "44"/);
    expect(errors["structures[0].posts[3].url"]?.[0]).toMatch(/Unsafe URL .*\.\. segments/);
    expect(errors["structures[0].posts[4].scheduled_at"]).toMatchInlineSnapshot(`
      [
        "Must be a date-time such as 2024-05-01T10:00:00Z or 2024-05-01 10:00:00.",
      ]
    `);
    expect(errors["structures[0].posts[4].sort_number"]).toMatchInlineSnapshot(`
      [
        "Must be 0 or more.",
      ]
    `);
    expect(errors["structures[0].posts[4].status"]).toMatchInlineSnapshot(`
      [
        "Must be 0, 1, true or false.",
      ]
    `);
    expect(errors["structures[0].posts[5].url"]?.[0]).toMatch(/javascript/);
  });

  it("rejects duplicate types, category ids and slugs, and unsafe category slugs", () => {
    const errors = collectSiteErrors(
      blogSite([
        blog({
          categories: [
            { id: 1, name: "A", slug: "a" },
            { id: 1, name: "B", slug: "a" },
            { id: 3, name: "C", slug: "x/y" },
          ],
          posts: [],
        }),
        blog({ id: 2, url: "other", posts: [] }),
      ]),
    );
    expect(errors["structures[1].type"]?.[0]).toMatch(/Duplicate structure type "blog"/);
    expect(errors["structures[0].categories[1].id"]).toMatchInlineSnapshot(`
      [
        "Duplicate category id "1": structures[0].categories[0] already uses it.",
      ]
    `);
    expect(errors["structures[0].categories[1].slug"]).toMatchInlineSnapshot(`
      [
        "Duplicate category slug "a": structures[0].categories[0] already uses it.",
        "URL /blog/category/a/ is used by both category "A" (structures[0].categories[0]) and category "B" (structures[0].categories[1]).",
      ]
    `);
    expect(errors["structures[0].categories[2].slug"]?.[0]).toMatch(/one non-empty path segment/);
  });

  it("a post and a page on one URL is an error naming both", () => {
    const site = blogSite([blog({ posts: [post(1, { url: "team" })], url: "about" })]);
    const errors = collectSiteErrors(site);
    expect(errors["structures[0].posts[0].url"]).toEqual([
      'URL /about/team/ is used by both page 3 "Team" (pages[2]) and blog post 1 "Post 1" (structures[0].posts[0]).',
    ]);
  });

  it("listing and category URLs are claimed too; two posts may not share a URL", () => {
    const site = blogSite([
      blog({
        url: "about",
        category_url: "/",
        categories: [{ id: 1, name: "Team", slug: "about" }],
        posts: [post(1, { url: "x" }), post(2, { url: "x" })],
      }),
    ]);
    const errors = collectSiteErrors(site);
    expect(errors["structures[0].url"]?.[0]).toMatch(
      /URL \/about\/ is used by both page 2 "About us"/,
    );
    expect(errors["structures[0].categories[0].slug"]?.[0]).toMatch(
      /URL \/about\/ is used by both/,
    );
    expect(errors["structures[0].posts[1].url"]?.[0]).toMatch(
      /URL \/about\/x\/ is used by both blog post 1 .* and blog post 2/,
    );
  });

  it("disabled single pages claim no URL: their url may be external or a duplicate; drafts may share", () => {
    const site = blogSite([
      blog({
        posts: [
          post(1, { url: "same" }),
          post(2, { url: "same", disable_single_page: 1 }),
          post(3, { url: "https://elsewhere.example/", disable_single_page: "1" }),
          post(4, { url: "same", status: 0 }),
        ],
      }),
    ]);
    expect(collectSiteErrors(site)).toEqual({});
  });

  it("a sectionStructure must name an existing structure and category", () => {
    const site = blogSite();
    site.pages[0].components.push(
      { id: 90, component_id: "sectionStructure", meta: { structure: "news" } },
      {
        id: 91,
        component_id: "sectionStructure",
        meta: { structure: "blog", category_id: 9, count: "x" },
      },
      { id: 92, component_id: "sectionStructure", meta: { structure: 1, count: 2 } },
    );
    const errors = collectSiteErrors(site);
    expect(errors["pages[0].components[2].meta.structure"]?.[0]).toMatch(/structure "news"/);
    expect(errors["pages[0].components[3].meta.category_id"]?.[0]).toMatch(/category "9"/);
    expect(errors["pages[0].components[3].meta.count"]).toMatchInlineSnapshot(`
      [
        "Must be a whole number from 1 to 999.",
      ]
    `);
    expect(Object.keys(errors)).toHaveLength(3);
  });

  it("the example in docs/site-format.md validates", async () => {
    const doc = await readFile("docs/site-format.md", "utf8");
    const example = /### structures[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    const site = validateSite(blogSite([JSON.parse(example as string)]));
    const posts = site.structures[0]?.posts ?? [];
    expect(posts.map((p) => p.url)).toEqual([
      "nieuw-desembrood",
      "https://krant.example/bakkerij-zon",
      "zomer",
    ]);
    expect(posts[0]?.published_at).toBe("2024-09-02T07:00:00.000Z");
  });
});
