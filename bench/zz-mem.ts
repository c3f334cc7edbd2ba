import { openSite } from "../src/site/load.js";
const [site, keep] = process.argv.slice(2) as [string, string];
const t = performance.now();
const opened = await openSite(site, { keepBytes: Number(keep) });
const ms = performance.now() - t;
(globalThis as { gc?: () => void }).gc?.();
const m = process.memoryUsage();
console.log({ ms: Math.round(ms), pages: opened.site.pages.length, heapMB: Math.round(m.heapUsed / 1e6), rssMB: Math.round(m.rss / 1e6), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) });
