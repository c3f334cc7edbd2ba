import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { rejection } from "../helpers/rejection.js";
import { miniSite, tempDir } from "./helpers.js";

// The mini site's home page lists a sectionContent first (menu_order 20) and the Hero
// template second (menu_order 10), so it renders them in the other order. Paths in warnings
// and errors must name the input positions, as validation errors do.
const dir = tempDir("sw-order-");

function homeComponents(site: Record<string, unknown>) {
  const pages = site.pages as Array<{ components: Array<Record<string, unknown>> }>;
  return (pages[0] as { components: Array<Record<string, unknown>> }).components;
}

describe("paths name components by their input position, not their render order", () => {
  it("a warning from the first listed component says components[0]", async () => {
    const site = miniSite();
    const [content] = homeComponents(site);
    (content as { meta: Record<string, unknown> }).meta.section_content = {
      blocks: [{ type: "noSuchBlock", data: {} }],
    };
    const result = await buildSite(site, { outDir: join(dir, "warn") });
    const paths = result.warnings.map((w) => w.path).filter((p) => p.startsWith("pages[0]"));
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatch(/^pages\[0\]\.components\[0\]/);
  });

  it("a render error in the second listed component says components[1]", async () => {
    const site = miniSite();
    const templates = site.templates as Array<{ id: number; code: string }>;
    (templates.find((t) => t.id === 3) as { code: string }).code = "{{ fields.title.x.y() }}";
    const err = await rejection(buildSite(site, { outDir: join(dir, "error") }));
    expect(err.code).toBe("E_RENDER");
    expect(err.message).toContain("pages[0].components[1]");
    expect(err.message).not.toContain("pages[0].components[0]");
  });
});
