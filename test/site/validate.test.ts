import { describe, expect, it } from "vitest";
import { collectSiteErrors, validateSite } from "../../src/site/validate.js";
import { expectValidationError, rawSite } from "./helpers.js";

function errorsOf(raw: unknown) {
  const err = expectValidationError(() => validateSite(raw));
  expect(err.code).toBe("E_SITE_INVALID");
  return err.errors;
}

describe("validateSite: schema", () => {
  it("accepts a valid raw site", () => {
    const site = validateSite(rawSite());
    expect(site.pages.map((p) => p.post_name)).toEqual(["/", "about", "services/catering"]);
  });

  it("reports a schema violation at its index-based path", () => {
    const raw = rawSite();
    raw.pages[0].components[0].meta.padding_top = "twenty";
    expect(errorsOf(raw)["pages[0].components[0].meta.padding_top"]).toEqual(["Must be a number."]);
  });

  it("says a missing required field is required", () => {
    const raw = rawSite();
    delete raw.pages[2].post_title;
    delete raw.website.name;
    const errors = errorsOf(raw);
    expect(errors["pages[2].post_title"]).toEqual(["This field is required."]);
    expect(errors["website.name"]).toEqual(["This field is required."]);
  });

  it("rejects input that is not an object, and a missing website", () => {
    expect(errorsOf(42)).toEqual({ site: ["The site data must be a JSON object."] });
    expect(errorsOf({ pages: [] })).toEqual({ website: ["This field is required."] });
    expect(errorsOf({ website: { id: 1, name: "x" }, pages: {} })).toEqual({
      pages: ["Must be an array."],
    });
  });

  it("rejects values that would break out of CSS or font URLs", () => {
    const raw = rawSite();
    raw.website.customization = {
      colors: { primary: "red;}body{display:none", "bad name": "#fff" },
      fonts: { body: "Inter&family=Evil" },
    };
    const errors = errorsOf(raw);
    expect(errors["website.customization.colors.primary"]).toMatchInlineSnapshot(`
      [
        "Must be a hex, rgb(), hsl() or named CSS color.",
      ]
    `);
    expect(errors["website.customization.colors.bad name"]).toMatchInlineSnapshot(`
      [
        "Invalid key in record",
      ]
    `);
    expect(errors["website.customization.fonts.body"]).toMatchInlineSnapshot(`
      [
        "Must be a Google Fonts family name.",
      ]
    `);
  });

  it("checks language, time zone, base URL and redirect status", () => {
    const raw = rawSite();
    Object.assign(raw.website, {
      language: "dutch language",
      timezone: "Mars/Base",
      base_url: "ftp://x",
    });
    raw.redirects = [{ from: "/a/", to: "/b/", status: 303 }];
    const errors = errorsOf(raw);
    expect(Object.keys(errors).sort()).toEqual([
      "redirects[0].status",
      "website.base_url",
      "website.language",
      "website.timezone",
    ]);
  });

  it("rejects prototype keys anywhere in the input", () => {
    const raw = JSON.parse(
      '{"website":{"id":1,"name":"x"},"pages":[{"id":1,"post_title":"h","post_name":"/",' +
        '"components":[{"id":1,"component_id":"sectionHtml","custom_fields":{"__proto__":{"x":1}},' +
        '"meta":{"constructor":1}}]}]}',
    );
    const errors = errorsOf(raw);
    expect(errors["pages[0].components[0].custom_fields.__proto__"]).toMatchInlineSnapshot(`
      [
        "The key "__proto__" is not allowed.",
      ]
    `);
    expect(errors["pages[0].components[0].meta.constructor"]).toMatchInlineSnapshot(`
      [
        "The key "constructor" is not allowed.",
      ]
    `);
  });
});

describe("validateSite: references", () => {
  it("reports each unresolved reference at its own path", () => {
    const raw = rawSite();
    raw.website.homepage_id = 50;
    raw.website.default_layout_id = 51;
    raw.website.not_found_page_id = 62;
    raw.pages[1].layout_id = 52;
    raw.layouts[0].header_template_ids = [5, 53];
    raw.layouts[0].footer_template_id = 54;
    raw.menus[0].items = [{ title: "x", page_id: 55, children: [{ title: "y", page_id: 56 }] }];
    raw.menus.push({ id: 2 });
    raw.forms = [{ id: 1 }];
    raw.blocks = [{ id: 1, content: { blocks: [] } }];
    raw.pages[2].components = [
      { id: 20, component_id: "templatePartial", template_id: 57 },
      { id: 21, component_id: "x", meta: { partial_partial: 58 } },
      { id: 22, component_id: "sectionForm", meta: { form_id: 59 } },
      { id: 23, component_id: "sectionMenu", meta: { menu_id: 60 } },
      { id: 24, component_id: "sectionBlock", meta: { block_id: 61 } },
      { id: 25, component_id: "sectionForm", meta: { form_id: 1 } },
      { id: 26, component_id: "sectionMenu", meta: { menu_id: "2" } },
      { id: 27, component_id: "sectionBlock", meta: { block_id: 1 } },
    ];
    const errors = errorsOf(raw);
    expect(errors).toEqual({
      "website.homepage_id": ['Refers to page "50", which does not exist.'],
      "website.default_layout_id": ['Refers to layout "51", which does not exist.'],
      "website.not_found_page_id": ['Refers to page "62", which does not exist.'],
      "pages[1].layout_id": ['Refers to layout "52", which does not exist.'],
      "pages[2].components[0].template_id": ['Refers to template "57", which does not exist.'],
      "pages[2].components[1].meta.partial_partial": [
        'Refers to template "58", which does not exist.',
      ],
      "pages[2].components[2].meta.form_id": ['Refers to form "59", which does not exist.'],
      "pages[2].components[3].meta.menu_id": ['Refers to menu "60", which does not exist.'],
      "pages[2].components[4].meta.block_id": ['Refers to block "61", which does not exist.'],
      "layouts[0].header_template_ids[1]": ['Refers to template "53", which does not exist.'],
      "layouts[0].footer_template_id": ['Refers to template "54", which does not exist.'],
      "menus[0].items[0].page_id": ['Refers to page "55", which does not exist.'],
      "menus[0].items[0].children[0].page_id": ['Refers to page "56", which does not exist.'],
    });
  });

  it("does not call a reference dangling when the target exists but has its own problem", () => {
    const raw = rawSite();
    raw.layouts[0].name = { not: "a string" };
    const errors = errorsOf(raw);
    expect(Object.keys(errors)).toEqual(["layouts[0].name"]);
  });

  it("requires the meta reference of form, menu and block components", () => {
    const raw = rawSite();
    raw.pages[2].components = [
      { id: 20, component_id: "sectionForm" },
      { id: 21, component_id: "sectionMenu", meta: {} },
      { id: 22, component_id: "sectionBlock", meta: { block_id: "" } },
    ];
    const errors = errorsOf(raw);
    expect(errors["pages[2].components[0].meta.form_id"]).toEqual([
      "A sectionForm component needs meta.form_id.",
    ]);
    expect(errors["pages[2].components[1].meta.menu_id"]).toMatchInlineSnapshot(`
      [
        "A sectionMenu component needs meta.menu_id.",
      ]
    `);
    expect(errors["pages[2].components[2].meta.block_id"]).toMatchInlineSnapshot(`
      [
        "A sectionBlock component needs meta.block_id.",
      ]
    `);
  });

  it("rejects a template_id that disagrees with meta.partial_partial", () => {
    const raw = rawSite();
    raw.templates.push({ id: 6, name: "Other", code: "" });
    raw.pages[2].components = [
      { id: 20, component_id: "templatePartial", template_id: 5, meta: { partial_partial: 6 } },
    ];
    expect(Object.keys(errorsOf(raw))).toEqual(["pages[2].components[0].meta.partial_partial"]);
  });

  it("requires a page_id or url on menu items and refuses script URLs", () => {
    const raw = rawSite();
    raw.menus[0].items = [{ title: "none" }, { title: "js", url: " JaVaScRiPt:alert(1)" }];
    const errors = errorsOf(raw);
    expect(errors["menus[0].items[0].url"]).toEqual(["A menu item needs a page_id or a url."]);
    expect(errors["menus[0].items[1].url"]).toEqual([
      "Must not use a javascript:, vbscript: or data: URL.",
    ]);
  });
});

describe("validateSite: component types", () => {
  it("rejects an unknown type, naming the page and the component", () => {
    const raw = rawSite();
    raw.pages[1].components = [{ id: 77, component_id: "sectionCarousel" }];
    const [message] = errorsOf(raw)["pages[1].components[0].component_id"] ?? [];
    expect(message).toContain('Unknown component type "sectionCarousel"');
    expect(message).toContain("component 77");
    expect(message).toContain('page 2 "About" (/about/)');
  });

  it("names the area for an unknown type in the header area", () => {
    const raw = rawSite();
    raw.areas = { header: [{ id: 78, component_id: "nope" }] };
    const [message] = errorsOf(raw)["areas.header[0].component_id"] ?? [];
    expect(message).toContain("the header area");
  });

  it("accepts any type when the component links a template or has its own code", () => {
    const raw = rawSite();
    raw.pages[1].components = [
      { id: 80, component_id: "heroBanner", template_id: 5 },
      { id: 81, component_id: "myCopy", code: "<p>{{ fields.x }}</p>" },
    ];
    expect(validateSite(raw).pages[1]?.components).toHaveLength(2);
  });

  it("requires a template or code on templatePartial", () => {
    const raw = rawSite();
    raw.pages[1].components = [{ id: 82, component_id: "templatePartial" }];
    expect(Object.keys(errorsOf(raw))).toEqual(["pages[1].components[0].template_id"]);
  });
});

describe("validateSite: collects every problem", () => {
  it("reports schema, reference, duplicate, route and type problems in one error", () => {
    const raw = rawSite();
    raw.website.timezone = "Nowhere/Land";
    raw.pages[0].components[0].menu_order = "first";
    raw.pages[1].layout_id = 404;
    raw.pages[1].components = [{ id: 30, component_id: "sectionCarousel" }];
    raw.pages[2].post_name = "../x";
    raw.pages.push({ id: 3, post_title: "Dup", post_name: "dup" });
    raw.pages.push({ id: 5, post_title: "Also about", post_name: "/about" });
    raw.menus[0].items.push({ title: "Gone", page_id: 999 });
    const errors = errorsOf(raw);
    expect(Object.keys(errors).sort()).toEqual([
      "menus[0].items[1].page_id",
      "pages[0].components[0].menu_order",
      "pages[1].components[0].component_id",
      "pages[1].layout_id",
      "pages[2].post_name",
      "pages[3].id",
      "pages[4].post_name",
      "website.timezone",
    ]);
    expect(collectSiteErrors(raw)).toEqual(errors);
  });

  it("returns no errors for a valid site", () => {
    expect(collectSiteErrors(rawSite())).toEqual({});
  });
});
