import { describe, expect, it } from "vitest";
import { checkTemplate } from "../../../src/generator/sandbox/check-template.js";
import type { NjNode } from "../../../src/generator/sandbox/nunjucks-internals.js";
import { Checker } from "../../../src/generator/sandbox/tree-checker.js";

// Trees nunjucks' parser does not build today (missing fields, foreign node kinds, keys it would
// not allow) must still be refused: the checker may not rely on the parser's habits.
const node = (typename: string, fields: Record<string, unknown> = {}): NjNode => ({
  typename,
  ...fields,
});
const sym = (value: unknown) => node("Symbol", { value });
const lit = (value: unknown) => node("Literal", { value });
const list = (...children: unknown[]) => node("NodeList", { children });

function check(tree: unknown): string[] {
  const checker = new Checker();
  checker.node(tree);
  return checker.problems.map((p) => p.message);
}

describe("the checker on hand-built trees", () => {
  it("refuses foreign node kinds by name", () => {
    expect(check(node("FilterAsync"))).toEqual(["asynchronous filters are not supported"]);
    expect(check(node("CallExtension"))).toEqual(["custom tags are not supported"]);
    expect(check(node("CallExtensionAsync"))).toEqual(["custom tags are not supported"]);
    expect(check(node("Weird"))).toEqual(["this construct is not supported"]);
  });

  it("accepts every comparison operator and refuses others", () => {
    for (const op of ["==", "===", "!=", "!==", "<", ">", "<=", ">="]) {
      expect(checkTemplate(`{{ 1 ${op} 2 }}`), op).toEqual([]);
    }
    const compare = (ops: unknown) => node("Compare", { expr: lit(1), ops });
    const operand = (type: string) => node("CompareOperand", { type, expr: lit(2) });
    expect(check(compare([operand("<>")]))).toEqual(["unknown comparison"]);
    expect(check(compare([lit(2)]))).toEqual(["unknown comparison"]);
    expect(check(compare([undefined]))).toEqual(["unknown comparison"]);
    expect(check(compare(undefined))).toEqual([]);
  });

  it("literals: strings, numbers, booleans and null only", () => {
    expect(check(list(lit("s"), lit(1), lit(true), lit(null)))).toEqual([]);
    expect(check(lit({}))).toEqual(["this literal is not supported"]);
    expect(check(lit(undefined))).toEqual(["this literal is not supported"]);
  });

  it("names: missing, non-string and non-identifier values", () => {
    expect(check(node("For", { name: undefined, arr: sym("x") }))).toEqual([
      "a loop variable must be a plain name, not nothing",
    ]);
    expect(check(sym(5))).toEqual([
      'the variable name "5" is not a plain name (letters, digits, _)',
    ]);
    expect(check(sym("a-b"))).toEqual([
      'the variable name "a-b" is not a plain name (letters, digits, _)',
    ]);
    expect(check(node("Set", { targets: [] }))).toEqual(["a set target is missing"]);
    expect(check(node("Set", { targets: undefined }))).toEqual(["a set target is missing"]);
    expect(check(node("Include", {}))).toEqual([
      "the template of include must be a quoted name, not nothing",
    ]);
  });

  it("tests after `is`: missing, or called through something other than a name", () => {
    const msg = "after `is` comes a test name, e.g. `is defined` or `is divisibleby(3)`";
    expect(check(node("Is", { left: lit(1), right: undefined }))).toEqual([msg]);
    const call = node("FunCall", { name: node("LookupVal", { target: sym("a"), val: lit("b") }) });
    expect(check(node("Is", { left: lit(1), right: call }))).toEqual([msg]);
    expect(check(node("Is", { left: lit(1), right: lit(0) }))).toEqual([msg]);
  });

  it("pairs, keyword arguments and imports", () => {
    expect(check(node("Dict", { children: [lit(1)] }))).toEqual([
      "this construct is not supported",
    ]);
    expect(check(node("Dict", {}))).toEqual([]);
    const kw = node("KeywordArgs", {
      children: [node("Pair", { key: lit("a-b"), value: lit(1) })],
    });
    expect(check(node("FunCall", { name: sym("f"), args: list(kw) }))).toEqual([
      "a keyword argument name must be a plain name, not a string",
    ]);
    expect(check(node("Macro", { name: sym("m"), args: list(kw) }))).toEqual([
      "a macro argument must be a plain name, not a string",
    ]);
    expect(check(node("FunCall", { name: sym("f") }))).toEqual([]);
    expect(check(node("Macro", { name: sym("m") }))).toEqual([]);
    const from = (names: unknown) => node("FromImport", { template: lit("t"), names });
    expect(check(from(undefined))).toEqual([]);
    expect(check(from(list(sym("__a"))))).toEqual([
      'the imported name "__a" is reserved (it starts with __)',
    ]);
    expect(check(from(list(node("Pair", { key: sym("__a"), value: sym("b") }))))).toEqual([
      'the imported name "__a" is reserved (it starts with __)',
    ]);
  });

  it("lists that are missing are empty, not errors", () => {
    expect(check(node("Root"))).toEqual([]);
    expect(check(node("Output", { children: "x" }))).toEqual([]);
  });

  it("callee keys are checked through calls of calls", () => {
    const bad = "a called name or key may not contain backslashes or control characters";
    expect(checkTemplate('{{ "a\\\\b"() }}').map((p) => p.message)).toEqual([bad]);
    // Once for the outer call's label, once for the inner call's.
    expect(checkTemplate('{{ "a\\\\b"()() }}').map((p) => p.message)).toEqual([bad, bad]);
    expect(checkTemplate("{{ f()()() }}")).toEqual([]);
  });

  it("a node without a position reports its parent's, and siblings get their own back", () => {
    const regex = lit(/x/);
    const at = (lineno: number, colno: number | undefined, fields: Record<string, unknown>) =>
      node("Output", { lineno, colno, ...fields });
    const checker = new Checker();
    checker.node(
      node("Root", {
        lineno: 0,
        colno: 0,
        children: [at(3, 4, { children: [regex] }), at(7, undefined, { children: [] }), regex],
      }),
    );
    expect(checker.problems.map((p) => [p.line, p.column])).toEqual([
      [4, 5],
      [1, 1],
    ]);
    const noColumn = new Checker();
    noColumn.node(at(2, undefined, { children: [regex] }));
    expect(noColumn.problems.map((p) => [p.line, p.column])).toEqual([[3, 1]]);
  });

  it("siblings do not add up to the depth limit", () => {
    expect(checkTemplate("{{ 1 }}".repeat(300))).toEqual([]);
  });
});
