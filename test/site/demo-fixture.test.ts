import { describe, expect, it } from "vitest";
import { COMPONENT_TYPES } from "../../src/site/component-types.js";
import { loadSite } from "../../src/site/load.js";
import type { Component, EditorJsBlock, Site } from "../../src/site/types.js";

function allComponents(site: Site): Component[] {
  return [...site.pages.flatMap((p) => p.components), ...Object.values(site.areas).flat()];
}

function allBlocks(site: Site): EditorJsBlock[] {
  const docs = [
    ...allComponents(site).map(
      (c) => c.meta.section_content as { blocks: EditorJsBlock[] } | undefined,
    ),
    ...site.blocks.map((b) => b.content),
  ];
  return docs.flatMap((d) => d?.blocks ?? []);
}

describe("fixtures/sites/demo", async () => {
  const site = await loadSite("fixtures/sites/demo");

  it("has at least 10 published pages, a draft and nested slugs", () => {
    expect(site.pages.filter((p) => p.status).length).toBeGreaterThanOrEqual(10);
    expect(site.pages.filter((p) => !p.status)).toHaveLength(1);
    expect(site.pages.map((p) => p.post_name)).toContain("diensten/catering");
  });

  it("uses SEO fields, no_index and a canonical URL", () => {
    expect(site.pages.filter((p) => p.meta_title && p.meta_description).length).toBeGreaterThan(3);
    expect(site.pages.some((p) => p.no_index)).toBe(true);
    expect(site.pages.some((p) => p.canonical_url?.startsWith("https://"))).toBe(true);
  });

  it("has customization, 2 layouts, 2 menus with nesting and a form with several field types", () => {
    const c = site.website.customization;
    // No Google Fonts: the demo works offline; its theme stylesheet uses system fonts.
    expect(c.fonts).toEqual({});
    expect(c.stylesheet).toBe("/assets/theme.css");
    expect(c.logo && c.favicon && c.cookie_consent && c.tracking_code).toBeTruthy();
    expect(site.layouts).toHaveLength(2);
    expect(site.menus).toHaveLength(2);
    expect(site.menus[0]?.items.some((i) => i.children.length > 0)).toBe(true);
    expect(new Set(site.forms[0]?.fields.map((f) => f.type)).size).toBeGreaterThanOrEqual(8);
  });

  it("has a component of every built-in type", () => {
    const types = new Set(allComponents(site).map((c) => c.component_id));
    // Derived from the list itself, so a new built-in type must also appear in the demo.
    for (const type of COMPONENT_TYPES) {
      expect(types, type).toContain(type);
    }
    expect(allComponents(site).some((c) => c.code !== null && c.template_id === null)).toBe(true);
    expect(
      allComponents(site).some((c) => c.template_id && Object.keys(c.custom_fields).length > 0),
    ).toBe(true);
  });

  it("uses every Editor.js block type, header levels 1-6 and every list shape", () => {
    const blocks = allBlocks(site);
    const types = new Set(blocks.map((b) => b.type));
    for (const type of [
      "paragraph",
      "header",
      "list",
      "checklist",
      "image",
      "quote",
      "code",
      "delimiter",
      "table",
      "embed",
      "warning",
      "raw",
      "linkTool",
      "attaches",
    ]) {
      expect(types, type).toContain(type);
    }
    const levels = new Set(blocks.filter((b) => b.type === "header").map((b) => b.data.level));
    expect([...levels].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const lists = blocks.filter((b) => b.type === "list").map((b) => b.data);
    const items = (d: Record<string, unknown>) => d.items as unknown[];
    expect(lists.some((d) => typeof items(d)[0] === "string")).toBe(true);
    expect(
      lists.some(
        (d) =>
          !("meta" in d) &&
          items(d).some((i) => ((i as { items: unknown[] }).items ?? []).length > 0),
      ),
    ).toBe(true);
    expect(lists.some((d) => "meta" in d && d.style === "checklist")).toBe(true);
    expect(
      lists.some((d) => d.style === "ordered") && lists.some((d) => d.style === "unordered"),
    ).toBe(true);
  });
});
