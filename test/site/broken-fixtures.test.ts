import { describe, expect, it } from "vitest";
import { SiteValidationError } from "../../src/errors.js";
import { loadSite } from "../../src/site/load.js";
import { rejection } from "./helpers.js";

const BROKEN = "fixtures/sites/broken";

async function errorsOf(name: string, code: string) {
  const err = await rejection(loadSite(`${BROKEN}/${name}`));
  expect(err).toBeInstanceOf(SiteValidationError);
  expect(err.code).toBe(code);
  return (err as SiteValidationError).errors;
}

describe("broken fixtures", () => {
  it("malformed-json: E_SITE_JSON keyed by the file, with line and column", async () => {
    const errors = await errorsOf("malformed-json", "E_SITE_JSON");
    expect(Object.keys(errors)).toEqual(["pages/020-over-ons.json"]);
    expect(errors["pages/020-over-ons.json"]?.[0]).toMatch(/^Invalid JSON at line 4, column 3: /);
  });

  it("schema-violation: every bad field, including those inside a bad page", async () => {
    const errors = await errorsOf("schema-violation", "E_SITE_INVALID");
    expect(Object.keys(errors).sort()).toEqual([
      "pages[1].components[1].menu_order",
      "pages[1].components[1].meta.padding_top",
      "pages[1].status",
      "redirects[0].status",
    ]);
    expect(errors["pages[1].components[1].meta.padding_top"]?.[0]).toMatch(/^Must be a number\./);
  });

  it("dangling-reference: layout, template, form and menu page ids", async () => {
    const errors = await errorsOf("dangling-reference", "E_SITE_INVALID");
    expect(errors["pages[1].layout_id"]?.[0]).toMatch(/layout "9", which does not exist/);
    expect(errors["pages[1].components[0].template_id"]?.[0]).toMatch(/template "77"/);
    expect(errors["pages[1].components[1].meta.form_id"]?.[0]).toMatch(/form "5"/);
    expect(errors["menus[0].items[0].page_id"]?.[0]).toMatch(/page "404"/);
    expect(Object.keys(errors)).toHaveLength(4);
  });

  it("unsafe-slug: traversal, encoded traversal and drive letters", async () => {
    const errors = await errorsOf("unsafe-slug", "E_SITE_INVALID");
    expect(errors["pages[1].post_name"]?.[0]).toMatch(/\.\. segments/);
    expect(errors["pages[2].post_name"]?.[0]).toMatch(/encoded traversal/);
    expect(errors["pages[3].url"]?.[0]).toMatch(/drive letter/);
  });

  it("url-collision: names both pages", async () => {
    const errors = await errorsOf("url-collision", "E_SITE_INVALID");
    const [message] = errors["pages[2].post_name"] ?? [];
    expect(message).toContain('page 2 "Over ons" (pages[1])');
    expect(message).toContain('page 3 "Over ons (kopie)" (pages[2])');
    expect(message).toContain("/over-ons/");
  });

  it("unknown-component-type: names the page and the component", async () => {
    const errors = await errorsOf("unknown-component-type", "E_SITE_INVALID");
    const [message] = errors["pages[1].components[1].component_id"] ?? [];
    expect(message).toContain('"sectionCarousel"');
    expect(message).toContain("component 22");
    expect(message).toContain('page 2 "Galerij"');
  });
});
