import { describe, expect, it } from "vitest";
import {
  changeComponentType,
  convertToTemplate,
  deleteComponent,
  duplicateComponent,
  setComponentContent,
  unlinkComponent,
  updateComponentOrder,
  updateCustomFields,
} from "../../src/ops/index.js";
import { demo, errorsOf, findComponent } from "./helpers.js";

const home = { kind: "page", id: "1" } as const;

describe("unlinkComponent", () => {
  it("copies the template's code and field definitions into the component and drops the link", async () => {
    const site = await demo();
    const hero = site.templates.find((t) => t.id === "3");
    const { site: out, changes } = unlinkComponent(site, { id: 101 });
    const c = findComponent(out, "101");
    expect(c?.template_id).toBeNull();
    expect(c?.code).toBe(hero?.code);
    expect(c?.meta.custom_fields_config).toEqual(hero?.custom_fields);
    // Values the component left unset get the template's defaults, so it renders the same.
    expect(c?.custom_fields.button_label).toBe("Bekijk ons assortiment");
    expect(c?.custom_fields.title).toBe("Vers brood, elke ochtend");
    expect(changes).toEqual({
      added: [],
      changed: [{ kind: "component", id: "101", in: home }, home],
      removed: [],
    });
  });

  it("refuses a component without a template link, and an unknown id", async () => {
    const site = await demo();
    expect(errorsOf(() => unlinkComponent(site, { id: 102 }))).toEqual({
      id: ["Component 102 is not linked to a template."],
    });
    expect(Object.keys(errorsOf(() => unlinkComponent(site, { id: 999999 })))).toEqual(["id"]);
    expect(Object.keys(errorsOf(() => unlinkComponent(site, {})))).toEqual(["id"]);
  });
});

describe("convertToTemplate", () => {
  it("makes a template of an unlinked component and links the component to it", async () => {
    const site = await demo();
    const { site: out, changes } = convertToTemplate(site, { id: 106, name: "Testimonial" });
    const added = out.templates.at(-1);
    expect(added?.name).toBe("Testimonial");
    expect(added?.id).toBe(String(Math.max(...site.templates.map((t) => Number(t.id))) + 1));
    const c = findComponent(out, "106");
    expect(c).toMatchObject({
      component_id: "templatePartial",
      template_id: added?.id,
      code: null,
    });
    expect(added?.code).toBe(findComponent(site, "106")?.code);
    expect(changes.added).toEqual([{ kind: "template", id: added?.id }]);
  });

  it("is the inverse of unlink: the definitions come back exactly", async () => {
    const site = await demo();
    const unlinked = unlinkComponent(site, { id: 101 }).site;
    const { site: out } = convertToTemplate(unlinked, { id: 101 });
    const t = out.templates.at(-1);
    expect(t?.custom_fields).toEqual(site.templates.find((x) => x.id === "3")?.custom_fields);
    expect(findComponent(out, "101")?.meta).toEqual(findComponent(site, "101")?.meta);
  });

  it("refuses linked components and components without code", async () => {
    const site = await demo();
    expect(errorsOf(() => convertToTemplate(site, { id: 101 })).id?.[0]).toMatch(/already linked/);
    expect(errorsOf(() => convertToTemplate(site, { id: 102 })).id?.[0]).toMatch(/no code/);
  });
});

describe("duplicateComponent and deleteComponent", () => {
  it("duplicates right after the original with a fresh id", async () => {
    const site = await demo();
    const { site: out, changes } = duplicateComponent(site, { id: "102" });
    const ids = out.pages[0]?.components.map((c) => c.id);
    const fresh = changes.added[0]?.id as string;
    expect(ids?.indexOf(fresh)).toBe((ids?.indexOf("102") ?? -2) + 1);
    expect(findComponent(out, fresh)?.meta).toEqual(findComponent(site, "102")?.meta);
    expect(changes).toEqual({
      added: [{ kind: "component", id: fresh, in: home }],
      changed: [home],
      removed: [],
    });
  });

  it("duplicates an area component into its area", async () => {
    const site = await demo();
    const { site: out, changes } = duplicateComponent(site, { id: 9001, menu_order: "99" });
    expect(out.areas.header.map((c) => c.menu_order)).toEqual([10, 99]);
    expect(changes.changed).toEqual([{ kind: "area", id: "header" }]);
  });

  it("deletes a component", async () => {
    const site = await demo();
    const { site: out, changes } = deleteComponent(site, { id: 9002 });
    expect(out.areas.footer).toEqual([]);
    expect(changes.removed).toEqual([
      { kind: "component", id: "9002", in: { kind: "area", id: "footer" } },
    ]);
    expect(Object.keys(errorsOf(() => deleteComponent(site, { id: "nope" })))).toEqual(["id"]);
    expect(
      Object.keys(errorsOf(() => duplicateComponent(site, { id: 102, menu_order: "x" }))),
    ).toEqual(["menu_order"]);
  });
});

describe("updateComponentOrder", () => {
  it("moves components and re-sorts their page", async () => {
    const site = await demo();
    const { site: out, changes } = updateComponentOrder(site, {
      components: [{ id: 101, menu_order: "490" }],
    });
    expect(out.pages[0]?.components.at(-1)?.id).toBe("101");
    expect(out.pages[0]?.components.at(-1)?.menu_order).toBe(490);
    expect(changes.changed).toEqual([{ kind: "component", id: "101", in: home }, home]);
  });

  it("names each bad entry by its index", async () => {
    const site = await demo();
    expect(
      errorsOf(() =>
        updateComponentOrder(site, {
          components: [
            { id: 101, menu_order: 1 },
            { id: 101, menu_order: 2 },
            { id: 7777, menu_order: 3 },
            { id: 102 },
          ],
        }),
      ),
    ).toEqual({
      "components[1].id": ["Component 101 is listed twice."],
      "components[2].id": ['No component with id "7777" exists in this site.'],
      "components[3].menu_order": ["This field is required."],
    });
    expect(Object.keys(errorsOf(() => updateComponentOrder(site, { components: [] })))).toEqual([
      "components",
    ]);
  });
});

describe("setComponentContent", () => {
  it("sets the Editor.js document, also given as JSON text", async () => {
    const site = await demo();
    const doc = { blocks: [{ type: "paragraph", data: { text: "Nieuw" } }] };
    const { site: out } = setComponentContent(site, {
      id: 102,
      section_content: JSON.stringify(doc),
    });
    expect(findComponent(out, "102")?.meta.section_content).toEqual(doc);
  });

  it("reports a bad document at its request path", async () => {
    const site = await demo();
    const errors = errorsOf(() =>
      setComponentContent(site, { id: 102, section_content: { blocks: [{}] } }),
    );
    expect(Object.keys(errors).every((k) => k.startsWith("section_content"))).toBe(true);
    expect(Object.keys(errorsOf(() => setComponentContent(site, { id: 102 })))).toEqual([
      "section_content",
    ]);
  });
});

describe("updateCustomFields", () => {
  it("sets and removes values", async () => {
    const site = await demo();
    const { site: out } = updateCustomFields(site, {
      id: 101,
      custom_fields: { title: "Nieuw", image_alt: null },
    });
    const c = findComponent(out, "101");
    expect(c?.custom_fields.title).toBe("Nieuw");
    expect(c?.custom_fields).not.toHaveProperty("image_alt");
  });

  it("checks values by the template's field types at custom_fields.<name>", async () => {
    const site = await demo();
    const errors = errorsOf(() =>
      updateCustomFields(site, { id: 101, custom_fields: { button_url: "javascript:alert(1)" } }),
    );
    expect(Object.keys(errors)).toEqual(["custom_fields.button_url"]);
    expect(
      Object.keys(errorsOf(() => updateCustomFields(site, { id: 101, custom_fields: 5 }))),
    ).toEqual(["custom_fields"]);
  });
});

describe("changeComponentType", () => {
  it("turns a linked component into a built-in type, dropping the link", async () => {
    const site = await demo();
    const { site: out } = changeComponentType(site, {
      id: 101,
      component_id: "sectionForm",
      meta: { form_id: 1, padding_top: "12" },
    });
    expect(findComponent(out, "101")).toMatchObject({
      component_id: "sectionForm",
      template_id: null,
      meta: { form_id: "1", padding_top: 12 },
    });
  });

  it("reports missing references and bad meta at request paths", async () => {
    const site = await demo();
    expect(
      errorsOf(() => changeComponentType(site, { id: 102, component_id: "sectionForm" })),
    ).toEqual({
      "meta.form_id": ["A sectionForm component needs meta.form_id."],
    });
    expect(
      Object.keys(
        errorsOf(() =>
          changeComponentType(site, {
            id: 102,
            component_id: "sectionContent",
            meta: { padding_top: 900 },
          }),
        ),
      ),
    ).toEqual(["meta.padding_top"]);
    expect(
      Object.keys(errorsOf(() => changeComponentType(site, { id: 102, component_id: "nope" }))),
    ).toEqual(["component_id"]);
    expect(
      Object.keys(
        errorsOf(() => changeComponentType(site, { id: 102, component_id: "x", template_id: 999 })),
      ),
    ).toEqual(["template_id"]);
  });
});
