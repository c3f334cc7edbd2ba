import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSitewrightError } from "../../src/errors.js";
import { buildSite } from "../../src/generator/build.js";
import { miniSite, tempDir } from "./helpers.js";

const root = tempDir();

describe("buildSite", () => {
  it("writes every published page, a stylesheet and a manifest that matches the files", async () => {
    const out = join(root, "basic");
    const result = await buildSite(miniSite(), { outDir: out });
    expect(result.pages).toBe(3);
    expect(result.skipped).toBe(1);
    for (const file of [
      "index.html",
      "about/index.html",
      "about/team/index.html",
      "assets/site.css",
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(existsSync(join(out, "draft/index.html"))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.files).sort()).toEqual(Object.keys(result.manifest.files).sort());
    for (const [path, entry] of Object.entries(manifest.files) as [
      string,
      { size: number; sha256: string },
    ][]) {
      const data = readFileSync(join(out, path));
      expect(entry.size).toBe(data.length);
      expect(entry.sha256).toBe(createHash("sha256").update(data).digest("hex"));
    }
    expect(result.files).toBe(Object.keys(manifest.files).length);
    expect(result.bytes).toBeGreaterThan(1000);
  });

  it("wraps components in the layout, in menu_order, with custom fields over defaults", async () => {
    const out = join(root, "layout");
    await buildSite(miniSite(), { outDir: out });
    const html = readFileSync(join(out, "index.html"), "utf8");
    const header = html.indexOf("<header>Mini");
    const hero = html.indexOf("<h1>Hello &lt;world&gt;</h1>");
    const second = html.indexOf("Second");
    const footer = html.indexOf("<footer>Footer of Home</footer>");
    expect(header).toBeGreaterThan(-1);
    expect(hero).toBeGreaterThan(header);
    expect(second).toBeGreaterThan(hero);
    expect(footer).toBeGreaterThan(second);
    expect(html).toContain("<p>Default subtitle</p>");
  });

  it("marks the current page in menus and nests sub-items", async () => {
    const out = join(root, "menu");
    await buildSite(miniSite(), { outDir: out });
    const about = readFileSync(join(out, "about/index.html"), "utf8");
    expect(about).toMatch(
      /<a href="\/about\/" aria-current="page">About<\/a><ul><li><a href="\/about\/team\/">Team<\/a>/,
    );
    expect(about).not.toMatch(/href="\/" aria-current/);
    const team = readFileSync(join(out, "about/team/index.html"), "utf8");
    expect(team).toMatch(/<a href="\/about\/team\/" aria-current="page">Team/);
    expect(team).toMatch(/<a href="\/about\/" class="is-active-parent">About/);
  });

  it("renders forms that post form_id, url and fields[] to the builder endpoint", async () => {
    const out = join(root, "form");
    await buildSite(miniSite(), { outDir: out });
    const html = readFileSync(join(out, "about/index.html"), "utf8");
    expect(html).toContain(
      'action="https://api.wemasy.nl/api/services/websites/v1/forms/submit" method="post"',
    );
    expect(html).toContain('<input type="hidden" name="form_id" value="5">');
    expect(html).toContain('<input type="hidden" name="url" value="/about/">');
    expect(html).toMatch(/<input type="email" id="[^"]+" name="fields\[email\]" required/);
    expect(html).toMatch(/<textarea id="[^"]+" name="fields\[message\]"/);
  });

  it("fills the head: title, description, canonical, robots, Open Graph, fonts, stylesheet", async () => {
    const out = join(root, "head");
    await buildSite(miniSite(), { outDir: out, baseUrl: "https://www.mini.example" });
    const about = readFileSync(join(out, "about/index.html"), "utf8");
    expect(about).toContain('<html lang="en">');
    expect(about).toContain("<title>About us | Mini</title>");
    expect(about).toContain('<meta name="description" content="All about us">');
    expect(about).toContain('<link rel="canonical" href="https://www.mini.example/about/">');
    expect(about).toContain(
      '<meta property="og:image" content="https://www.mini.example/img/about.jpg">',
    );
    expect(about).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(about).toContain("family=Playfair+Display:wght@400;700&amp;family=Inter");
    expect(about).not.toContain('name="robots"');
    const team = readFileSync(join(out, "about/team/index.html"), "utf8");
    expect(team).toContain('<meta name="robots" content="noindex, follow">');
    const css = readFileSync(join(out, "assets/site.css"), "utf8");
    expect(css).toContain("--color-primary:#123456");
    expect(css).toContain('--font-heading:"Playfair Display"');
  });

  it("leaves the previous output untouched when a template fails at render time", async () => {
    const out = join(root, "atomic");
    await buildSite(miniSite(), { outDir: out });
    const before = readFileSync(join(out, "index.html"), "utf8");
    const broken = miniSite();
    const templates = broken.templates as { code: string }[];
    templates[1] = { ...templates[1], code: "{{ page.title.nope() }}" };
    await expect(buildSite(broken, { outDir: out })).rejects.toMatchObject({ code: "E_RENDER" });
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe(before);
    const leftovers = (await import("node:fs"))
      .readdirSync(root)
      .filter((n) => n.includes(".tmp-"));
    expect(leftovers).toEqual([]);
  });

  it("refuses to replace a non-empty directory that is not a build", async () => {
    const out = join(root, "precious");
    mkdirSync(out);
    writeFileSync(join(out, "thesis.txt"), "do not delete");
    const err = await buildSite(miniSite(), { outDir: out }).catch((e) => e);
    expect(isSitewrightError(err, "E_OUTPUT")).toBe(true);
    expect(readFileSync(join(out, "thesis.txt"), "utf8")).toBe("do not delete");
  });
});

describe("home page", () => {
  it("website.homepage_id makes that page index.html whatever its slug", async () => {
    const out = join(root, "homepage");
    const site = miniSite();
    const pages = site.pages as Record<string, unknown>[];
    pages[0] = { ...pages[0], post_name: "start" };
    (site.website as Record<string, unknown>).homepage_id = 1;
    await buildSite(site, { outDir: out });
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("<h1>Hello &lt;world&gt;</h1>");
    expect(existsSync(join(out, "start/index.html"))).toBe(false);
  });
});
