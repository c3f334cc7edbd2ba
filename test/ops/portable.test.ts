import { describe, expect, it } from "vitest";
import { exportComponent, exportPage, importComponent, importPage } from "../../src/ops/index.js";
import { validateSite } from "../../src/site/validate.js";
import { deepFreeze, demo, errorsOf, findComponent } from "./helpers.js";

const empty = () => deepFreeze(validateSite({ website: { id: 9, name: "Leeg" } }));

describe("exportPage / importPage", () => {
  it("carries the templates, layout, forms, menus and assets a page needs", async () => {
    const site = await demo();
    const doc = exportPage(site, { id: 6 });
    expect(doc.format).toBe("sitewright.page");
    expect(doc.layouts.map((l) => l.id)).toEqual(["2"]);
    expect(doc.templates.map((t) => t.id).sort()).toEqual(["1", "2", "6"]);
    const contact = exportPage(site, { id: 8 });
    expect(contact.forms.map((f) => f.id)).toEqual(["1"]);
    const diensten = exportPage(site, { id: 5 });
    expect(diensten.menus).toHaveLength(1);
    // Links to other pages travel as URLs.
    expect(diensten.menus[0]?.items.every((i) => i.page_id === null && i.url !== "#")).toBe(true);
    expect(exportPage(site, { id: 1 }).assets).toContain("/assets/hero-brood.jpg");
  });

  it("is lossless: export, import into another site, export again gives the same document", async () => {
    const site = await demo();
    for (const id of ["5", "6", "8", "4"]) {
      const doc = exportPage(site, { id });
      const { site: out, changes } = importPage(empty(), { document: doc });
      expect(exportPage(out, { id })).toEqual(doc);
      expect(changes.added[0]).toEqual({ kind: "page", id });
    }
  });

  it("imports into the same site without overwriting: every id remapped, a free URL", async () => {
    const site = await demo();
    const doc = exportPage(site, { id: 6 });
    const { site: out, changes } = importPage(site, { document: doc });
    const page = out.pages.at(-1);
    expect(page?.post_name).toBe("diensten/catering-copy");
    expect(page?.id).toBe("14");
    expect(page?.components[0]?.id).not.toBe("601");
    expect(out.templates).toHaveLength(site.templates.length + 3);
    expect(out.templates.slice(0, site.templates.length)).toEqual(site.templates);
    expect(changes.added.filter((k) => k.kind === "template")).toHaveLength(3);
    expect(
      importPage(site, { document: doc, url: "nieuw", post_title: "Nieuw" }).site.pages.at(-1),
    ).toMatchObject({ post_name: "nieuw", post_title: "Nieuw" });
  });

  it("reports bad requests and documents by request path", async () => {
    const site = await demo();
    const doc = exportPage(site, { id: 6 });
    expect(
      Object.keys(errorsOf(() => importPage(site, { document: { ...doc, format: "x" } }))),
    ).toEqual(["format"]);
    expect(
      Object.keys(errorsOf(() => importPage(site, { document: doc, url: "/contact/" }))),
    ).toEqual(["url"]);
    expect(
      Object.keys(
        errorsOf(() =>
          importPage(site, {
            document: { ...doc, page: { ...doc.page, post_title: "x".repeat(256) } },
          }),
        ),
      ),
    ).toEqual(["document.page.post_title"]);
    const home = exportPage(site, { id: 1 });
    // The document's own index: the blog listing this demo page shows, which the target lacks.
    expect(home.page.components[5]?.component_id).toBe("sectionStructure");
    expect(Object.keys(errorsOf(() => importPage(empty(), { document: home })))).toEqual([
      "document.page.components[5].meta.structure",
    ]);
    expect(Object.keys(errorsOf(() => exportPage(site, { id: 99 })))).toEqual(["id"]);
  });
});

describe("exportComponent / importComponent", () => {
  it("round-trips a linked component with its template into another site", async () => {
    const site = await demo();
    const doc = exportComponent(site, { id: 101 });
    expect(doc.templates.map((t) => t.id)).toEqual(["3"]);
    const target = validateSite({
      website: { id: 9, name: "Leeg" },
      pages: [{ id: 1, post_title: "Home", post_name: "/" }],
    });
    const { site: out, changes } = importComponent(target, {
      document: doc,
      type: "page",
      id: "/",
    });
    expect(exportComponent(out, { id: 101 })).toEqual(doc);
    expect(changes.added).toEqual([
      { kind: "template", id: "3" },
      { kind: "component", id: "101", in: { kind: "page", id: "1" } },
    ]);
  });

  it("imports into an area of the same site under fresh ids", async () => {
    const site = await demo();
    const doc = exportComponent(site, { id: 802 });
    const { site: out } = importComponent(site, {
      document: doc,
      type: "secured",
      id: "x",
      menu_order: "5",
    });
    const c = out.areas.secured[0];
    expect(c?.id).not.toBe("802");
    expect(c?.menu_order).toBe(5);
    expect(c?.meta.form_id).toBe(out.forms.at(-1)?.id);
    expect(findComponent(out, "802")).toEqual(findComponent(site, "802"));
  });

  it("reports bad requests by request path", async () => {
    const site = await demo();
    const doc = exportComponent(site, { id: 802 });
    expect(
      Object.keys(
        errorsOf(() => importComponent(site, { document: doc, type: "page", id: "/nope/" })),
      ),
    ).toEqual(["id"]);
    expect(
      Object.keys(errorsOf(() => importComponent(site, { document: doc, type: "side", id: "/" }))),
    ).toEqual(["type"]);
    expect(
      Object.keys(
        errorsOf(() =>
          importComponent(site, { document: { ...doc, version: 2 }, type: "page", id: "/" }),
        ),
      ),
    ).toEqual(["version"]);
    expect(Object.keys(errorsOf(() => exportComponent(site, { id: 1 })))).toEqual(["id"]);
  });
});
