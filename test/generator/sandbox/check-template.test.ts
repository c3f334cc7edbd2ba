import { describe, expect, it } from "vitest";
import { isSitewrightError, SitewrightError } from "../../../src/errors.js";
import { checkTemplate } from "../../../src/generator/sandbox/index.js";
import {
  checkTemplateSources,
  createTemplateRegistry,
  type TemplateSource,
} from "../../../src/generator/template-registry.js";

const source = (src: string, name = "t"): TemplateSource => ({
  name,
  src,
  path: "templates[2].code",
  label: 'template "Hero"',
});

function errorsOf(run: () => unknown): Record<string, string[]> {
  try {
    run();
  } catch (err) {
    expect(isSitewrightError(err, "E_TEMPLATE"), String(err)).toBe(true);
    return (err as { errors: Record<string, string[]> }).errors;
  }
  throw new Error("expected E_TEMPLATE");
}

describe("checkTemplate: the supported subset passes", () => {
  it.each([
    ["output and filters", '{{ page.title | upper | replace("A", "b") }} {{ "x" ~ 1 }}'],
    ["lookups", '{{ menus["1"].items[0].title }} {{ fields.x.y }}'],
    ["if / elif / else", "{% if a %}1{% elif b %}2{% else %}3{% endif %}"],
    ["inline if and logic", "{{ 1 if a and not b or c else 2 }}"],
    ["arithmetic and comparison", "{{ (1 + 2 * 3 - 4 / 2) // 1 % 2 ** 3 }} {{ 1 < 2 <= 3 != 4 }}"],
    [
      "in and is",
      '{{ "a" in ["a"] }} {{ x is defined }} {{ 4 is divisibleby(2) }} {{ x is not none }}',
    ],
    [
      "for with key/value and else",
      "{% for k, v in {a: 1} %}{{ k }}{{ loop.index }}{% else %}-{% endfor %}",
    ],
    ["set and capture", "{% set a, b = 1 %}{% set c %}x{% endset %}{{ a }}{{ c }}"],
    ["macro with defaults", "{% macro m(a, b=2) %}{{ a }}{{ b }}{% endmacro %}{{ m(1, b=3) }}"],
    [
      "call and caller",
      "{% macro m() %}[{{ caller() }}]{% endmacro %}{% call m() %}x{% endcall %}",
    ],
    [
      "call with caller args",
      "{% macro m() %}{{ caller(1) }}{% endmacro %}{% call(n) m() %}{{ n }}{% endcall %}",
    ],
    ["filter tag", "{% filter upper %}x{% endfilter %}"],
    ["dicts with string keys", '{{ {"data-id": 1, b: [1, 2]} | dump }}'],
    [
      "include / import / from",
      '{% include "a" %}{% import "a" as f %}{% from "a" import m as n, k %}',
    ],
    ["block and extends", '{% extends "a" %}{% block body %}{{ super() }}{% endblock %}'],
    ["switch", "{% switch x %}{% case 1 %}a{% default %}b{% endswitch %}"],
    ["raw and comments", "{# note #}{% raw %}{{ not parsed }}{% endraw %}"],
    ["whitespace control", "{%- if a -%} x {{- b -}} {%- endif -%}"],
    ["unicode text", "héllo \u2028 </script> */ $\u007Bx} `"],
  ])("%s", (_what, src) => {
    expect(checkTemplate(src)).toEqual([]);
  });
});

describe("checkTemplate: problems name the place and the owner's own text", () => {
  it.each([
    [
      "{{ a.b | up.per }}",
      1,
      10,
      'the filter name "up.per" is not a plain name (letters, digits, _)',
    ],
    ["x\n  {% set 'a' = 1 %}", 2, 10, "a set target must be a plain name, not a string"],
    [
      '{% include "a" ~ b %}',
      1,
      12,
      "the template of include must be a quoted name, not an expression",
    ],
    [
      "{% import name as x %}",
      1,
      11,
      "the template of import must be a quoted name, not an expression",
    ],
    ["{{ r/x+/ }}", 1, 4, "regular expression literals (r/…/) are not supported; use a string"],
    ["{% set __proto__ = 1 %}", 1, 8, 'the set target "__proto__" is reserved (it starts with __)'],
    ["{% ifAsync a %}x{% endif %}", 1, 4, "the ifAsync tag is not supported"],
    [
      "{{ 1 is 'x' }}",
      1,
      9,
      "after `is` comes a test name, e.g. `is defined` or `is divisibleby(3)`",
    ],
    ["{{ f({1: 2}) }}", 1, 7, "a dict key must be a plain name, not a literal"],
    ["{{ f(a.b=1) }}", 1, 7, "a keyword argument name must be a plain name, not an expression"],
    [
      "{% macro m(a.b) %}{% endmacro %}",
      1,
      13,
      "a macro argument must be a plain name, not an expression",
    ],
    [
      '{{ x["a\\\\b"]() }}',
      1,
      6,
      "a called name or key may not contain backslashes or control characters",
    ],
    ["{% bogus %}", 1, 4, 'unknown tag "bogus"'],
    ["line one\n{{ broken }\n", 2, 11, "expected }}"],
    ["{% if a %}", 1, 1, "missing {% endif %}"],
  ])("%j", (src, line, column, message) => {
    expect(checkTemplate(src)).toEqual([{ line, column, message }]);
  });

  it("reports every problem of a template, not just the first", () => {
    expect(checkTemplate("{% set 'a' = 1 %}\n{{ x | a.b }}")).toHaveLength(2);
  });

  it("refuses absurd nesting instead of overflowing the compiler", () => {
    const deep = `{{ ${"(".repeat(3000)}1${")".repeat(3000)} }}`;
    expect(checkTemplate(deep)[0]?.message).toMatch(/nests too deeply/);
    const nested = `${"{% if a %}".repeat(300)}x${"{% endif %}".repeat(300)}`;
    expect(checkTemplate(nested)[0]?.message).toBe("the template nests too deeply");
  });
});

describe("the registry runs the check before compiling owner code", () => {
  it("E_TEMPLATE keyed by the source path, message `label: line, column: what`", () => {
    const errors = errorsOf(() => createTemplateRegistry([source("{{ 1 is 'x' }}")]));
    expect(errors).toEqual({
      "templates[2].code": [
        'template "Hero": line 1, column 9: after `is` comes a test name, e.g. `is defined` or `is divisibleby(3)`',
      ],
    });
  });

  it("the built-in document is not subject to the owner allow-list", () => {
    const builtin = { ...source("{{ r/x/ }}", "builtin:x.njk"), path: "builtin/x.njk" };
    expect(createTemplateRegistry([builtin]).has("builtin:x.njk")).toBe(true);
  });

  it("checkTemplateSources checks without compiling", () => {
    // Passes the allow-list but fails in nunjucks' compiler: only createTemplateRegistry sees it.
    const twice = source("{% block a %}{% endblock %}{% block a %}{% endblock %}");
    expect(() => checkTemplateSources([twice])).not.toThrow();
    expect(errorsOf(() => createTemplateRegistry([twice]))["templates[2].code"]).toEqual([
      'template "Hero": block "a" is defined twice',
    ]);
    expect(errorsOf(() => checkTemplateSources([twice, source("{{ x | a.b }}", "u")]))).toEqual({
      "templates[2].code": [
        'template "Hero": line 1, column 8: the filter name "a.b" is not a plain name (letters, digits, _)',
      ],
    });
  });
});

describe("call / caller", () => {
  it("{% call %} bodies render through caller(), with arguments", () => {
    const src = [
      '{% macro card(title) %}<div class="card"><h2>{{ title }}</h2>{{ caller() }}</div>{% endmacro %}',
      '{% call card("Hi") %}<p>{{ text }}</p>{% endcall %}',
      "{% macro each(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}",
      "{% call(item) each([1, 2]) %}<{{ item }}>{% endcall %}",
    ].join("");
    const html = createTemplateRegistry([source(src)]).render("t", { text: "a&b" }, "/");
    expect(html).toBe('<div class="card"><h2>Hi</h2><p>a&amp;b</p></div><1><2>');
  });

  it("`caller` outside a call block is undefined, and its properties stay blocked", () => {
    const src =
      "{{ caller is defined }}{% macro m() %}{{ caller.caller }}{{ caller.constructor }}{% endmacro %}{% call m() %}x{% endcall %}";
    expect(createTemplateRegistry([source(src)]).render("t", {}, "/")).toBe("false");
  });
});

describe("render errors carry owner-side facts only", () => {
  const render = (src: string, context: object = {}) => {
    try {
      createTemplateRegistry([source(src)]).render("t", context, "/x (pages[0])");
    } catch (err) {
      expect(err).toBeInstanceOf(SitewrightError);
      return err as SitewrightError;
    }
    throw new Error("expected a render error");
  };

  it("known nunjucks shapes keep the owner's identifier", () => {
    expect(render("\n  {{ nope() }}").message).toBe(
      'template "Hero" failed while rendering /x (pages[0]): line 2, column 10: cannot call nope: it is not defined',
    );
    expect(render("{{ 1 | nofilter }}").message).toMatch(/: unknown filter "nofilter"$/);
    expect(render("{{ 1 is notatest }}").message).toMatch(/: unknown test "notatest"$/);
    expect(render('{% include "missing" %}').message).toMatch(/: template "missing" not found$/);
    expect(render("{{ a.b() }}", { a: { b: 1 } }).message).toMatch(
      /: cannot call a\["b"\]: it is not a function$/,
    );
  });

  it("anything else is reduced to its kind and position, with no cause attached", () => {
    const secret = `${process.cwd()} ${process.env.HOME}`;
    const boom = () => {
      throw new TypeError(`cannot open ${secret}`);
    };
    const err = render("{{ boom() }}", { boom });
    expect(err.message).toBe(
      'template "Hero" failed while rendering /x (pages[0]): line 1, column 8: failed (TypeError)',
    );
    expect(err.cause).toBeUndefined();
    expect(JSON.stringify(err.toJSON())).not.toContain(process.cwd());
    const missing = undefined as unknown as Record<string, unknown>;
    const named = render("{{ f() }}", { f: () => missing.y });
    expect(named.message).toMatch(/: cannot read "y" of undefined$/);
    const odd = render("{{ f() }}", { f: () => missing[secret] });
    expect(odd.message).toMatch(/: failed \(TypeError\)$/);
  });

  it("coded errors from our own code pass through with `where` added", () => {
    const image = new SitewrightError("E_IMAGE", "Image missing.png is missing.");
    const err = render("{{ picture() }}", {
      picture: () => {
        throw image;
      },
    });
    expect(err).toBe(image);
    expect(err.details).toEqual({ where: "/x (pages[0])" });
  });
});

describe("owner filters", () => {
  it("safe_url is registered for owner templates", () => {
    const src = '<a href="{{ bad | safe_url }}">{{ good | safe_url }}</a>';
    const html = createTemplateRegistry([source(src)]).render(
      "t",
      { bad: "javascript:alert(1)", good: "/contact/" },
      "/",
    );
    expect(html).toBe('<a href="#">/contact/</a>');
  });
});

describe("templates of one build use each other", () => {
  it("extends / super, import, from … import … as, include and verbatim render", () => {
    const s = (name: string, src: string) => ({ ...source(src, name), path: name });
    const registry = createTemplateRegistry([
      s("parent", "<{% block body %}P{% endblock %}>"),
      s("child", '{% extends "parent" %}{% block body %}C{{ super() }}{% endblock %}'),
      s("lib", "{% macro hi(n) %}hi {{ n }}{% endmacro %}{% set v = 3 %}"),
      s(
        "user",
        '{% import "lib" as l %}{% from "lib" import hi as h, v %}{{ l.hi(1) }} {{ h(2) }} {{ v }} {% include "parent" %} {% verbatim %}{{ x }}{% endverbatim %}',
      ),
    ]);
    expect(registry.render("child", {}, "/")).toBe("<CP>");
    expect(registry.render("user", {}, "/")).toBe("hi 1 hi 2 3 <P> {{ x }}");
  });
});
