import { describe, expect, it } from "vitest";
import { validateSite } from "../../src/site/validate.js";
import { expectValidationError, rawSite } from "./helpers.js";

function errorsOf(raw: unknown) {
  const err = expectValidationError(() => validateSite(raw));
  expect(err.code).toBe("E_SITE_INVALID");
  return err.errors;
}

describe("validateSite: duplicates and routes", () => {
  it("rejects duplicate ids within each collection", () => {
    const raw = rawSite();
    raw.pages[2].id = "1";
    raw.templates.push({ id: "5", name: "Again", code: "" });
    raw.menus.push({ id: 1 });
    const errors = errorsOf(raw);
    expect(errors["pages[2].id"]).toEqual(['Duplicate id "1": pages[0] already uses it.']);
    expect(errors["templates[1].id"]).toMatchInlineSnapshot(`
      [
        "Duplicate id "5": templates[0] already uses it.",
      ]
    `);
    expect(errors["menus[1].id"]).toMatchInlineSnapshot(`
      [
        "Duplicate id "1": menus[0] already uses it.",
      ]
    `);
  });

  it("rejects a component id used twice in the site, also across areas", () => {
    const raw = rawSite();
    raw.areas = { footer: [{ id: 10, component_id: "sectionHtml" }] };
    expect(errorsOf(raw)["pages[0].components[0].id"]).toEqual([
      'Duplicate component id "10": areas.footer[0] already uses it.',
    ]);
  });

  it("rejects duplicate form field and template custom field names", () => {
    const raw = rawSite();
    raw.forms = [{ id: 1, fields: [{ name: "a" }, { name: "a" }] }];
    raw.templates[0].custom_fields = [{ name: "t" }, { name: "t" }];
    raw.templates.push({ id: 6, name: "Evil", code: "", custom_fields: [{ name: "constructor" }] });
    const errors = errorsOf(raw);
    expect(errors["forms[0].fields[1].name"]).toMatchInlineSnapshot(`
      [
        "Duplicate field name "a": forms[0].fields[0] already uses it.",
      ]
    `);
    expect(errors["templates[0].custom_fields[1].name"]).toMatchInlineSnapshot(`
      [
        "Duplicate custom field "t": templates[0].custom_fields[0] already uses it.",
      ]
    `);
    expect(errors["templates[1].custom_fields[0].name"]).toEqual(["This name is reserved."]);
  });

  it("rejects two published pages with one URL, naming both", () => {
    const raw = rawSite();
    raw.pages.push({ id: 4, post_title: "About again", url: "about" });
    expect(errorsOf(raw)["pages[3].url"]).toEqual([
      'URL /about/ is used by both page 2 "About" (pages[1]) and page 4 "About again" (pages[3]).',
    ]);
  });

  it("lets a draft share a published page's URL", () => {
    const raw = rawSite();
    raw.pages.push({ id: 4, post_title: "About draft", post_name: "about", status: 0 });
    expect(validateSite(raw).pages).toHaveLength(4);
  });

  it("treats the homepage_id page as / for collisions", () => {
    const raw = rawSite();
    raw.website.homepage_id = 2;
    expect(errorsOf(raw)["pages[1].post_name"]?.[0]).toMatch(
      /^URL \/ is used by both page 1 "Home"/,
    );
  });

  it("rejects a page without post_name or url", () => {
    const raw = rawSite();
    delete raw.pages[2].post_name;
    expect(errorsOf(raw)["pages[2].post_name"]).toMatchInlineSnapshot(`
      [
        "A page needs a post_name (or url); use / for the home page.",
      ]
    `);
  });

  it.each([
    ["../secret", /\. or \.\. segments/],
    ["a/../../b", /\. or \.\. segments/],
    ["./a", /\. or \.\. segments/],
    ["//evil.example/x", /must not start with \/\//],
    ["C:/Windows", /drive letter/],
    ["a\\b", /backslashes/],
    ["a\u0000b", /control characters/],
    ["line\nbreak", /control characters/],
    ["%2e%2e/etc", /encoded traversal/],
    ["a/%2E%2e", /encoded traversal/],
    ["a%2fb", /encoded traversal/],
    ["a%5c..", /encoded traversal/],
    ["a//b", /empty segments/],
    ["bad%zz", /malformed percent-encoding/],
    ["a?b=1", /\? or #/],
    ["x".repeat(201), /at most 200/],
  ])("rejects the unsafe slug %j", (slug, reason) => {
    const raw = rawSite();
    raw.pages[2].post_name = slug;
    const [message] = errorsOf(raw)["pages[2].post_name"] ?? [];
    expect(message).toMatch(reason);
  });

  it("checks redirect sources and targets", () => {
    const raw = rawSite();
    raw.redirects = [
      { from: "/about/", to: "/x/" },
      { from: "/old/", to: "/x/" },
      { from: "old", to: "/y/" },
      { from: "/../x", to: "/y/" },
      { from: "/z/", to: "javascript:alert(1)" },
    ];
    const errors = errorsOf(raw);
    expect(errors["redirects[0].from"]?.[0]).toMatch(/would replace page 2 "About"/);
    expect(errors["redirects[2].from"]?.[0]).toMatch(/also defined by redirects\[1\]/);
    expect(errors["redirects[3].from"]?.[0]).toMatch(/Unsafe redirect source/);
    expect(errors["redirects[4].to"]).toMatchInlineSnapshot(`
      [
        "Must not use a javascript:, vbscript: or data: URL.",
      ]
    `);
  });
});
