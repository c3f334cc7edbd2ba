/**
 * The demo site looks like a website in real Chromium (issue 11, "A demo that looks
 * finished"): its theme stylesheet (website.customization.stylesheet) and the engine's base
 * give it a one-row header menu with dropdowns that work without JavaScript, a hero, grids
 * and no horizontal scrolling on a phone. Requests to other hosts are refused, so nothing the
 * demo needs to look right may come from a CDN.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { type PreviewServer, startPreviewServer } from "../../src/preview/server.js";
import { withEntityBuild } from "../../src/show/entity-build.js";
import { allEntities } from "../../src/show/shoot-entities.js";
import { chromiumPath } from "../helpers/chromium.js";

let dir: string;
let out: string;
let server: PreviewServer;
let browser: Browser;
/** Stylesheets and fonts a page asked another host for (refused). */
const foreignStyles: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "sw-demo-look-"));
  out = join(dir, "out");
  // cacheDir: a directory input would otherwise keep its image cache inside the fixture.
  await buildSite("fixtures/sites/demo", { outDir: out, cacheDir: join(dir, "cache") });
  server = await startPreviewServer({ root: out });
  browser = await puppeteer.launch({ executablePath: chromiumPath(), args: ["--no-sandbox"] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A page that may only talk to the preview server. */
async function openPage(width: number, height = 800): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (request.url().startsWith(`${server.url}/`)) return void request.continue();
    const type = request.resourceType();
    if (type === "stylesheet" || type === "font") foreignStyles.push(request.url());
    void request.abort();
  });
  return page;
}

/** Paths of the demo's pages (not its redirect stubs), from the build's manifest. */
async function pagePaths(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8")) as {
    files: Record<string, unknown>;
  };
  const paths: string[] = [];
  for (const file of Object.keys(manifest.files).sort()) {
    if (file !== "index.html" && !file.endsWith("/index.html") && file !== "404.html") continue;
    const html = await readFile(join(out, file), "utf8");
    if (/http-equiv="refresh"/i.test(html)) continue;
    paths.push(`/${file.replace(/(^|\/)index\.html$/, "$1")}`);
  }
  return paths;
}

interface Box {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** The boxes of the header menu's top-level items. */
function topItemBoxes(page: Page): Promise<Box[]> {
  return page.$$eval(".site-header .sw-menu > ul > li", (items) =>
    items.map((li) => {
      const r = li.getBoundingClientRect();
      return { top: r.top, left: r.left, width: r.width, height: r.height };
    }),
  );
}

describe("the demo in Chromium", () => {
  it("at 1280×800 the home page has its stylesheets, a one-row menu and a visible hero", async () => {
    const page = await openPage(1280);
    await page.goto(`${server.url}/`, { waitUntil: "load" });

    const sheets = await page.evaluate(() =>
      [...document.styleSheets].map((s) => ({
        href: new URL(s.href ?? "", location.href).pathname,
        rules: s.cssRules.length,
      })),
    );
    expect(sheets).toEqual(
      expect.arrayContaining([
        { href: "/assets/theme.css", rules: expect.any(Number) },
        { href: "/assets/site.css", rules: expect.any(Number) },
      ]),
    );
    for (const sheet of sheets) expect(sheet.rules, sheet.href).toBeGreaterThan(10);
    // The customization's cream background (site.css) and the theme's serif headings.
    const looks = await page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      heading: getComputedStyle(document.querySelector("h1") as Element).fontFamily,
    }));
    expect(looks.background).toBe("rgb(255, 251, 235)");
    expect(looks.heading).toMatch(/Georgia/);

    const items = await topItemBoxes(page);
    expect(items.length).toBe(7);
    for (const [i, item] of items.entries()) {
      expect(Math.abs(item.top - (items[0] as Box).top), `item ${i} top`).toBeLessThanOrEqual(3);
      expect(item.height).toBeLessThan(60);
      if (i > 0) {
        const before = items[i - 1] as Box;
        expect(item.left, `item ${i} left`).toBeGreaterThanOrEqual(before.left + before.width);
      }
    }
    const last = items[items.length - 1] as Box;
    expect(last.left + last.width).toBeLessThanOrEqual(1280);

    const hero = await page.$eval(".hero", (el) => {
      const r = el.getBoundingClientRect();
      const img = el.querySelector("img") as HTMLImageElement;
      const style = getComputedStyle(el);
      return {
        top: r.top,
        height: r.height,
        width: r.width,
        visible: style.visibility === "visible" && style.display !== "none",
        image: img.complete && img.naturalWidth > 0,
        imageHeight: img.getBoundingClientRect().height,
      };
    });
    expect(hero.visible).toBe(true);
    expect(hero.top).toBeLessThan(400);
    expect(hero.height).toBeGreaterThan(300);
    expect(hero.width).toBeGreaterThan(1000);
    expect(hero.image).toBe(true);
    expect(hero.imageHeight).toBeGreaterThan(300);
    await page.close();
  });

  it("the menu is the engine's unbulleted flex list; its dropdowns open on hover and keyboard focus without JavaScript", async () => {
    const page = await openPage(1280);
    await page.setJavaScriptEnabled(false);
    await page.goto(`${server.url}/`, { waitUntil: "load" });
    const list = await page.$eval(".site-header .sw-menu > ul", (ul) => {
      const s = getComputedStyle(ul);
      return { listStyle: s.listStyleType, display: s.display };
    });
    expect(list).toEqual({ listStyle: "none", display: "flex" });

    const dropdown = () =>
      page.$eval(".site-header .sw-menu > ul > li:nth-child(4)", (li) => {
        const sub = li.querySelector("ul") as HTMLElement;
        const a = li.getBoundingClientRect();
        const b = sub.getBoundingClientRect();
        return {
          display: getComputedStyle(sub).display,
          below: b.top >= a.bottom - 2,
          alignedLeft: Math.abs(b.left - a.left) < 30,
          links: [...sub.querySelectorAll("a")].map((x) => x.textContent),
        };
      });
    expect((await dropdown()).display).toBe("none");

    await page.hover(".site-header .sw-menu > ul > li:nth-child(4) > a");
    expect(await dropdown()).toEqual({
      display: "flex",
      below: true,
      alignedLeft: true,
      links: ["Catering", "Taarten op maat"],
    });

    await page.mouse.move(640, 700);
    expect((await dropdown()).display).toBe("none");
    await page.focus(".site-header .sw-menu > ul > li:nth-child(4) > a");
    expect((await dropdown()).display).toBe("flex");
    await page.keyboard.press("Tab");
    // Focus moved into the dropdown (Catering): it stays open.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Catering");
    expect((await dropdown()).display).toBe("flex");
    await page.close();
  });

  it("at 1280 px the feature grid and the blog's cards stand in more than one column", async () => {
    const page = await openPage(1280);
    const columns = (selector: string) =>
      page.$eval(selector, (el) => getComputedStyle(el).gridTemplateColumns.split(" ").length);
    await page.goto(`${server.url}/`, { waitUntil: "load" });
    expect(await columns(".usp-grid ul")).toBe(4);
    expect(await columns(".sw-section-structure .sw-cards")).toBe(3);
    await page.goto(`${server.url}/blog/`, { waitUntil: "load" });
    expect(await columns(".sw-cards")).toBe(3);
    const tops = await page.$$eval(".sw-card", (cards) =>
      cards.map((c) => Math.round(c.getBoundingClientRect().top)),
    );
    expect(new Set(tops).size).toBe(1);
    await page.close();
  });

  it("at 375 px no page scrolls sideways, and the menu opens from its button", async () => {
    const paths = await pagePaths();
    expect(paths.length).toBeGreaterThanOrEqual(20);
    expect(paths).toEqual(expect.arrayContaining(["/", "/blog/", "/contact/", "/404.html"]));
    const page = await openPage(375, 740);
    const wide: string[] = [];
    for (const path of paths) {
      await page.goto(`${server.url}${path}`, { waitUntil: "load" });
      const [scroll, inner] = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth,
      ]);
      if ((scroll as number) > (inner as number)) wide.push(`${path}: ${scroll} > ${inner}`);
    }
    expect(wide).toEqual([]);

    await page.goto(`${server.url}/`, { waitUntil: "load" });
    const menuShown = () =>
      page.$eval(".site-header .sw-menu", (nav) => getComputedStyle(nav).display !== "none");
    expect(await menuShown()).toBe(false);
    await page.click("label[for=site-menu-toggle]");
    expect(await menuShown()).toBe(true);
    const items = await topItemBoxes(page);
    // Opened on a phone: one item a row, all inside the screen.
    for (const [i, item] of items.entries()) {
      if (i > 0) expect(item.top).toBeGreaterThan((items[i - 1] as Box).top);
      expect(item.left + item.width).toBeLessThanOrEqual(375);
    }
    await page.close();
  }, 120_000);

  it("every template and layout shown alone (its thumbnail) has legible text: contrast ≥ 3 with what is behind it", async () => {
    const refs = (await allEntities("fixtures/sites/demo")).filter((e) => e.type !== "page");
    expect(refs.length).toBeGreaterThanOrEqual(6);
    const build = { cacheDir: join(dir, "cache") };
    const faint = await withEntityBuild(
      "fixtures/sites/demo",
      refs,
      build,
      async (root, entities) => {
        const alone = await startPreviewServer({ root });
        const page = await browser.newPage();
        await page.setViewport({ width: 1280, height: 800 });
        const found: string[] = [];
        try {
          for (const entity of entities) {
            await page.goto(`${alone.url}${entity.url}`, { waitUntil: "load" });
            const texts = await page.evaluate(lowContrastTexts);
            found.push(...texts.map((t) => `${entity.type} ${entity.id}: ${t}`));
          }
        } finally {
          await page.close();
          await alone.close();
        }
        return found;
      },
    );
    expect(faint).toEqual([]);
  }, 120_000);

  it("asked no other host for a stylesheet or a font", () => {
    expect(foreignStyles).toEqual([]);
  });
});

/**
 * Runs in the page: the visible texts whose colour has a contrast ratio (WCAG) below 3 with the
 * first solid background behind them. Text over a background image is not judged.
 */
function lowContrastTexts(): string[] {
  const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
    const [lr, lg, lb] = [r, g, b].map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (lr ?? 0) + 0.7152 * (lg ?? 0) + 0.0722 * (lb ?? 0);
  };
  const behind = (el: Element): number[] | null => {
    for (let at: Element | null = el; at; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.backgroundImage !== "none") return null;
      const color = rgb(style.backgroundColor);
      if (color.length === 3 || color[3] === 1) return color.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const faint: string[] = [];
  for (const el of document.body.querySelectorAll("*")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0 || el.closest("[hidden]")) continue;
    const back = behind(el);
    if (!back) continue;
    const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(back)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) faint.push(`"${el.textContent?.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return faint;
}
