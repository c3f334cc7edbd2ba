/**
 * Writes a site directory as one bundle file with the same content:
 *   npx tsx scripts/bundle-site.ts fixtures/sites/demo fixtures/sites/demo-bundle.json
 */
import { writeFile } from "node:fs/promises";
import { readSiteDirectory } from "../src/site/load-directory.js";

const [dir, out] = process.argv.slice(2);
if (!dir || !out) {
  process.stderr.write("usage: tsx scripts/bundle-site.ts <site-dir> <bundle.json>\n");
  process.exit(2);
}
const raw = await readSiteDirectory(dir);
await writeFile(out, `${JSON.stringify(raw, null, 2)}\n`);
process.stdout.write(`wrote ${out}\n`);
