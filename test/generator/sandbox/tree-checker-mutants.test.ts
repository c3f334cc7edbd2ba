import { describe, expect, it } from "vitest";
import { checkTemplate } from "../../../src/generator/sandbox/check-template.js";

// The allow-list must walk every slot of every node kind: a refused expression (a regular
// expression literal) or a reserved name in any one slot must be found, and the same template
// with an ordinary value there must pass. One row per slot, so dropping one visit fails a row.
const REGEX_MESSAGE = "regular expression literals (r/…/) are not supported; use a string";

const EXPRESSION_SLOTS = [
  "{{ E }}",
  "{{ (E) }}",
  "{{ [1, E] }}",
  "{{ (E).y }}",
  "{{ x[E] }}",
  "{{ {a: E} }}",
  '{{ {"a-b": E} }}',
  "{% if E %}{% endif %}",
  "{% if 1 %}{{ E }}{% endif %}",
  "{% if 1 %}{% else %}{{ E }}{% endif %}",
  "{% if 1 %}{% elif E %}{% endif %}",
  "{{ E if 1 }}",
  "{{ 1 if E }}",
  "{{ 1 if 0 else E }}",
  "{% for a in E %}{% endfor %}",
  "{% for a in x %}{{ E }}{% endfor %}",
  "{% for a in x %}{% else %}{{ E }}{% endfor %}",
  "{% for a, b in E %}{% endfor %}",
  "{% set a = E %}",
  "{% set a %}{{ E }}{% endset %}",
  "{% macro m() %}{{ E }}{% endmacro %}",
  "{% macro m(a=E) %}{% endmacro %}",
  "{% call m(E) %}{% endcall %}",
  "{% call m() %}{{ E }}{% endcall %}",
  "{% call(a=E) m() %}{% endcall %}",
  "{{ f(E) }}",
  "{{ f(1, a=E) }}",
  "{{ (E)() }}",
  "{{ f()(E) }}",
  "{{ E | upper }}",
  "{{ x | replace(E, 1) }}",
  "{{ x | replace(1, a=E) }}",
  "{% filter upper %}{{ E }}{% endfilter %}",
  "{{ E is defined }}",
  "{{ x is divisibleby(E) }}",
  "{{ E == 1 }}",
  "{{ 1 == E }}",
  "{{ 1 < 2 < E }}",
  ...["in", "or", "and", "+", "~", "-", "*", "/", "//", "%", "**"].flatMap((op) => [
    `{{ E ${op} 1 }}`,
    `{{ 1 ${op} E }}`,
  ]),
  "{{ not E }}",
  "{{ -E }}",
  "{{ +E }}",
  "{% block b %}{{ E }}{% endblock %}",
  "{% switch E %}{% case 1 %}{% endswitch %}",
  "{% switch 1 %}{% case E %}{% endswitch %}",
  "{% switch 1 %}{% case 1 %}{{ E }}{% endswitch %}",
  "{% switch 1 %}{% default %}{{ E }}{% endswitch %}",
];

const NAME_SLOTS: [string, string][] = [
  ["{{ N }}", "variable name"],
  ["{{ {N: 1} }}", "dict key"],
  ["{% for N in x %}{% endfor %}", "loop variable"],
  ["{% for a, N in x %}{% endfor %}", "loop variable"],
  ["{% set N = 1 %}", "set target"],
  ["{% set a, N = 1 %}", "set target"],
  ["{% macro N() %}{% endmacro %}", "macro name"],
  ["{% macro m(N) %}{% endmacro %}", "macro argument"],
  ["{% macro m(a, N=1) %}{% endmacro %}", "macro argument"],
  ["{% call(N) m() %}{% endcall %}", "macro argument"],
  ["{{ f(N=1) }}", "keyword argument name"],
  ["{{ x | N }}", "filter name"],
  ["{{ x | upper | N(1) }}", "filter name"],
  ["{{ x is N }}", "test name"],
  ["{{ x is N(1) }}", "test name"],
  ['{% import "t" as N %}', "import alias"],
  ['{% from "t" import a as N %}', "import alias"],
  ["{% block N %}{% endblock %}", "block name"],
];

describe("the allow-list walks every slot", () => {
  it.each(EXPRESSION_SLOTS)("%s", (slot) => {
    expect(checkTemplate(slot.replaceAll("E", "x"))).toEqual([]);
    const problems = checkTemplate(slot.replaceAll("E", "r/x/"));
    expect(problems.map((p) => p.message)).toEqual([REGEX_MESSAGE]);
  });

  it.each(NAME_SLOTS)("%s (%s)", (slot, what) => {
    expect(checkTemplate(slot.replaceAll("N", "n_1"))).toEqual([]);
    expect(checkTemplate(slot.replaceAll("N", "__n")).map((p) => p.message)).toEqual([
      `the ${what} "__n" is reserved (it starts with __)`,
    ]);
  });
});

describe("problems say where and what", () => {
  it("positions are 1-based, on later lines too", () => {
    expect(checkTemplate("{{ r/x/ }}")).toEqual([{ line: 1, column: 4, message: REGEX_MESSAGE }]);
    expect(checkTemplate("line1\n  {{ r/x/ }}")).toEqual([
      { line: 2, column: 6, message: REGEX_MESSAGE },
    ]);
    expect(checkTemplate("{% call m() %}{{ r/x/ }}{% endcall %}")[0]).toMatchObject({
      line: 1,
      column: 18,
    });
  });

  it("every problem is listed, in order", () => {
    expect(checkTemplate("{{ __a }}\n{{ r/x/ }}")).toEqual([
      { line: 1, column: 4, message: 'the variable name "__a" is reserved (it starts with __)' },
      { line: 2, column: 4, message: REGEX_MESSAGE },
    ]);
  });

  it("names must be symbols; templates must be quoted names", () => {
    const message = (src: string) => checkTemplate(src).map((p) => p.message);
    expect(message('{% macro m("a") %}{% endmacro %}')).toEqual([
      "a macro argument must be a plain name, not a string",
    ]);
    expect(message("{{ {1: 2} }}")).toEqual(["a dict key must be a plain name, not a literal"]);
    expect(message("{% include x %}")).toEqual([
      "the template of include must be a quoted name, not an expression",
    ]);
    expect(message("{% include 3 %}")).toEqual([
      "the template of include must be a quoted name, not a literal",
    ]);
    expect(
      message('{% extends x %}{% import y as z %}{% from w import v %}{% include "ok" %}'),
    ).toEqual([
      "the template of extends must be a quoted name, not an expression",
      "the template of import must be a quoted name, not an expression",
      "the template of from must be a quoted name, not an expression",
    ]);
    expect(message("{{ x is 3 }}")).toEqual([
      "after `is` comes a test name, e.g. `is defined` or `is divisibleby(3)`",
    ]);
    expect(message("{{ x is none }}{{ x is divisibleby(3) }}")).toEqual([]);
  });

  it("long names are quoted shortened to 40 characters", () => {
    const name = `__${"a".repeat(45)}`;
    expect(checkTemplate(`{{ ${name} }}`)[0]?.message).toBe(
      `the variable name "${name.slice(0, 40)}…" is reserved (it starts with __)`,
    );
    const forty = `__${"a".repeat(38)}`;
    expect(checkTemplate(`{{ ${forty} }}`)[0]?.message).toBe(
      `the variable name "${forty}" is reserved (it starts with __)`,
    );
  });

  it("async tags are refused by name", () => {
    const message = (src: string) => checkTemplate(src).map((p) => p.message);
    expect(message("{% ifAsync x %}{% endif %}")).toEqual(["the ifAsync tag is not supported"]);
    expect(message("{% asyncEach a in x %}{% endeach %}")).toEqual([
      "the asyncEach tag is not supported",
    ]);
    expect(message("{% asyncAll a in x %}{% endall %}")).toEqual([
      "the asyncAll tag is not supported",
    ]);
  });

  it("called keys may not hold backslashes or control characters, anywhere in the chain", () => {
    const bad = "a called name or key may not contain backslashes or control characters";
    for (const src of ['{{ x["a\\\\b"]() }}', '{{ x["a\\nb"]() }}', '{{ f()["a\\\\b"]() }}']) {
      expect(
        checkTemplate(src).map((p) => p.message),
        src,
      ).toEqual([bad]);
    }
    expect(checkTemplate('{{ x["a\u2028b"]() }}').map((p) => p.message)).toEqual([bad]);
    expect(checkTemplate('{{ x.y["ok"]() }}{{ "s"["k"]() }}{{ x["a\\\\b"] }}')).toEqual([]);
  });

  it("nesting stops at depth 200, exactly", () => {
    const nested = (n: number) => `{{ ${"(".repeat(n)}1${")".repeat(n)} }}`;
    expect(checkTemplate(nested(197))).toEqual([]);
    expect(checkTemplate(nested(198))).toEqual([
      { line: 1, column: 202, message: "the template nests too deeply" },
    ]);
  });
});
