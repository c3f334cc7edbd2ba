/**
 * Screenshots of served pages, made into WebP thumbnails: one Chromium reused across jobs,
 * a bounded number of pages at once, a fixed viewport, every request that is not the
 * preview's own blocked, and a crashed browser started again for the next job.
 */
import type { Browser, HTTPRequest } from "puppeteer-core";
import { SitewrightError } from "../errors.js";
import { loadSharp } from "../generator/images/load-sharp.js";
import { chromiumExecutable, type LaunchedBrowser, launchChromium } from "./chromium.js";
import { createLimiter } from "./limiter.js";

/** How a thumbnailer shoots. */
export interface ThumbnailerOptions {
  /** Chromium binary; default SITEWRIGHT_CHROMIUM, else /usr/bin/chromium (Debian's). */
  executablePath?: string;
  /** The browser window; default 1280×800. */
  viewport?: { width: number; height: number };
  /** Thumbnail width in pixels (the @2x one is twice it); default 400. */
  width?: number;
  /** Pages shot at once; default 2, chosen from bench/thumbnail-bench.ts (src/show/README.md). */
  concurrency?: number;
  /** Time for one page to load and be shot; default 30 s. */
  timeoutMs?: number;
}

/** One page's thumbnails. */
export interface Thumbnail {
  /** WebP, `width` wide. */
  webp: Buffer;
  /** WebP, twice as wide. */
  webp2x: Buffer;
  width: number;
  height: number;
}

/** Shoots pages served on loopback; `close` ends the browser. */
export interface Thumbnailer {
  /** Loads `url` and returns its thumbnails; requests to any other origin are blocked. */
  shoot(url: string, options?: { width?: number }): Promise<Thumbnail>;
  /** Ends the browser; shots in flight fail with E_BROWSER. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** A thumbnailer with one browser, started on the first shot. */
export function createThumbnailer(options: ThumbnailerOptions = {}): Thumbnailer {
  const executablePath = chromiumExecutable(options.executablePath);
  const viewport = options.viewport ?? { width: 1280, height: 800 };
  const defaultWidth = options.width ?? 400;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const limit = createLimiter(options.concurrency ?? 2);
  const tabs = createTabs(viewport);
  let running: Promise<LaunchedBrowser> | null = null;
  let closed = false;

  const browser = async (): Promise<Browser> => {
    if (closed) throw browserError("The thumbnailer was closed.");
    if (!running) {
      const starting = launchChromium(executablePath);
      running = starting;
      starting.then(
        (b) =>
          b.browser.once("disconnected", () => {
            // A crashed browser is replaced on the next shot; shots in flight fail.
            if (running === starting) running = null;
            // Its profile folder goes with it (the same close() when it was closed on purpose).
            b.close().catch(() => {});
          }),
        () => {
          if (running === starting) running = null;
        },
      );
    }
    return (await running).browser;
  };

  return {
    async shoot(url, shot = {}) {
      const width = shot.width ?? defaultWidth;
      if (!Number.isInteger(width) || width < 16 || width > 4000)
        throw new SitewrightError(
          "E_USAGE",
          `A thumbnail width must be 16-4000 pixels, not ${width}.`,
        );
      const origin = loopbackOrigin(url);
      return limit(async () => {
        const png = await screenshot(tabs, await browser(), url, origin, timeoutMs);
        const sharp = await loadSharp();
        const [webp, webp2x] = await Promise.all(
          [width, width * 2].map((w) =>
            sharp(png).resize({ width: w }).webp({ quality: 80 }).toBuffer(),
          ),
        );
        const height = Math.round((viewport.height * width) / viewport.width);
        return { webp: webp as Buffer, webp2x: webp2x as Buffer, width, height };
      });
    },
    async close() {
      closed = true;
      const current = running;
      running = null;
      if (current) await (await current.catch(() => null))?.close();
    },
  };
}

/** The origin of a preview URL, which must be on loopback. */
function loopbackOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SitewrightError("E_USAGE", `Not a URL: ${url}`);
  }
  if (parsed.protocol !== "http:" || !LOOPBACK.has(parsed.hostname))
    throw new SitewrightError(
      "E_USAGE",
      `Thumbnails are taken of pages served on loopback, not ${url}.`,
      {
        hint: "Serve the build with startPreviewServer and shoot its URL.",
      },
    );
  return parsed.origin;
}

type Page = Awaited<ReturnType<Browser["newPage"]>>;

/**
 * Tabs kept open between shots, one per concurrent shot: opening a tab costs about as much as
 * loading and shooting a page (~300 ms here). Each tab blocks what is off its current origin.
 * Each is a window of its own: headless Chromium shows only the front tab of a window, and
 * a capture of a background tab waits for a compositor frame that may come minutes later
 * (at 4 at once, a third of the bench's runs stalled 1-3 minutes on one screenshot).
 */
function createTabs(viewport: { width: number; height: number }) {
  const idle = new Map<Browser, Page[]>();
  const origins = new WeakMap<Page, string>();
  return {
    async take(browser: Browser, origin: string): Promise<Page> {
      for (const gone of idle.keys()) if (!gone.connected) idle.delete(gone);
      const reused = idle.get(browser)?.pop();
      const page = reused ?? (await browser.newPage({ type: "window" }));
      origins.set(page, origin);
      if (!reused) {
        await page.setViewport(viewport);
        // A thumbnail shows the page, not the cookie question in front of it: the visitor has
        // already chosen (src/generator/consent.ts keeps the choice under this key), and
        // "declined" keeps the owner's tracking code from running.
        await page.evaluateOnNewDocument(() => {
          try {
            localStorage.setItem("sw-consent", "declined");
          } catch {
            // Storage refused (an opaque origin): the banner may show; the shot goes on.
          }
        });
        await page.setRequestInterception(true);
        page.on("request", (request: HTTPRequest) => {
          const allowed = origins.get(page) ?? "";
          const target = request.url();
          if (target.startsWith(`${allowed}/`) || target === allowed || target.startsWith("data:"))
            void request.continue();
          else void request.abort("blockedbyclient");
        });
      }
      return page;
    },
    give(browser: Browser, page: Page): void {
      if (!browser.connected) return;
      const list = idle.get(browser) ?? [];
      list.push(page);
      idle.set(browser, list);
    },
  };
}

async function screenshot(
  tabs: ReturnType<typeof createTabs>,
  browser: Browser,
  url: string,
  origin: string,
  timeoutMs: number,
): Promise<Buffer> {
  let page: Page | undefined;
  let healthy = false;
  try {
    page = await tabs.take(browser, origin);
    page.setDefaultTimeout(timeoutMs);
    const response = await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
    if (!response || response.status() >= 400)
      throw new SitewrightError(
        "E_BROWSER",
        `${url} answered ${response?.status() ?? "nothing"}.`,
        {
          hint: "Check that the page exists in the served build.",
          details: { url, status: response?.status() ?? null },
        },
      );
    await page.evaluate(settle, timeoutMs);
    const png = Buffer.from(await page.screenshot({ type: "png", optimizeForSpeed: true }));
    healthy = true;
    return png;
  } catch (err) {
    if (err instanceof SitewrightError) {
      healthy = true;
      throw err;
    }
    throw browserError(`Chromium failed to shoot ${url}: ${(err as Error).message}`, err);
  } finally {
    // A tab that failed in the browser is closed; a good one waits for the next shot.
    if (page && healthy) tabs.give(browser, page);
    else await page?.close().catch(() => {});
  }
}

/**
 * Runs in the page after its load event: web fonts may still be loading then, and lazy images
 * in view have not even started (the load event does not wait for them). Waits for both, for
 * at most `budgetMs`: an image that never arrives shows as missing rather than failing the shot.
 */
function settle(budgetMs: number): Promise<void> {
  const inView = [...document.images].filter((img) => {
    const box = img.getBoundingClientRect();
    return box.width > 0 && box.bottom > 0 && box.top < innerHeight && box.left < innerWidth;
  });
  const arriving = inView
    .filter((img) => {
      if (img.loading === "lazy") img.loading = "eager";
      return !img.complete;
    })
    .map(
      (img) =>
        new Promise<void>((resolve) => {
          img.addEventListener("load", () => resolve(), { once: true });
          img.addEventListener("error", () => resolve(), { once: true });
        }),
    );
  const ready = Promise.all([document.fonts.ready, ...arriving]).then(() => undefined);
  return Promise.race([ready, new Promise<void>((resolve) => setTimeout(resolve, budgetMs))]);
}

function browserError(message: string, cause?: unknown): SitewrightError {
  return new SitewrightError("E_BROWSER", message, {
    cause,
    hint: "Try again: a crashed browser is started afresh for the next thumbnail.",
  });
}
