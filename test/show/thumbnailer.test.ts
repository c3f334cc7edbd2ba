import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildConsentHtml } from "../../src/generator/consent.js";
import { createThumbnailer, type Thumbnailer } from "../../src/show/thumbnailer.js";
import { chromiumPath } from "../helpers/chromium.js";
import { rejection } from "../helpers/rejection.js";

// The thumbnailer alone, against pages served by a plain HTTP server on loopback.
const PAGE = `<!DOCTYPE html><html><head><style>
body{margin:0;font:20px sans-serif;background:#fff}
.band{height:300px;background:linear-gradient(90deg,#c0392b,#2980b9)}
</style></head><body><div class="band"></div><h1>Thumbnail test</h1>
<img src="OTHER/pixel.png" alt=""><link rel="stylesheet" href="OTHER/style.css"></body></html>`;

// Green while the page has been visible all along, red once it was ever hidden (a background
// tab): headless Chromium may wait minutes to capture a background tab.
const VISIBILITY_PAGE = `<!DOCTYPE html><html><head><style>
html{background:#0a0} html.hidden{background:#c00}
</style><script>
const mark = () => { if (document.visibilityState !== "visible") document.documentElement.className = "hidden"; };
mark();
document.addEventListener("visibilitychange", mark);
</script></head><body></body></html>`;

// The build's own consent banner and script (a full-screen red dialog here) on a green page.
const CONSENT_PAGE = `<!DOCTYPE html><html><head><style>
html{background:#0a0} .sw-consent{position:fixed;inset:0;background:#c00} [hidden]{display:none}
</style></head><body>${
  buildConsentHtml({
    colors: {},
    fonts: {},
    logo: null,
    favicon: null,
    stylesheet: null,
    tracking_code: "<script>document.documentElement.style.background='#00c'</script>",
    cookie_consent: {
      enabled: true,
      message: "Cookies?",
      accept_label: "Yes",
      decline_label: "No",
      policy_url: null,
    },
  }).bodyEnd
}</body></html>`;

// A lazy image filling the first screen, answered only after the page's load event has fired:
// the load event does not wait for it.
const LAZY_PAGE = `<!DOCTYPE html><html><body style="margin:0;background:#fff">
<img loading="lazy" src="/lazy/red.png" width="1280" height="800" alt=""></body></html>`;

/** The [red, green, blue] means of a thumbnail. */
async function means(webp: Buffer): Promise<number[]> {
  return (await sharp(webp).stats()).channels.slice(0, 3).map((c) => c.mean);
}

function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

/**
 * Pids of this test's thumbnailer Chromium (its main process): a child of this process with a
 * thumbnailer profile, so browsers of other processes on the machine do not count.
 */
function chromiumPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      // The browser itself: not a renderer, GPU or utility process (--type=), nor crashpad.
      const browser =
        /\/chrom(e|ium)$/.test(args[0] ?? "") && !args.some((a) => a.startsWith("--type="));
      // The parent pid is the 4th field of stat, the 2nd after the name's closing parenthesis.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (browser && parent === process.pid && args.some((a) => a.includes("sitewright-chromium-")))
        pids.push(Number(name));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
}

/** The profile folder a Chromium main process was started with (--user-data-dir). */
function profileOf(pid: number): string {
  const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  const arg = args.find((a) => a.startsWith("--user-data-dir="));
  if (!arg) throw new Error(`Chromium ${pid} has no --user-data-dir.`);
  return arg.slice("--user-data-dir=".length);
}

describe("the thumbnailer (real Chromium)", () => {
  let site: { server: Server; url: string };
  let other: { server: Server; url: string };
  let otherHits = 0;
  let thumbnailer: Thumbnailer;
  let release: () => void = () => {};
  let slowAsked = false;
  let lazyAsked = false;
  let red: Buffer;

  beforeAll(async () => {
    red = await sharp({
      create: { width: 1280, height: 800, channels: 3, background: "#cc0000" },
    })
      .png()
      .toBuffer();
    other = await listen((_req, res) => {
      otherHits++;
      res.end("x");
    });
    site = await listen((req, res) => {
      if (req.url === "/slow/") {
        // Held until the test lets it go: the browser is killed meanwhile.
        slowAsked = true;
        release = () => res.end(PAGE);
        return;
      }
      if (req.url === "/consent/" || req.url === "/lazy/") {
        res.setHeader("content-type", "text/html");
        res.end(req.url === "/lazy/" ? LAZY_PAGE : CONSENT_PAGE);
        return;
      }
      if (req.url === "/lazy/red.png") {
        lazyAsked = true;
        // Held a while, so that it cannot arrive before the page's load event.
        setTimeout(() => {
          res.setHeader("content-type", "image/png");
          res.end(red);
        }, 800);
        return;
      }
      if (req.url?.startsWith("/visibility/")) {
        res.setHeader("content-type", "text/html");
        res.end(VISIBILITY_PAGE);
        return;
      }
      if (req.url === "/") {
        res.setHeader("content-type", "text/html");
        res.end(PAGE.replaceAll("OTHER", other.url));
        return;
      }
      res.statusCode = 404;
      res.end("missing");
    });
    thumbnailer = createThumbnailer({ executablePath: chromiumPath(), concurrency: 2 });
  });
  afterAll(async () => {
    release();
    await thumbnailer.close();
    site.server.close();
    other.server.close();
  });

  it("shoots 1280×800 into a 400 px WebP and an 800 px one, not blank, blocking other origins", async () => {
    const shot = await thumbnailer.shoot(`${site.url}/`);
    const one = await sharp(shot.webp).metadata();
    const two = await sharp(shot.webp2x).metadata();
    expect([one.format, one.width, one.height]).toEqual(["webp", 400, 250]);
    expect([two.format, two.width, two.height]).toEqual(["webp", 800, 500]);
    expect([shot.width, shot.height]).toEqual([400, 250]);
    // The red-to-blue band makes the pixels vary; a blank page would not.
    const stats = await sharp(shot.webp).stats();
    expect(Math.max(...stats.channels.map((c) => c.stdev))).toBeGreaterThan(20);
    // The image and stylesheet on another origin (another port of loopback) were never asked for.
    expect(otherHits).toBe(0);
  });

  it("a width of its own", async () => {
    const shot = await thumbnailer.shoot(`${site.url}/`, { width: 200 });
    expect((await sharp(shot.webp).metadata()).width).toBe(200);
    expect((await sharp(shot.webp2x).metadata()).width).toBe(400);
  });

  it("refuses a URL off loopback, and a missing page is E_BROWSER with its status", async () => {
    expect((await rejection(thumbnailer.shoot("https://example.com/"))).code).toBe("E_USAGE");
    expect((await rejection(thumbnailer.shoot("file:///etc/passwd"))).code).toBe("E_USAGE");
    const missing = await rejection(thumbnailer.shoot(`${site.url}/nope/`));
    expect(missing.code).toBe("E_BROWSER");
    expect(missing.details).toMatchObject({ status: 404 });
    expect((await rejection(thumbnailer.shoot(`${site.url}/`, { width: 5 }))).code).toBe("E_USAGE");
  });

  it("waits for a lazy image in view, which the load event does not wait for", async () => {
    const [r, g, b] = await means((await thumbnailer.shoot(`${site.url}/lazy/`)).webp);
    expect(lazyAsked).toBe(true);
    // Roughly #cc0000 (the image), far from white (the page without it).
    expect(r).toBeGreaterThan(170);
    expect(g).toBeLessThan(40);
    expect(b).toBeLessThan(40);
  });

  it("shows the page, not the cookie banner in front of it, and runs no tracking code", async () => {
    const [r, g, b] = await means((await thumbnailer.shoot(`${site.url}/consent/`)).webp);
    // Roughly #00aa00 (the page), far from #cc0000 (the banner) and #0000cc (tracking ran).
    expect(r).toBeLessThan(40);
    expect(g).toBeGreaterThan(130);
    expect(b).toBeLessThan(40);
  });

  it("4 pages at once are each shot in a window of its own, never hidden", async () => {
    const four = createThumbnailer({ executablePath: chromiumPath(), concurrency: 4 });
    try {
      const shots = await Promise.all(
        [1, 2, 3, 4].map((n) => four.shoot(`${site.url}/visibility/${n}/`)),
      );
      for (const shot of shots) {
        const [red, green] = (await sharp(shot.webp).stats()).channels;
        // Lossy WebP: roughly #00aa00 (visible all along), far from #cc0000 (was hidden).
        expect(red?.mean).toBeLessThan(40);
        expect(green?.mean).toBeGreaterThan(130);
      }
    } finally {
      await four.close();
    }
  });

  it("a browser killed mid-job fails that job with E_BROWSER; the next job gets a new browser", async () => {
    await thumbnailer.shoot(`${site.url}/`);
    const before = chromiumPids();
    expect(before.length).toBe(1);
    const pending = thumbnailer.shoot(`${site.url}/slow/`);
    pending.catch(() => {});
    // Wait until the page is being loaded, then kill the browser.
    const until = Date.now() + 10_000;
    while (!slowAsked && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(slowAsked).toBe(true);
    const profile = profileOf(before[0] as number);
    expect(existsSync(profile)).toBe(true);
    for (const pid of before) process.kill(pid, "SIGKILL");
    const err = await rejection(pending);
    expect(err.code).toBe("E_BROWSER");
    const again = await thumbnailer.shoot(`${site.url}/`);
    expect((await sharp(again.webp).metadata()).width).toBe(400);
    const after = chromiumPids();
    expect(after.length).toBe(1);
    expect(after).not.toEqual(before);
    // The dead browser's profile folder is removed, not left in the temp folder.
    const gone = Date.now() + 5_000;
    while (existsSync(profile) && Date.now() < gone) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(profile)).toBe(false);
    expect(existsSync(profileOf(after[0] as number))).toBe(true);
  });

  it("a missing Chromium is E_BROWSER saying how to install it", async () => {
    const none = createThumbnailer({ executablePath: "/nonexistent/chromium" });
    const err = await rejection(none.shoot(`${site.url}/`));
    expect(err.code).toBe("E_BROWSER");
    expect(err.hint).toMatch(/apt-get install -y chromium/);
    await none.close();
  });
});
