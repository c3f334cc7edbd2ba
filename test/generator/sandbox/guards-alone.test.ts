import nunjucks from "nunjucks";
import { beforeAll, describe, expect, it } from "vitest";
import { LEXER_OPTIONS } from "../../../src/generator/sandbox/check-template.js";
import {
  hardenNunjucks,
  isBlockedProperty,
  isBlockedVariable,
} from "../../../src/generator/sandbox/harden-runtime.js";
import { parseTemplate } from "../../../src/generator/sandbox/nunjucks-internals.js";
import { compileTree } from "../../../src/generator/sandbox/safe-compiler.js";

// Each runtime guard must matter on its own: every payload below passes the quoting compiler
// (the allow-list is not run) and is stopped by exactly one guard, so removing that guard alone
// makes its test fail. The stock-nunjucks row of each case proves the payload is live.
const env = new nunjucks.Environment([], { autoescape: true, ...LEXER_OPTIONS });

function stock(src: string, context: object = {}): string {
  return new nunjucks.Environment([], { autoescape: true, ...LEXER_OPTIONS }).renderString(
    src,
    context,
  );
}

function hardened(src: string, context: object = {}): string {
  const code = compileTree(parseTemplate(src, LEXER_OPTIONS), "t");
  return new nunjucks.Template(code as never, env, "t", true).render(context);
}

describe("each runtime guard alone", () => {
  // Stock renders happen first: hardening patches the runtime that every Environment shares.
  const live = new Map<string, string>();
  const payloads = {
    blockedProperty: ['{{ "".constructor(6*7) }}', {}],
    dunderProperty: ['{{ "".__proto__.length }}', {}],
    dangerousMember: ['{{ box.f("return 6*7")() }}', { box: { f: Function } }],
    blockedVariable: ["{{ __proto__ }}", {}],
    prototypeVariable: ["{{ toString }}", {}],
    dangerousVariable: ['{{ fn("return 6*7")() }}', { fn: Function }],
  } as const;
  beforeAll(() => {
    for (const [id, [src, ctx]] of Object.entries(payloads)) live.set(id, stock(src, ctx));
    hardenNunjucks();
  });

  it("the payloads are live in stock nunjucks", () => {
    expect(live.get("blockedProperty")).toBe("42");
    expect(live.get("dunderProperty")).toBe("0");
    expect(live.get("dangerousMember")).toBe("42");
    expect(live.get("blockedVariable")).toBe("[object Object]");
    expect(live.get("prototypeVariable")).toContain("native code");
    expect(live.get("dangerousVariable")).toBe("42");
  });

  it("memberLookup refuses a blocked name whose value is harmless (String)", () => {
    // `"".constructor` is String, which the dangerous-value list does not hold.
    expect(() => hardened(...payloads.blockedProperty)).toThrow(/undefined/);
  });

  it("memberLookup refuses any name starting with __", () => {
    expect(hardened(...payloads.dunderProperty)).toBe("");
  });

  it("memberLookup refuses a dangerous value under a harmless name", () => {
    // `f` is not a blocked name; only the value check stops Function.
    expect(() => hardened(...payloads.dangerousMember)).toThrow(/undefined/);
  });

  it("contextOrFrameLookup refuses a blocked variable name whose value is not dangerous", () => {
    // Object.prototype is neither in the dangerous list nor Object.prototype.__proto__ (null).
    expect(hardened(...payloads.blockedVariable)).toBe("");
  });

  it("contextOrFrameLookup refuses names that fall through to Object.prototype", () => {
    expect(hardened(...payloads.prototypeVariable)).toBe("");
    expect(hardened("{{ hasOwnProperty }}{{ valueOf }}")).toBe("");
  });

  it("contextOrFrameLookup refuses a dangerous value under a harmless variable name", () => {
    expect(() => hardened(...payloads.dangerousVariable)).toThrow(/undefined/);
  });

  it("members of null and undefined are empty, not errors", () => {
    expect(hardened("[{{ n.x }}|{{ u.x }}|{{ n.x.y }}]", { n: null })).toBe("[||]");
  });

  it("own context values that shadow Object.prototype names still render", () => {
    expect(hardened("{{ toString }}|{{ a.valueOf }}", { toString: "ts", a: { valueOf: 3 } })).toBe(
      "ts|3",
    );
  });

  it("`caller` inside a macro still resolves to the {% call %} body", () => {
    const src = "{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}body{% endcall %}";
    expect(hardened(src)).toBe("[body]");
  });

  it("hardening twice installs the hooks once", () => {
    const runtime = (nunjucks as unknown as { runtime: { memberLookup: unknown } }).runtime;
    const before = runtime.memberLookup;
    hardenNunjucks();
    expect(runtime.memberLookup).toBe(before);
  });
});

describe("the name predicates", () => {
  it("block the listed names, __ names and symbols; allow other names and non-strings", () => {
    for (const name of ["constructor", "prototype", "caller", "callee", "arguments", "__x", "__"]) {
      expect(isBlockedProperty(name), name).toBe(true);
    }
    expect(isBlockedProperty(Symbol.iterator)).toBe(true);
    for (const name of ["title", "_private", "x__", "constructors", 0, 1.5, null, undefined]) {
      expect(isBlockedProperty(name), String(name)).toBe(false);
    }
  });

  it("let variables be called `caller` but nothing else blocked", () => {
    expect(isBlockedVariable("caller")).toBe(false);
    expect(isBlockedVariable("callee")).toBe(true);
    expect(isBlockedVariable("__proto__")).toBe(true);
    expect(isBlockedVariable("page")).toBe(false);
  });
});
