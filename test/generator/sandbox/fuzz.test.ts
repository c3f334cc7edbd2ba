import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nunjucks from "nunjucks";
import { afterAll, describe, expect, it } from "vitest";
import { SitewrightError } from "../../../src/errors.js";
import {
  checkTemplate,
  installSafeGlobals,
  LEXER_OPTIONS,
  runWithBudget,
} from "../../../src/generator/sandbox/index.js";
import { parseTemplate } from "../../../src/generator/sandbox/nunjucks-internals.js";
import { compileTree } from "../../../src/generator/sandbox/safe-compiler.js";
import { createTemplateRegistry } from "../../../src/generator/template-registry.js";
import { symbolPayload, writeMarkerJs } from "./hostile-corpus.js";

// Random owner code in every position of the grammar, each case either refused by the checker or
// compiled and rendered in this (hardened) process. Payloads try to create a marker file and to
// leak a secret from the environment into the output or an error message.
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_917);
const CASES = 3000;
const dir = mkdtempSync(join(tmpdir(), "sw-fuzz-"));
const marker = join(dir, "pwned");
const secret = randomBytes(12).toString("hex");
process.env.SW_FUZZ_SECRET = secret;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.SW_FUZZ_SECRET;
});

/** mulberry32: a small seeded PRNG, so a failing case can be replayed with FUZZ_SEED. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const leak = "process.env.SW_FUZZ_SECRET";
const run = `(${writeMarkerJs(marker)},${leak})`;
const FRAGMENTS = [
  `"+${run}+"`,
  `"+${leak}+"`,
  `\\"+${run}+"`,
  `\\"+(${run}),context,[]),1));//`,
  symbolPayload(`${writeMarkerJs(marker)};return ${leak}`),
  "'",
  '"',
  "\\",
  "\\\\",
  '"+',
  "\n",
  "\r\n",
  "\u2028",
  "\u2029",
  "}}",
  "%}",
  "{{",
  "*/",
  "/*",
  "`",
  "${",
  `\${${leak}}`,
  "</script>",
  "x\\",
  'a"b',
  "__proto__",
  "constructor",
  "caller",
  "",
  " ",
  "é",
  "1e9",
  "-",
  ".",
  "name",
  "item",
  "_x1",
  "fields",
];
const IDENTIFIERS = ["a", "b", "item", "name", "fields", "x", "_y", "m2", "loop", "caller"];

function generator(random: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const text = () => {
    const parts = 1 + Math.floor(random() * 3);
    return Array.from({ length: parts }, () => pick(FRAGMENTS)).join("");
  };
  /** A name slot: mostly nasty raw text, sometimes a plain identifier so that cases render. */
  const N = () => (random() < 0.45 ? pick(IDENTIFIERS) : text());
  /** A string literal slot, properly escaped or not. */
  const S = () => {
    const quote = random() < 0.5 ? '"' : "'";
    const body = text();
    const escaped =
      random() < 0.7 ? body.replace(/\\/g, "\\\\").replaceAll(quote, `\\${quote}`) : body;
    return `${quote}${escaped}${quote}`;
  };
  const shapes: (() => string)[] = [
    () => `{{ 1 is ${N()} }}`,
    () => `{{ 1 is ${S()} }}`,
    () => `{{ 2 is ${N()}(${S()}) }}`,
    () => `{{ x | ${N()} }}`,
    () => `{{ x | ${N()}(${S()}) }}`,
    () => `{% filter ${N()} %}t{% endfilter %}`,
    () => `{{ ${N()} }}`,
    () => `{{ ${N()}.${N()} }}`,
    () => `{{ fields[${S()}] }}`,
    () => `{{ fields[${S()}]() }}`,
    () => `{{ ${S()}[${S()}]() }}`,
    () => `{{ ${N()}(${S()}) }}`,
    () => `{% set ${N()} = ${S()} %}{{ ${N()} }}`,
    () => `{% set ${S()} = 1 %}`,
    () => `{% set ${N()}, ${N()} = ${S()} %}`,
    () => `{% set ${N()} %}${text()}{% endset %}`,
    () => `{% macro ${N()}(${N()}, ${N()}=${S()}) %}{{ ${N()} }}{% endmacro %}`,
    () => `{% macro m(${S()}=1) %}{% endmacro %}{{ m() }}`,
    () => `{% macro m({${S()}: 1}) %}{% endmacro %}`,
    () => `{% for ${N()} in [${S()}] %}{{ ${N()} }}{% endfor %}`,
    () => `{% for ${N()}, ${N()} in {${N()}: ${S()}} %}{{ loop.index }}{% endfor %}`,
    () => `{% for k, ${S()} in {a: 1} %}{% endfor %}`,
    () => `{{ range(${N()}=${S()}) }}`,
    () => `{{ {${N()}: ${S()}, ${S()}: 1} | dump }}`,
    () => `{% include ${S()} %}`,
    () => `{% include ${S()} ignore missing %}`,
    () => `{% import ${S()} as ${N()} %}`,
    () => `{% from ${S()} import ${N()} as ${N()} %}`,
    () => `{% from "t" import ${N()} %}`,
    () =>
      `{% macro m(v) %}{{ caller(v) }}{% endmacro %}{% call(${N()}) m(${S()}) %}{{ ${N()} }}{% endcall %}`,
    () => `{% call(${N()}=${S()}) m() %}x{% endcall %}`,
    () => `{% block ${N()} %}{{ ${S()} }}{% endblock %}`,
    () => `${text()}{{ ${S()} }}${text()}`,
    () => `{{ ${S()} ~ ${N()} if ${N()} else ${S()} }}`,
  ];
  return () => pick(shapes)();
}

const env = new nunjucks.Environment([], { autoescape: true, ...LEXER_OPTIONS, dev: true });
installSafeGlobals(env);
const context = { fields: { a: 1, name: "n" }, x: "x", item: 1 };

function expectClean(text: string, src: string) {
  expect(text.includes(secret), src).toBe(false);
  expect(existsSync(marker), src).toBe(false);
}

describe(`fuzz: random names and literals in every grammar position (seed ${SEED})`, () => {
  it(`${CASES} templates are refused, or compile and render without running owner text`, () => {
    const next = generator(prng(SEED));
    let rendered = 0;
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const src = next();
      const problems = checkTemplate(src);
      expect(Array.isArray(problems)).toBe(true);
      if (problems.length > 0) {
        refused++;
        expectClean(JSON.stringify(problems), src);
      }
      try {
        const registry = createTemplateRegistry([
          { name: "owner", src, path: "templates[0].code", label: "fuzz" },
          { name: "t", src: "{% macro name() %}n{% endmacro %}", path: "t", label: "t" },
        ]);
        const html = runWithBudget({ timeoutMs: 500, describe: () => "fuzz" }, () =>
          registry.render("owner", context, "/"),
        );
        rendered++;
        expectClean(html, src);
      } catch (err) {
        expect(err, src).toBeInstanceOf(SitewrightError);
        const { message, errors } = err as SitewrightError & { errors?: unknown };
        expectClean(`${message} ${JSON.stringify(errors ?? "")}`, src);
        for (const v of [process.cwd(), process.env.HOME ?? "/root"]) {
          expect(message.includes(v), src).toBe(false);
        }
      }
    }
    expect(refused).toBeGreaterThan(CASES / 4);
    expect(rendered).toBeGreaterThan(CASES / 20);
  });

  it("the quoting compiler alone (no allow-list) never runs owner text either", () => {
    const next = generator(prng(SEED + 1));
    let compiled = 0;
    for (let i = 0; i < CASES; i++) {
      const src = next();
      try {
        const code = compileTree(parseTemplate(src, LEXER_OPTIONS), "owner");
        compiled++;
        const html = new nunjucks.Template(code as never, env, "owner", true).render(context);
        expectClean(String(html), src);
      } catch (err) {
        // Raw nunjucks messages: a secret here would mean injected code ran (`test not found: …`).
        expectClean(String((err as Error)?.message), src);
      }
    }
    expect(compiled).toBeGreaterThan(CASES / 4);
  });
});
