/**
 * Hostile owner templates: every shape of compiler paste site found in nunjucks 3.2.4, plus the
 * runtime escapes (constructor chains). Each entry writes its own marker file if it ever runs.
 * `live` entries are proven to run in plain nunjucks (test: plain nunjucks runs the live corpus).
 */
import { join } from "node:path";

/** One hostile template and where it would leave its trace. */
export interface HostileTemplate {
  id: string;
  src: string;
  /** The file the payload creates if it runs. */
  marker: string;
  /** "paste": owner text spliced into generated code; "runtime": reaches Function at render time. */
  kind: "paste" | "runtime";
  /** Runs in plain nunjucks (proved in a child process); others fail to compile there or need a loader. */
  live: boolean;
  /** Paste shapes that nunjucks already quotes safely: the checker allows them, they render as text. */
  allowed?: boolean;
}

/** JavaScript that creates `marker`, with only backticks for strings (double quotes get escaped). */
export const writeMarkerJs = (marker: string) =>
  `process.getBuiltinModule(\`fs\`).writeFileSync(\`${marker}\`,\`x\`)`;

/**
 * A nunjucks symbol token (no whitespace or delimiters `()[]{}%*-+~/#,:|.<>=!`) that closes the
 * compiler's quotes and runs `js` through tagged templates: a"&&Function`<js>```&&"
 */
export const symbolPayload = (js: string) =>
  `a"&&Function\`${js.replace(/[^A-Za-z0-9_]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`)}\`\`\`&&"`;

/** A string literal's value that closes a double-quoted paste and runs `js`: "+js+" */
const quoted = (js: string) => `'"+${js}+"'`;

/** The corpus, each entry with its own marker under `dir`. */
export function hostileCorpus(dir: string): HostileTemplate[] {
  const entries: HostileTemplate[] = [];
  const add = (
    id: string,
    kind: HostileTemplate["kind"],
    live: boolean | "allowed",
    make: (js: string) => string,
  ) => {
    const marker = join(dir, id);
    const src = make(writeMarkerJs(marker));
    entries.push({ id, kind, live: live === true, allowed: live === "allowed", marker, src });
  };
  const sym = symbolPayload;

  // compileIs: env.getTest("<name>") — the issue's payload, as a literal and as a call.
  add("is-literal", "paste", true, (js) => `{{ 1 is ${quoted(js)} }}`);
  add("is-literal-call", "paste", true, (js) => `{{ 1 is ${quoted(js)}(2) }}`);
  add("is-symbol", "paste", true, (js) => `{{ 1 is ${sym(js)} }}`);
  // compileSymbol: runtime.contextOrFrameLookup(context, frame, "<name>")
  add("symbol", "paste", true, (js) => `{{ ${sym(js)} }}`);
  // compileFilter: env.getFilter("<name>"), also as the filter tag and with dotted names.
  add("filter-symbol", "paste", true, (js) => `{{ 1 | ${sym(js)} }}`);
  add("filter-tag", "paste", true, (js) => `{% filter ${sym(js)} %}x{% endfilter %}`);
  add("filter-dotted", "paste", false, (js) => `{{ 1 | upper.${sym(js)} }}`);
  // compileSet: frame.set("<name>", …) / context.setVariable("<name>", …)
  add("set-literal", "paste", true, (js) => `{% set ${quoted(js)} = 1 %}`);
  add("set-symbol", "paste", true, (js) => `{% set ${sym(js)} = 1 %}`);
  add("set-capture", "paste", true, (js) => `{% set ${quoted(js)} %}x{% endset %}`);
  // compileMacro / _compileMacro: names, keyword names ("…"), positional names (l_<name>).
  add("macro-name-literal", "paste", true, (js) => `{% macro ${quoted(js)}() %}{% endmacro %}`);
  add("macro-name-symbol", "paste", true, (js) => `{% macro ${sym(js)}() %}{% endmacro %}`);
  add("macro-kwarg-literal", "paste", true, (js) => `{% macro m(${quoted(js)}=1) %}{% endmacro %}`);
  add("macro-kwarg-symbol", "paste", true, (js) => `{% macro m(${sym(js)}=1) %}{% endmacro %}`);
  add("macro-dict-arg", "paste", true, (js) => `{% macro m({${quoted(js)}: 1}) %}{% endmacro %}`);
  add("macro-arg-symbol", "paste", false, (js) => `{% macro m(${sym(js)}) %}{% endmacro %}`);
  add("caller-kwarg", "paste", true, (js) => `{% call(${sym(js)}=1) m() %}x{% endcall %}`);
  add("caller-arg", "paste", false, (js) => `{% call(${sym(js)}) m() %}x{% endcall %}`);
  // compileFor: frame.set("<name>", …) for plain and key/value loops.
  add("for-symbol", "paste", true, (js) => `{% for ${sym(js)} in [1] %}{% endfor %}`);
  add(
    "for-pair-literal",
    "paste",
    true,
    (js) => `{% for k, ${quoted(js)} in {a: 1} %}{% endfor %}`,
  );
  add("for-pair-symbol", "paste", true, (js) => `{% for k, ${sym(js)} in {a: 1} %}{% endfor %}`);
  // compileFunCall: the callee label escapes `"` but not `\`, so `\"` closes the string.
  add("callee-key-backslash", "paste", true, (js) => {
    return `{{ x["\\\\\\"+(${js}),context,[]),1));//"]() }}`;
  });
  add("callee-target-backslash", "paste", false, (js) => `{{ "\\\\\\"+(${js})+"["k"]() }}`);
  add("callee-plain-backslash", "paste", false, () => `{{ x["\\\\"]() }}`);
  add("callee-newline", "paste", false, () => `{{ x["a\\nb"]() }}`);
  add("callee-u2028", "paste", false, () => `{{ x["a\u2028b"]() }}`);
  // Names ending in a backslash escape the compiler's closing quote.
  add("symbol-backslash", "paste", false, () => `{{ x\\ }}{{ "+1+" }}`);
  add("set-backslash", "paste", false, () => `{% set x\\ = "+1+" %}`);
  add("filter-backslash", "paste", false, () => `{{ 1 | x\\ }}{{ "+1+" }}`);
  add("symbol-u2028", "paste", false, () => `{{ a\u2028b }}`);
  // compileImport / compileFromImport / compileBlock: aliases, `t.<name>`, `b_<name>`.
  add("import-alias-literal", "paste", false, (js) => `{% import "t" as ${quoted(js)} %}`);
  add("import-alias-symbol", "paste", false, (js) => `{% import "t" as ${sym(js)} %}`);
  add("from-import-symbol", "paste", false, (js) => `{% from "t" import ${sym(js)} %}`);
  add("from-import-alias", "paste", false, (js) => `{% from "t" import a as ${quoted(js)} %}`);
  add("block-symbol", "paste", false, (js) => `{% block ${sym(js)} %}x{% endblock %}`);
  add("include-expression", "paste", false, (js) => `{% include "t" ~ ${quoted(js)} %}`);
  // Async tags paste loop names as bare JavaScript parameters.
  add("async-each", "paste", false, (js) => `{% asyncEach ${sym(js)} in [1] %}{% endeach %}`);
  add("async-all", "paste", false, (js) => `{% asyncAll ${sym(js)} in [1] %}{% endall %}`);
  add("if-async", "paste", false, (js) => `{% ifAsync ${quoted(js)} %}x{% endif %}`);
  // Quoted by compileLiteral in plain nunjucks too: must stay inert text.
  add("dict-key-literal", "paste", "allowed", (js) => `{{ ({${quoted(js)}: 1}) | dump }}`);
  add("dict-key-symbol", "paste", false, (js) => `{{ {${sym(js)}: 1} | dump }}`);
  add("call-kwarg-symbol", "paste", false, (js) => `{{ range(${sym(js)}=1) }}`);
  add("lookup-literal", "paste", "allowed", (js) => `{{ fields[${quoted(js)}] }}`);
  add(
    "output-literal",
    "paste",
    "allowed",
    (js) => `{{ ${quoted(js)} }}{{ "</script>*/\u2028\u2029\\\\" }}`,
  );
  add("regex-literal", "paste", false, (js) => `{{ r/"+${js}+"/ }}`);
  add("template-data", "paste", "allowed", (js) => `"+${js}+"\`\${${js}}\``);

  for (const [i, src] of constructorPayloads().entries()) {
    const marker = join(dir, `runtime-${i}`);
    entries.push({ id: `runtime-${i}`, kind: "runtime", live: i === 0, marker, src: src(marker) });
  }
  return entries;
}

/** The runtime escapes: constructor chains to Function (each, if it ran, creates its marker). */
function constructorPayloads(): ((marker: string) => string)[] {
  const fn = (m: string) =>
    JSON.stringify(
      `return process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(m)}, 'x')`,
    );
  return [
    (m) => `{{ range.constructor(${fn(m)})() }}`,
    (m) => `{{ "".constructor.constructor(${fn(m)})() }}`,
    (m) => `{{ cycler.constructor(${fn(m)})() }}`,
    (m) => `{{ joiner.constructor(${fn(m)})() }}`,
    (m) => `{{ [].map.constructor(${fn(m)})() }}`,
    (m) => `{{ {}.constructor.constructor(${fn(m)})() }}`,
    (m) => `{% set c = "constructor" %}{{ range[c][c](${fn(m)})() }}`,
    (m) => `{% set c = "constr" + "uctor" %}{{ ""[c][c](${fn(m)})() }}`,
    (m) => `{{ "".__proto__.constructor.constructor(${fn(m)})() }}`,
    (m) => `{{ constructor.constructor(${fn(m)})() }}`,
    (m) =>
      `{{ constructor.getOwnPropertyDescriptor(constructor.getPrototypeOf(range), "constructor").value(${fn(m)})() }}`,
    () => `{{ fields.__proto__.__defineGetter__("x", range) }}`,
    () => `{{ fields.__lookupGetter__("__proto__")() }}`,
    (m) => `{{ page.toString.constructor(${fn(m)})() }}`,
    (m) => `{{ range.call.constructor(${fn(m)})() }}`,
    (m) => `{{ range.bind(null).constructor(${fn(m)})() }}`,
    (m) => `{{ (range | first).constructor(${fn(m)})() }}`,
    (m) => `{% for k in [1] %}{{ loop.constructor.constructor(${fn(m)})() }}{% endfor %}`,
    (m) => `{% macro m() %}{% endmacro %}{{ m.constructor(${fn(m)})() }}`,
    (m) =>
      `{% macro m() %}{{ caller.constructor(${fn(m)})() }}{% endmacro %}{% call m() %}x{% endcall %}`,
    () => `{{ fields.prototype }}{{ fields.arguments }}{{ range.caller }}{{ caller.caller }}`,
  ];
}
