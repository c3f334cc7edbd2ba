/** What a template reaches, read from its parse tree: literal names pinned, anything else "all". */
import { describe, expect, it } from "vitest";
import { componentRefs } from "../../../src/generator/incremental/component-refs.js";
import { templateReach } from "../../../src/generator/incremental/template-reach.js";
import type { Component } from "../../../src/site/types.js";

describe("templateReach", () => {
  it("pins menus looked up by a literal id", () => {
    const reach = templateReach('{{ menu("1") }}{{ menu(2, "footer") }}{{ menus.main.name }}');
    expect(reach).toMatchObject({ menus: ["1", "2", "main"], allMenus: false });
  });

  it.each([
    ["a menu id from a variable", "{{ menu(fields.menu) }}"],
    ["a loop over every menu", "{% for m in menus %}{{ m.name }}{% endfor %}"],
    ["menus looked up by a variable", "{{ menus[fields.id].name }}"],
    ["the menu function passed along", "{% set m = menu %}{{ m(1) }}"],
  ])("reaches every menu for %s", (_, src) => {
    expect(templateReach(src).allMenus).toBe(true);
  });

  it("pins structures by literal key and reaches all of them otherwise", () => {
    expect(templateReach("{{ structures.blog.title }}")).toMatchObject({
      structures: ["blog"],
      allStructures: false,
    });
    expect(templateReach("{% for s in structures %}{{ s }}{% endfor %}").allStructures).toBe(true);
  });

  it("names included, imported and extended templates, and notices picture()", () => {
    const reach = templateReach(
      '{% include "template:4" %}{% import "template:5" as m %}{% from "template:6" import x %}{{ picture(fields.image) }}',
    );
    expect(reach.includes).toEqual(["template:4", "template:5", "template:6"]);
    expect(reach.picture).toBe(true);
    expect(templateReach('{% extends "template:9" %}').includes).toEqual(["template:9"]);
  });

  it("knows nothing of a template that does not parse", () => {
    expect(templateReach("{% if %}").unknown).toBe(true);
  });
});

describe("componentRefs", () => {
  const component = (over: Partial<Component>): Component => ({
    id: "1",
    component_id: "sectionContent",
    menu_order: 0,
    meta: {},
    template_id: null,
    code: null,
    custom_fields: {},
    ...over,
  });

  it("collects linked templates, named entities, own code's reach and local images", () => {
    const refs = componentRefs([
      component({ component_id: "templatePartial", template_id: "3" }),
      component({ component_id: "sectionMenu", meta: { menu_id: 2 } }),
      component({ component_id: "sectionForm", meta: { form_id: "5" } }),
      component({ component_id: "sectionBlock", meta: { block_id: 7 } }),
      component({ component_id: "sectionStructure", meta: { structure: "blog" } }),
      component({ code: '{% include "template:8" %}{{ menu("4") }}' }),
      component({ component_id: "sectionImage", meta: { image: "/assets/a%20b.jpg" } }),
    ]);
    expect(refs).toMatchObject({
      templates: ["3"],
      menus: ["2"],
      forms: ["5"],
      blocks: ["7"],
      structures: ["blog"],
      images: ["a b.jpg"],
    });
    expect(refs.reach).toMatchObject({ includes: ["template:8"], menus: ["4"] });
  });

  it("files utility classes under the entity their renderer needs, and none for what never wraps", () => {
    const padded = { padding_top: "20", flex_grids: "w-full md:w-1/2" };
    const refs = componentRefs([
      component({ meta: padded }),
      component({ component_id: "sectionMenu", meta: { ...padded, menu_id: 2, padding_top: "8" } }),
      component({ component_id: "sectionImage", meta: { padding_bottom: "30" } }),
      component({ component_id: "unknownType", meta: { padding_top: "50" } }),
    ]);
    expect(refs.utilities).toEqual({
      always: ["md:w-1/2", "pt-20", "w-full"],
      "menu:2": ["md:w-1/2", "pt-8", "w-full"],
    });
  });
});
