/**
 * Run by the tests in a separate process, where nunjucks' runtime is NOT hardened:
 * `node --import tsx corpus-child.ts <mode> <dir> [kind]` renders the hostile corpus with
 *   plain    — stock nunjucks (proves the payloads are live),
 *   checker  — only the allow-list in front of stock nunjucks' compiler,
 *   quoting  — only the quoting compiler (no allow-list),
 * and prints one JSON line: [{ id, outcome }] with outcome "rejected", "rendered" or "error".
 */
import nunjucks from "nunjucks";
import { checkTemplate, LEXER_OPTIONS } from "../../../src/generator/sandbox/check-template.js";
import { parseTemplate } from "../../../src/generator/sandbox/nunjucks-internals.js";
import { compileTree } from "../../../src/generator/sandbox/safe-compiler.js";
import { hostileCorpus } from "./hostile-corpus.js";

const [mode, dir, kind] = process.argv.slice(2) as [string, string, string | undefined];
const env = new nunjucks.Environment([], { autoescape: true, ...LEXER_OPTIONS });
const context = { fields: { a: 1 }, page: { title: "x" }, x: {} };

const results: { id: string; outcome: string }[] = [];
for (const entry of hostileCorpus(dir)) {
  if (kind && entry.kind !== kind) continue;
  if (mode === "plain" && !entry.live) continue;
  let outcome = "rendered";
  try {
    if (mode === "plain") env.renderString(entry.src, context);
    else if (mode === "checker") {
      if (checkTemplate(entry.src).length > 0) outcome = "rejected";
      else env.renderString(entry.src, context);
    } else if (mode === "quoting") {
      const code = compileTree(parseTemplate(entry.src, LEXER_OPTIONS), entry.id);
      new nunjucks.Template(code as never, env, entry.id, true).render(context);
    } else throw new Error(`unknown mode ${mode}`);
  } catch {
    if (outcome === "rendered") outcome = "error";
  }
  results.push({ id: entry.id, outcome });
}
process.stdout.write(`${JSON.stringify(results)}\n`);
