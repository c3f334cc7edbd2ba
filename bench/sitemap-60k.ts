// One-off check for issue 3: a 60,000-URL synthetic site builds a sitemap index whose index and
// parts validate against the sitemaps.org schemas. Run: `npx tsx bench/sitemap-60k.ts`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite } from "../src/generator/build.js";
import { writeSyntheticSite } from "./synthetic-site.js";

const root = join(tmpdir(), "sitewright-bench");
const site = join(root, "site-60000");
if (!existsSync(join(site, ".complete"))) {
  rmSync(site, { recursive: true, force: true });
  await writeSyntheticSite(site, { pages: 60_000 });
  mkdirSync(join(site, ".complete"));
}
const out = join(root, "out-60000");
rmSync(out, { recursive: true, force: true });
const result = await buildSite(site, { outDir: out });
console.log(
  `built ${result.pages} pages in ${(result.durationMs / 1000).toFixed(1)} s; sitemaps: ${result.sitemaps}`,
);
const xsd = (name: string) => new URL(`../fixtures/xsd/${name}`, import.meta.url).pathname;
execFileSync("xmllint", ["--noout", "--schema", xsd("siteindex.xsd"), join(out, "sitemap.xml")], {
  stdio: "inherit",
});
for (let i = 1; i < result.sitemaps; i++) {
  execFileSync(
    "xmllint",
    ["--noout", "--schema", xsd("sitemap.xsd"), join(out, `sitemap-${i}.xml`)],
    { stdio: "inherit" },
  );
}
rmSync(out, { recursive: true, force: true });
