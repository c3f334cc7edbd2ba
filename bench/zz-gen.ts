import { mkdirSync } from "node:fs";
import { writeSyntheticSite } from "./synthetic-site.js";
const [dir, n] = process.argv.slice(2) as [string, string];
await writeSyntheticSite(dir, { pages: Number(n), posts: 0 });
mkdirSync(`${dir}/.complete`);
