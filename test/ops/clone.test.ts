import { describe, expect, it } from "vitest";
import { addComponent, createPageFromSource, type Sources } from "../../src/ops/index.js";
import { loadTheme, type Theme } from "../../src/ops/theme-load.js";
import { asyncErrorsOf, deepFreeze, demo, findComponent } from "./helpers.js";

let theme: Theme | undefined;
/** The starter theme as theme 5 version 7 (a Theme) and as website 1 (a plain Site). */
async function sources(): Promise<Sources> {
  theme ??= deepFreeze(await loadTheme("fixtures/themes/starter"));
  const t = theme;
  return {
    theme: (themeId, versionId) => (themeId === "5" && (versionId ?? "7") === "7" ? t : undefined),
    website: async (websiteId) => (websiteId === "1" ? t.site : undefined),
  };
}

const seedMeta = {
  section_content: {
    time: 1594475302702,
    blocks: [{ type: "paragraph", data: { text: "Lorem ipsum dolor sit amet." } }],
    version: "2.18.0",
  },
  padding_top: "20",
  padding_bottom: "20",
  flex_grids: "w-full",
  content_hotizontal_position: "justify-start",
};

describe("addComponent", () => {
  it("adds seed 004's example to the home page", async () => {
    const site = await demo();
    const {
      site: out,
      changes,
      component,
    } = await addComponent(site, await sources(), {
      type: "page",
      id: "/",
      component_id: "sectionContent",
      menu_order: "490",
      meta: seedMeta,
    });
    expect(component.type).toBe("sectionContent");
    const c = out.pages[0]?.components.at(-1);
    expect(c).toMatchObject({
      id: component.id,
      menu_order: 490,
      meta: { padding_top: 20, flex_grids: "w-full" },
    });
    expect(changes).toEqual({
      added: [{ kind: "component", id: component.id, in: { kind: "page", id: "1" } }],
      changed: [{ kind: "page", id: "1" }],
      removed: [],
    });
  });

  it("adds to the footer area", async () => {
    const site = await demo();
    const { site: out } = await addComponent(
      site,
      {},
      {
        type: "footer",
        id: "footer",
        component_id: "sectionHtml",
        menu_order: 5,
        meta: { html: "<p>x</p>" },
      },
    );
    expect(out.areas.footer.map((c) => c.component_id)).toEqual(["sectionHtml", "sectionContent"]);
  });

  it("clones a theme template, once, and detaches on request", async () => {
    const site = await demo();
    const src = await sources();
    const req = {
      type: "page",
      id: "over-ons",
      component_id: "templatePartial",
      menu_order: 1,
      theme_template_id: 2,
      source_theme_id: 5,
    };
    const { site: out, changes, component } = await addComponent(site, src, req);
    const t = out.templates.at(-1);
    expect(t?.name).toBe("Starter feature");
    expect(findComponent(out, component.id)?.template_id).toBe(t?.id);
    expect(changes.added[0]).toEqual({ kind: "template", id: t?.id });
    const detached = await addComponent(site, src, { ...req, auto_detach: true });
    const d = findComponent(detached.site, detached.component.id);
    expect(d?.template_id).toBeNull();
    expect(d?.code).toContain("feature");
    expect(detached.site.templates).toHaveLength(site.templates.length);
  });

  it("records the source of cloned components and templates, not of a new component", async () => {
    const site = await demo();
    const theme = { theme_id: "5", version_id: "7", website_id: null };
    const linked = await addComponent(site, await sources(), {
      type: "header",
      id: "header",
      component_id: "templatePartial",
      menu_order: 1,
      theme_template_id: 2,
      source_theme_id: 5,
    });
    expect(linked.site.templates.at(-1)?.source).toEqual({ ...theme, id: "2" });
    expect(findComponent(linked.site, linked.component.id)?.source).toBeUndefined();
    expect(linked.assets).toEqual([]);
    const page = await addComponent(site, await sources(), {
      type: "page",
      id: "/",
      component_id: "themePage",
      menu_order: 1,
      source_theme_id: 5,
      theme_page_id: 1,
    });
    expect(findComponent(page.site, page.component.id)?.source).toEqual({ ...theme, id: "11" });
    expect(page.assets).toEqual(["/assets/starter-hero.svg"]);
  });

  it("clones every component of a theme page with the forms they use and the theme layout", async () => {
    const site = await demo();
    const { site: out, changes } = await addComponent(site, await sources(), {
      type: "page",
      id: "vacatures",
      component_id: "themePage",
      menu_order: 100,
      source_theme_id: 5,
      theme_page_id: 2,
      use_theme_layout: true,
    });
    const page = out.pages.find((p) => p.id === "9");
    const [form, feature] = page?.components.slice(-2) ?? [];
    expect(form?.meta.form_id).toBe(out.forms.at(-1)?.id);
    expect(out.forms.at(-1)?.name).toBe("Offerte");
    expect(feature?.menu_order).toBe(101);
    expect(out.layouts.at(-1)?.name).toBe("Starter");
    expect(page?.layout_id).toBe(out.layouts.at(-1)?.id);
    expect(changes.added.map((k) => k.kind).sort()).toEqual([
      "component",
      "component",
      "form",
      "layout",
      "template",
      "template",
    ]);
  });

  it("reports each bad field by its request path", async () => {
    const site = await demo();
    const src = await sources();
    expect(Object.keys(await asyncErrorsOf(() => addComponent(site, src, {})))).toEqual([
      "type",
      "id",
      "component_id",
      "menu_order",
    ]);
    const base = { type: "page", id: "/", component_id: "sectionContent", menu_order: 1 };
    expect(
      await asyncErrorsOf(() => addComponent(site, src, { ...base, meta: { padding_top: "x" } })),
    ).toEqual({ "meta.padding_top": ["Must be a number."] });
    expect(
      Object.keys(
        await asyncErrorsOf(() =>
          addComponent(site, src, { ...base, meta: { padding_bottom: 999 } }),
        ),
      ),
    ).toEqual(["meta.padding_bottom"]);
    expect(
      Object.keys(await asyncErrorsOf(() => addComponent(site, src, { ...base, id: "/nowhere/" }))),
    ).toEqual(["id"]);
    expect(
      Object.keys(await asyncErrorsOf(() => addComponent(site, src, { ...base, type: "sidebar" }))),
    ).toEqual(["type"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() => addComponent(site, src, { ...base, component_id: "nope" })),
      ),
    ).toEqual(["component_id"]);
    expect(
      await asyncErrorsOf(() => addComponent(site, src, { ...base, component_id: "sectionForm" })),
    ).toEqual({ "meta.form_id": ["A sectionForm component needs meta.form_id."] });
    expect(
      Object.keys(
        await asyncErrorsOf(() => addComponent(site, src, { ...base, theme_template_id: 2 })),
      ),
    ).toEqual(["source_theme_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() =>
          addComponent(site, src, { ...base, theme_template_id: 99, source_theme_id: 5 }),
        ),
      ),
    ).toEqual(["theme_template_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() =>
          addComponent(site, src, { ...base, theme_template_id: 2, source_theme_id: 6 }),
        ),
      ),
    ).toEqual(["source_theme_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() =>
          addComponent(site, src, { ...base, infrastructure_template_id: 2 }),
        ),
      ),
    ).toEqual(["infrastructure_website_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() => addComponent(site, src, { ...base, component_id: "themePage" })),
      ),
    ).toEqual(["source_theme_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() =>
          addComponent(site, src, { ...base, component_id: "themePage", source_theme_id: 5 }),
        ),
      ),
    ).toEqual(["theme_page_id"]);
    expect(
      Object.keys(await asyncErrorsOf(() => addComponent(site, src, { ...base, layout_id: 77 }))),
    ).toEqual(["layout_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() =>
          addComponent(site, src, { ...base, type: "header", layout_id: 1 }),
        ),
      ),
    ).toEqual(["layout_id"]);
  });
});

describe("createPageFromSource", () => {
  const req = {
    theme_page_id: 1,
    theme_id: 5,
    version_id: 7,
    post_title: "Starter home",
    url: "/start/",
    status: "1",
  };

  it("clones a theme page with its templates, under a fresh id", async () => {
    const site = await demo();
    const { site: out, changes, page } = await createPageFromSource(site, await sources(), req);
    expect(page).toEqual({ id: "14", post_title: "Starter home", post_name: "start" });
    const created = out.pages.at(-1);
    expect(created?.status).toBe(true);
    expect(created?.layout_id).toBeNull();
    expect(created?.components.map((c) => c.component_id)).toEqual([
      "templatePartial",
      "sectionContent",
    ]);
    expect(created?.components[0]?.template_id).toBe(out.templates.at(-1)?.id);
    expect(changes.added[0]).toEqual({ kind: "page", id: "14" });
  });

  it("gives clones fresh ids, records their source and lists the assets they mention", async () => {
    const site = await demo();
    const {
      site: out,
      page,
      assets,
    } = await createPageFromSource(site, await sources(), {
      ...req,
      use_theme_layout: true,
    });
    const created = out.pages.find((p) => p.id === page.id);
    const theme = { theme_id: "5", version_id: "7", website_id: null };
    expect(created?.source).toEqual({ ...theme, id: "1" });
    expect(created?.components.map((c) => c.source)).toEqual([
      { ...theme, id: "11" },
      { ...theme, id: "12" },
    ]);
    expect(created?.components.map((c) => c.id)).not.toContain("11");
    expect(out.layouts.at(-1)?.source).toEqual({ ...theme, id: "1" });
    expect(out.templates.slice(-2).map((t) => t.source?.id)).toEqual(["2", "1"]);
    expect(assets).toEqual(["/assets/starter-hero.svg"]);

    const fromWebsite = await createPageFromSource(site, await sources(), {
      ...req,
      theme_id: null,
      version_id: null,
      infrastructure_website_id: 1,
    });
    expect(fromWebsite.site.pages.at(-1)?.source).toEqual({
      theme_id: null,
      version_id: null,
      website_id: "1",
      id: "1",
    });
  });

  it("clones the source layout with use_theme_layout, or uses one of the site", async () => {
    const site = await demo();
    const withLayout = await createPageFromSource(site, await sources(), {
      ...req,
      use_theme_layout: true,
      status: 0,
    });
    const layout = withLayout.site.layouts.at(-1);
    expect(layout?.name).toBe("Starter");
    expect(withLayout.site.pages.at(-1)).toMatchObject({ layout_id: layout?.id, status: false });
    const own = await createPageFromSource(site, await sources(), {
      ...req,
      infrastructure_website_id: 1,
      theme_id: null,
      version_id: null,
      layout_id: 2,
    });
    expect(own.site.pages.at(-1)?.layout_id).toBe("2");
  });

  it("reports each bad field by its request path", async () => {
    const site = await demo();
    const src = await sources();
    expect(Object.keys(await asyncErrorsOf(() => createPageFromSource(site, src, {})))).toEqual([
      "theme_page_id",
      "post_title",
      "url",
      "status",
    ]);
    expect(
      Object.keys(
        await asyncErrorsOf(() =>
          createPageFromSource(site, src, { ...req, theme_id: null, version_id: null }),
        ),
      ),
    ).toEqual(["theme_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() => createPageFromSource(site, src, { ...req, version_id: null })),
      ),
    ).toEqual(["version_id"]);
    expect(
      await asyncErrorsOf(() => createPageFromSource(site, src, { ...req, url: "contact" })),
    ).toEqual({ url: ['URL /contact/ is already used by page 8 "Contact".'] });
    expect(
      Object.keys(
        await asyncErrorsOf(() =>
          createPageFromSource(site, src, {
            ...req,
            post_title: "x".repeat(256),
            url: "u".repeat(501),
          }),
        ),
      ),
    ).toEqual(["post_title", "url"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() => createPageFromSource(site, src, { ...req, status: "2" })),
      ),
    ).toEqual(["status"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() => createPageFromSource(site, src, { ...req, layout_id: 99 })),
      ),
    ).toEqual(["layout_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() => createPageFromSource(site, src, { ...req, theme_page_id: 99 })),
      ),
    ).toEqual(["theme_page_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() => createPageFromSource(site, src, { ...req, version_id: 8 })),
      ),
    ).toEqual(["theme_id"]);
    expect(
      Object.keys(
        await asyncErrorsOf(() => createPageFromSource(site, src, { ...req, url: "blog" })),
      ),
    ).toEqual(["url"]);
    expect(Object.keys(await asyncErrorsOf(() => createPageFromSource(site, {}, req)))).toEqual([
      "theme_id",
    ]);
  });
});
