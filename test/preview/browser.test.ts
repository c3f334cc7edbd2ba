/**
 * The preview server in real Chromium (issue 11, Previews): `/_versions` lists each version with
 * the live one marked and thumbnails that load (a missing one leaves no broken image), and a
 * `/v/<id>/` page loads its own version's stylesheet and links (not the live version's), which
 * only works because root-relative requests from it are sent back into that version.
 */
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PreviewServer, startPreviewServer } from "../../src/preview/server.js";
import { createVersionStore } from "../../src/versions/store.js";
import type { VersionMeta } from "../../src/versions/version-meta.js";
import { chromiumPath } from "../helpers/chromium.js";
import { cleanup, tempDir } from "../versions/helpers.js";
import { buildDemo, restyledCopy } from "./helpers.js";

let dir: string;
let server: PreviewServer;
let browser: Browser;
let a: VersionMeta;
let b: VersionMeta;

beforeAll(async () => {
  dir = await tempDir("sw-preview-browser-");
  const demo = await buildDemo(join(dir, "demo"));
  const store = createVersionStore({ root: join(dir, "store"), fsync: false });
  a = await store.create("demo", demo);
  b = await store.create(
    "demo",
    await restyledCopy(demo, join(dir, "b"), 'body{--sw-version:"B"}'),
  );
  await store.activate("demo", b.id);
  await store.activate("demo", a.id); // live: A; rollback target: B
  const webp = await sharp({
    create: { width: 8, height: 5, channels: 3, background: { r: 200, g: 80, b: 0 } },
  })
    .webp()
    .toBuffer();
  server = await startPreviewServer({
    store,
    websiteId: "demo",
    thumbnail: async (id) => (id === a.id ? webp : null),
  });
  browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ["--no-sandbox"],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await cleanup(dir);
});

/** A page whose requests off 127.0.0.1 (the demo's web fonts) are refused, not waited for. */
async function openPage(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    if (new URL(req.url()).hostname === "127.0.0.1") void req.continue();
    else void req.abort();
  });
  await page.goto(`${server.url}${path}`, { waitUntil: "load" });
  return page;
}

describe("in Chromium", () => {
  it("/_versions lists each version, marks the live one, and shows only working thumbnails", async () => {
    const page = await openPage("/_versions");
    try {
      // Lazy images load once visible; the list is short enough to be all on screen.
      await page.waitForFunction(
        () =>
          [...document.images].every((img) => img.complete) &&
          document.querySelectorAll("li.version img").length === 1,
      );
      const rows = await page.$$eval("li.version", (items) =>
        items.map((li) => ({
          id: li.getAttribute("data-id"),
          number: li.querySelector(".number")?.textContent,
          live: li.querySelector(".badge.live")?.textContent ?? null,
          rollback: li.querySelector(".badge.rollback")?.textContent ?? null,
          link: li.querySelector("a")?.getAttribute("href"),
          img: li.querySelector("img")
            ? { width: li.querySelector("img")?.naturalWidth, src: li.querySelector("img")?.src }
            : null,
        })),
      );
      expect(rows).toEqual([
        {
          id: b.id,
          number: "1.0.1",
          live: null,
          rollback: "rollback target",
          link: `/v/${b.id}/`,
          img: null, // its thumbnail was 404: the img removed itself
        },
        {
          id: a.id,
          number: "1.0.0",
          live: "live",
          rollback: null,
          link: `/v/${a.id}/`,
          img: { width: 8, src: `${server.url}/_versions/thumb/${a.id}.webp` },
        },
      ]);
    } finally {
      await page.close();
    }
  });

  it("a /v/<id>/ page loads that version's stylesheet and keeps its links in it", async () => {
    const page = await openPage(`/v/${b.id}/`);
    try {
      const style = await page.evaluate(() => ({
        sheets: document.styleSheets.length,
        rules: [...document.styleSheets].reduce((n, s) => {
          try {
            return n + s.cssRules.length;
          } catch {
            return n; // a refused cross-origin sheet
          }
        }, 0),
        marker: getComputedStyle(document.body).getPropertyValue("--sw-version"),
        title: document.title,
      }));
      expect(style.sheets).toBeGreaterThan(0);
      expect(style.rules).toBeGreaterThan(10);
      expect(style.marker).toBe('"B"');
      expect(style.title).toContain("Bakkerij Zon");
      await Promise.all([page.waitForNavigation(), page.click('a[href="/over-ons/"]')]);
      expect(new URL(page.url()).pathname).toBe(`/v/${b.id}/over-ons/`);
      expect(
        await page.evaluate(() => getComputedStyle(document.body).getPropertyValue("--sw-version")),
      ).toBe('"B"');
    } finally {
      await page.close();
    }
  });

  it("/ shows the live version, with its own stylesheet", async () => {
    const page = await openPage("/");
    try {
      const style = await page.evaluate(() => ({
        sheets: document.styleSheets.length,
        marker: getComputedStyle(document.body).getPropertyValue("--sw-version"),
      }));
      expect(style.sheets).toBeGreaterThan(0);
      expect(style.marker).toBe("");
    } finally {
      await page.close();
    }
  });
});
