import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { previewValue } from "../../src/generator/preview-routes.js";
import { renderEntity } from "../../src/show/render-entity.js";
import { loadSite } from "../../src/site/load.js";
import { tempDir } from "../generator/helpers.js";
import { rejection } from "../helpers/rejection.js";

const DEMO = "fixtures/sites/demo";
const NOW = new Date("2026-11-01T12:00:00Z");

describe("renderEntity", () => {
  const dir = tempDir("sw-entity-");

  it("a page: exactly the bytes the build writes for it", async () => {
    const full = await buildSite(DEMO, { outDir: join(dir, "full"), now: NOW });
    const site = await loadSite(DEMO);
    for (const page of site.pages.filter((p) => p.status).slice(0, 4)) {
      const entity = await renderEntity(DEMO, { type: "page", id: page.id }, { now: NOW });
      const file = entity.url === "/" ? "index.html" : `${entity.url.slice(1)}index.html`;
      expect(full.manifest.files[file]).toBeDefined();
      expect(entity.html).toBe(await readFile(join(dir, "full", file), "utf8"));
    }
  });

  it("a template: alone (no layout, no areas), with its defaults and samples for empty ones", async () => {
    const site = await loadSite(DEMO);
    const hero = site.templates.find((t) => t.name === "Hero");
    expect(hero).toBeDefined();
    const { html, url } = await renderEntity(DEMO, { type: "template", id: Number(hero?.id) });
    expect(url).toBe(`/_preview/template-${hero?.id}/`);
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain("Welkom bij Bakkerij Zon"); // a default
    expect(html).toContain("Ondertitel"); // the label stands in for an empty default
    // Inside the site's styles: the theme's stylesheet and the engine's.
    expect(html).toContain('<link rel="stylesheet" href="/assets/theme.css">');
    expect(html).toContain('href="/assets/site.css');
    // Neither the layout's header template (a <header>) nor the areas' components.
    expect(html).not.toContain("<header");
    const areaIds = [...site.areas.header, ...site.areas.footer].map((c) => c.id);
    expect(areaIds.length).toBeGreaterThan(0);
    for (const id of areaIds) expect(html).not.toContain(`id="c-${id}"`);
  });

  it("a layout of several footer templates: each in its place and order, with the areas", async () => {
    // Layout 2: header template 1, footer templates "6,2" (the newsletter strip, then the footer).
    const { html } = await renderEntity(DEMO, { type: "layout", id: "2" });
    const at = (text: string) => {
      const i = html.indexOf(text);
      expect(i, text).toBeGreaterThan(-1);
      return i;
    };
    const content = at("Page content");
    expect(at('class="site-header"')).toBeLessThan(content);
    expect(at('class="sw-area sw-area-header"')).toBeLessThan(content);
    const strip = at('class="newsletter-strip"');
    expect(strip).toBeGreaterThan(content);
    expect(at('class="site-footer"')).toBeGreaterThan(strip);
    expect(at('class="sw-area sw-area-footer"')).toBeGreaterThan(content);
    expect(html).toContain('<link rel="stylesheet" href="/assets/theme.css">');
  });

  it("a layout: its header and footer templates around placeholder content", async () => {
    const site = await loadSite(DEMO);
    const layout = site.layouts[0];
    const { html } = await renderEntity(DEMO, { type: "layout", id: layout?.id as string });
    expect(html).toContain("Page content");
    const main = html.indexOf("Page content");
    // The header template renders before the content and the footer after it.
    const headerTemplate = site.templates.find((t) => t.id === layout?.header_template_ids[0]);
    const footerTemplate = site.templates.find((t) => t.id === layout?.footer_template_ids[0]);
    expect(headerTemplate && footerTemplate).toBeTruthy();
    const before = html.slice(0, main);
    const after = html.slice(main);
    expect(before).toContain("<header");
    expect(after).toContain("<footer");
  });

  it("an unknown id or type is E_ENTITY_NOT_FOUND and leaves nothing behind", async () => {
    const leftovers = async () =>
      (await readdir(tmpdir())).filter((n) => n.startsWith("sitewright-entity-")).length;
    const before = await leftovers();
    for (const ref of [
      { type: "page", id: 99999 },
      { type: "template", id: "nope" },
      { type: "layout", id: 0 },
      { type: "widget", id: 1 },
    ] as const) {
      // biome-ignore lint/suspicious/noExplicitAny: a caller from JavaScript may pass anything
      const err = await rejection(renderEntity(DEMO, ref as any));
      expect(err.code).toBe("E_ENTITY_NOT_FOUND");
      expect(err.details).toMatchObject({ type: ref.type });
    }
    expect(await leftovers()).toBe(before);
  });

  it("sample values pass the field checks of their type", async () => {
    const { fieldValueProblem } = await import("../../src/site/check-custom-fields.js");
    const types = ["text", "textarea", "number", "boolean", "color", "url", "link", "email"];
    for (const type of [...types, "tel", "image", "editorjs", "select"]) {
      const value = previewValue({ name: "f", label: "Label", type, default: "" });
      expect(fieldValueProblem(type, value)).toBeNull();
    }
    expect(previewValue({ name: "f", label: "L", type: "url", default: "/x/" })).toBe("/x/");
  });
});
