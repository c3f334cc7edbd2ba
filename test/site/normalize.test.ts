import { describe, expect, it } from "vitest";
import { validateSite } from "../../src/site/validate.js";
import { expectValidationError, rawSite } from "./helpers.js";

const page = (over: Record<string, unknown>) => ({ id: 99, post_title: "X", ...over });

describe("normalization", () => {
  it.each([
    [0, false],
    [1, true],
    ["0", false],
    ["1", true],
    [true, true],
    [false, false],
    [undefined, true],
  ])("status %j becomes %j", (status, expected) => {
    const raw = rawSite();
    raw.pages.push(page({ post_name: "x", status }));
    expect(validateSite(raw).pages[3]?.status).toBe(expected);
  });

  it("rejects a status that is not a flag", () => {
    const raw = rawSite();
    raw.pages[2].status = "yes";
    const err = expectValidationError(() => validateSite(raw));
    expect(err.errors["pages[2].status"]).toEqual(["Must be 0, 1, true or false."]);
  });

  it("turns numeric strings into numbers", () => {
    const raw = rawSite();
    raw.redirects = [{ from: "/old/", to: "/about/", status: "302" }];
    const site = validateSite(raw);
    const [component] = site.pages[0]?.components ?? [];
    expect(component?.menu_order).toBe(490);
    expect(component?.meta.padding_top).toBe(20);
    expect(component?.meta.padding_bottom).toBe(20);
    expect(site.redirects[0]?.status).toBe(302);
  });

  it("normalizes every id to a trimmed string", () => {
    const raw = rawSite();
    raw.pages[1].id = " 2 ";
    raw.pages[1].layout_id = "1";
    const site = validateSite(raw);
    expect(site.website.id).toBe("1");
    expect(site.website.default_layout_id).toBe("1");
    expect(site.pages.map((p) => p.id)).toEqual(["1", "2", "3"]);
    expect(site.pages[0]?.components[0]?.id).toBe("10");
    expect(site.layouts[0]?.header_template_ids).toEqual(["5"]);
  });

  it.each([
    ["/", "/"],
    ["", "/"],
    ["/about/", "about"],
    ["about", "about"],
    ["a/b", "a/b"],
    ["/services/catering/", "services/catering"],
    ["  /trimmed/ ", "trimmed"],
  ])("slug %j becomes %j", (postName, expected) => {
    const raw = rawSite();
    raw.pages = [page({ post_name: postName })];
    raw.menus = [];
    expect(validateSite(raw).pages[0]?.post_name).toBe(expected);
  });

  it("takes the slug from url when post_name is absent, and post_name when both are given", () => {
    const raw = rawSite();
    raw.pages = [
      page({ id: 1, url: "/from-url/" }),
      page({ id: 2, post_name: "name", url: "/url/" }),
    ];
    expect(validateSite(raw).pages.map((p) => p.post_name)).toEqual(["from-url", "name"]);
  });

  it("derives base_url from base_url (adding the trailing slash), else the domain, else null", () => {
    const raw = rawSite();
    raw.website.base_url = "https://staging.example.com/site";
    expect(validateSite(raw).website.base_url).toBe("https://staging.example.com/site/");
    delete raw.website.base_url;
    raw.website.domain = "HTTPS://Example.com/";
    const site = validateSite(raw);
    expect(site.website.domain).toBe("example.com");
    expect(site.website.base_url).toBe("https://example.com/");
    raw.website.domain = null;
    expect(validateSite(raw).website.base_url).toBeNull();
  });

  it("defaults the form endpoint, language, time zone and customization", () => {
    const site = validateSite({ website: { id: 1, name: "Minimal" } });
    // toMatchObject: other stages may add website fields with their own defaults.
    expect(site.website).toMatchObject({
      id: "1",
      name: "Minimal",
      domain: null,
      base_url: null,
      language: "en",
      timezone: "UTC",
      customization: {
        colors: {},
        fonts: {},
        logo: null,
        favicon: null,
        cookie_consent: null,
        tracking_code: null,
      },
      homepage_id: null,
      default_layout_id: null,
      form_endpoint: "https://api.wemasy.nl/api/services/websites/v1/forms/submit",
    });
    expect(site.pages).toEqual([]);
    expect(site.areas).toEqual({ header: [], footer: [], secured: [] });
  });

  it("sorts components by menu_order, keeping input order on ties", () => {
    const raw = rawSite();
    raw.pages[1].components = [
      { id: "a", component_id: "sectionHtml", menu_order: "30" },
      { id: "b", component_id: "sectionHtml", menu_order: 10 },
      { id: "c", component_id: "sectionHtml", menu_order: "30" },
      { id: "d", component_id: "sectionHtml" },
    ];
    const ids = validateSite(raw).pages[1]?.components.map((c) => c.id);
    expect(ids).toEqual(["d", "b", "a", "c"]);
  });

  it("resolves menu item URLs from page_id, preferring it over a stored url", () => {
    const raw = rawSite();
    raw.menus[0].items = [
      { title: "Home", page_id: 1 },
      { title: "About", page_id: "2", url: "/stale/", children: [{ title: "Cat", page_id: 3 }] },
      { title: "Out", url: "https://example.org/", target: "_blank" },
    ];
    const [home, about, out] = validateSite(raw).menus[0]?.items ?? [];
    expect(home?.url).toBe("/");
    expect(about?.url).toBe("/about/");
    expect(about?.children[0]?.url).toBe("/services/catering/");
    expect(out).toEqual({
      title: "Out",
      url: "https://example.org/",
      page_id: null,
      target: "_blank",
      children: [],
    });
  });

  it("serves the homepage_id page at / in menus", () => {
    const raw = rawSite();
    raw.pages[0].post_name = "start";
    raw.website.homepage_id = 1;
    raw.menus[0].items = [{ title: "Start", page_id: 1 }];
    const site = validateSite(raw);
    expect(site.pages[0]?.post_name).toBe("start");
    expect(site.menus[0]?.items[0]?.url).toBe("/");
  });

  it("links a template through template_id or meta.partial_partial, dropping the meta key", () => {
    const raw = rawSite();
    raw.pages[1].components = [
      { id: 1, component_id: "templatePartial", template_id: 5 },
      { id: 2, component_id: "templatePartial", meta: { partial_partial: "5", extra: "kept" } },
    ];
    const [a, b] = validateSite(raw).pages[1]?.components ?? [];
    expect(a?.template_id).toBe("5");
    expect(b?.template_id).toBe("5");
    expect(b?.meta).toEqual({ extra: "kept" });
  });

  it("keeps custom field values as given; definitions get label, type and default", () => {
    const raw = rawSite();
    raw.templates[0].custom_fields = [
      { name: "title" },
      { name: "n", label: "N", type: "number", default: 3 },
    ];
    raw.pages[1].components = [
      { id: 1, component_id: "templatePartial", template_id: 5, custom_fields: { n: "7" } },
    ];
    const site = validateSite(raw);
    expect(site.templates[0]?.custom_fields).toEqual([
      { name: "title", label: "title", type: "text", default: null },
      { name: "n", label: "N", type: "number", default: 3 },
    ]);
    expect(site.pages[1]?.components[0]?.custom_fields).toEqual({ n: "7" });
  });

  it("accepts JSON columns handed over as text and PHP's [] for empty objects", () => {
    const raw = rawSite();
    const content = { blocks: [{ type: "paragraph", data: { text: "x" } }] };
    raw.pages[1].components = [
      { id: 1, component_id: "sectionContent", meta: JSON.stringify({ section_content: content }) },
      { id: 2, component_id: "sectionContent", meta: { section_content: JSON.stringify(content) } },
      { id: 3, component_id: "sectionHtml", meta: [], custom_fields: [] },
    ];
    raw.templates[0].custom_fields = '[{"name":"t"}]';
    const [a, b, c] = validateSite(raw).pages[1]?.components ?? [];
    expect(a?.meta.section_content).toEqual(content);
    expect(b?.meta.section_content).toEqual(content);
    expect(c?.meta).toEqual({});
    expect(c?.custom_fields).toEqual({});
  });

  it("accepts layout template ids as lists, comma-separated text or single ids", () => {
    const raw = rawSite();
    raw.templates.push({ id: 6, name: "Footer", code: "" });
    raw.layouts = [
      { id: 1, header_template_ids: "5, 6", footer_template_ids: [6] },
      { id: 2, header_template_id: 5, footer_template_id: "6" },
    ];
    const [a, b] = validateSite(raw).layouts;
    expect(a).toEqual({
      id: "1",
      name: "",
      header_template_ids: ["5", "6"],
      footer_template_ids: ["6"],
    });
    expect(b?.header_template_ids).toEqual(["5"]);
    expect(b?.footer_template_ids).toEqual(["6"]);
  });

  it("drops unknown fields but keeps unknown meta keys; structures get their defaults", () => {
    const raw = rawSite();
    raw.pages[1].created_at = "2024-01-01";
    raw.pages[1].theme_page_id = 99;
    raw.structures = [{ id: 4, type: "blog", title: "Blog", posts: [], importer: "x" }];
    const site = validateSite(raw);
    expect(site.pages[1]).not.toHaveProperty("created_at");
    expect(site.pages[1]).not.toHaveProperty("theme_page_id");
    expect(site.structures).toEqual([
      {
        id: "4",
        type: "blog",
        title: "Blog",
        description: null,
        url: "blog",
        category_url: "blog/category",
        items_per_page: 10,
        sort: "manual",
        listing_layout_id: null,
        single_layout_id: null,
        feed_limit: 20,
        categories: [],
        posts: [],
      },
    ]);
  });

  it("normalizes form fields: labels, types, required flags and option lists", () => {
    const raw = rawSite();
    raw.forms = [
      {
        id: 1,
        fields: [
          { name: "email", type: "email", required: "1" },
          { name: "pick", label: "Pick", type: "radio", options: "A\nB, C" },
          { name: "n" },
        ],
      },
    ];
    expect(validateSite(raw).forms[0]).toEqual({
      id: "1",
      name: "",
      submit_label: "Send",
      success_message: null,
      fields: [
        {
          name: "email",
          label: "email",
          type: "email",
          required: true,
          placeholder: null,
          options: [],
        },
        {
          name: "pick",
          label: "Pick",
          type: "radio",
          required: false,
          placeholder: null,
          options: ["A", "B", "C"],
        },
        { name: "n", label: "n", type: "text", required: false, placeholder: null, options: [] },
      ],
    });
  });

  it("prefixes redirect sources with a slash and defaults the status to 301", () => {
    const raw = rawSite();
    raw.redirects = [{ from: "old", to: "/about/" }];
    expect(validateSite(raw).redirects).toEqual([{ from: "/old", to: "/about/", status: 301 }]);
  });
});
