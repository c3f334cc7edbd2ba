import { describe, expect, it } from "vitest";
import { isSitewrightError, SitewrightError } from "../../../src/errors.js";
import { runWithBudget } from "../../../src/generator/sandbox/index.js";
import { createTemplateRegistry } from "../../../src/generator/template-registry.js";

const where = "/x (pages[3].components[1])";
const describeIt = () => 'page /x, component pages[3].components[1], template "Hero"';

function registry(src: string, renderTimeoutMs?: number) {
  return createTemplateRegistry(
    [{ name: "t", src, path: "templates[0].code", label: 'template "Hero"' }],
    renderTimeoutMs === undefined ? {} : { renderTimeoutMs },
  );
}

function renderError(run: () => unknown): SitewrightError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SitewrightError);
    return err as SitewrightError;
  }
  throw new Error("expected the render to fail");
}

describe("render budgets", () => {
  it("nested range loops end with E_RENDER_TIMEOUT close to the budget", () => {
    const r = registry(
      "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    );
    const start = performance.now();
    const err = renderError(() =>
      runWithBudget({ timeoutMs: 300, describe: describeIt }, () => r.render("t", {}, where)),
    );
    const elapsed = performance.now() - start;
    expect(err.code).toBe("E_RENDER_TIMEOUT");
    expect(err.message).toBe(
      'Rendering page /x, component pages[3].components[1], template "Hero" took longer than its 300 ms budget.',
    );
    expect(err.details).toMatchObject({ where, timeoutMs: 300 });
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(2000);
  });

  it("an empty loop body and a recursive macro also tick the budget", () => {
    for (const src of [
      "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
      "{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
    ]) {
      const r = registry(src);
      const err = renderError(() =>
        runWithBudget({ timeoutMs: 100, describe: describeIt }, () => r.render("t", {}, where)),
      );
      expect(err.code).toBe("E_RENDER_TIMEOUT");
    }
  });

  it("the registry option puts every render under a budget", () => {
    const r = registry(
      "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
      100,
    );
    const err = renderError(() => r.render("t", {}, where));
    expect(err.code).toBe("E_RENDER_TIMEOUT");
    expect(err.message).toContain(`${where}, template "Hero"`);
  });

  it("nested budgets keep the earlier deadline, and a finished budget leaves later renders alone", () => {
    const r = registry(
      "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    );
    const start = performance.now();
    const err = renderError(() =>
      runWithBudget({ timeoutMs: 100, describe: () => "outer" }, () =>
        runWithBudget({ timeoutMs: 60_000, describe: () => "inner" }, () =>
          r.render("t", {}, where),
        ),
      ),
    );
    expect(err.message).toContain("outer");
    expect(performance.now() - start).toBeLessThan(2000);
    expect(registry("{% for i in range(3) %}{{ i }}{% endfor %}").render("t", {}, where)).toBe(
      "012",
    );
  });

  it("deep macro recursion ends with E_RENDER_LIMIT naming the template", () => {
    const r = registry("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}");
    const err = renderError(() => r.render("t", {}, where));
    expect(err.code).toBe("E_RENDER_LIMIT");
    expect(err.message).toMatch(
      /^template "Hero" nested too deeply \(macro recursion\) while rendering \/x/,
    );
  });

  it("range() and the width-driven filters refuse huge counts with E_RENDER_LIMIT", () => {
    for (const src of [
      "{{ range(0, 1000000000) | length }}",
      "{{ range(1000000000) | length }}",
      "{{ range(0, 1, 0.000001) | length }}",
      '{{ "x" | center(1000000000) }}',
      '{{ "x" | indent(1000000000) }}',
      "{{ [1] | batch(1000000000, 0) | length }}",
      "{{ [1] | slice(1000000000) | length }}",
    ]) {
      const err = renderError(() => registry(src).render("t", {}, where));
      expect(err.code, src).toBe("E_RENDER_LIMIT");
      expect(err.details?.where, src).toBe(where);
    }
  });

  it("strings grown past V8's limit end with E_RENDER_LIMIT", () => {
    const src =
      '{% set s = "xxxxxxxxxxxxxxxx" %}{% for i in range(40) %}{% set s = s ~ s %}{% endfor %}{{ s | length }}';
    const err = renderError(() => registry(src).render("t", {}, where));
    expect(err.code).toBe("E_RENDER_LIMIT");
  });

  it("ordinary range() and capped filters still work", () => {
    const src =
      '{{ range(3) | join(",") }} {{ range(1, 10, 3) | join(",") }} {{ range(3, 0, -1) | join(",") }} [{{ "ab" | center(6) }}] {{ [1,2,3] | batch(2, 9) | dump }}';
    expect(registry(src).render("t", {}, where)).toBe("0,1,2 1,4,7 3,2,1 [  ab  ] [[1,2],[3,9]]");
  });

  it("without a budget nothing is counted against a deadline", () => {
    const r = registry("{% for i in range(2000) %}{{ i }}{% endfor %}");
    expect(r.render("t", {}, where)).toHaveLength(6890);
    expect(isSitewrightError(new Error("x"))).toBe(false);
  });
});
