import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isSitewrightError } from "../../../src/errors.js";
import { createTemplateRegistry } from "../../../src/generator/template-registry.js";

const dir = mkdtempSync(join(tmpdir(), "sw-sandbox-"));
const marker = join(dir, "pwned");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each payload, if it ran, would create `marker` on the build server.
const payloadsWriting = (target: string) => {
  const js = JSON.stringify(
    `return process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(target)}, 'x')`,
  );
  return [
    `{{ range.constructor(${js})() }}`,
    `{{ "".constructor.constructor(${js})() }}`,
    `{{ cycler.constructor(${js})() }}`,
    `{{ joiner.constructor(${js})() }}`,
    `{{ [].map.constructor(${js})() }}`,
    `{{ {}.constructor.constructor(${js})() }}`,
    `{% set c = "constructor" %}{{ range[c][c](${js})() }}`,
    `{% set c = "constr" + "uctor" %}{{ ""[c][c](${js})() }}`,
    `{{ "".__proto__.constructor.constructor(${js})() }}`,
    `{{ constructor.constructor(${js})() }}`,
    `{{ constructor.getOwnPropertyDescriptor(constructor.getPrototypeOf(range), "constructor").value(${js})() }}`,
    `{{ fields.__proto__.__defineGetter__("x", range) }}`,
    `{{ fields.__lookupGetter__("__proto__")() }}`,
    `{{ page.toString.constructor(${js})() }}`,
    `{{ range.call.constructor(${js})() }}`,
    `{{ range.bind(null).constructor(${js})() }}`,
    `{{ (range | first).constructor(${js})() }}`,
    `{% for k in [1] %}{{ loop.constructor.constructor(${js})() }}{% endfor %}`,
    `{% macro m() %}{% endmacro %}{{ m.constructor(${js})() }}`,
    `{{ caller.constructor(${js})() }}`,
    `{{ fields.prototype }}{{ fields.arguments }}{{ range.caller }}`,
  ];
};
const PAYLOADS = payloadsWriting(marker);

describe("owner templates cannot reach the build server", () => {
  it("the payloads are live: plain nunjucks runs them", () => {
    // A separate process, because hardening patches nunjucks for the whole process.
    const control = join(dir, "control");
    const payload = payloadsWriting(control)[0];
    const script = `require("nunjucks").renderString(${JSON.stringify(payload)}, {})`;
    execFileSync(process.execPath, ["-e", script], { cwd: process.cwd() });
    expect(existsSync(control)).toBe(true);
  });

  it.each(PAYLOADS.map((p, i) => [i, p]))("payload %i is inert", (_i, payload) => {
    let output = "";
    try {
      const registry = createTemplateRegistry([
        { name: "t", src: payload as string, path: "templates[0].code", label: "template" },
      ]);
      output = registry.render("t", { fields: { a: 1 }, page: { title: "x" } }, "/");
    } catch (err) {
      // Failing to render is fine; only a SitewrightError is, though (no crash of another kind).
      expect(isSitewrightError(err), String(err)).toBe(true);
    }
    expect(existsSync(marker)).toBe(false);
    expect(output).not.toMatch(/function|native code/);
  });

  it("ordinary member access and methods still work", () => {
    const registry = createTemplateRegistry([
      {
        name: "t",
        src: "{{ page.title | upper }} {{ items.length }} {{ 'a,b'.split(',') | join('+') }} {{ fields.x }}",
        path: "p",
        label: "t",
      },
    ]);
    expect(
      registry.render("t", { page: { title: "Hi" }, items: [1, 2], fields: { x: "<b>" } }, "/"),
    ).toBe("HI 2 a+b &lt;b&gt;");
  });

  it("reports a syntax error with the template and line", () => {
    try {
      createTemplateRegistry([
        {
          name: "a",
          src: "line one\n{{ broken }\n",
          path: "templates[4].code",
          label: 'template "Hero"',
        },
      ]);
      expect.unreachable();
    } catch (err) {
      expect(isSitewrightError(err, "E_TEMPLATE")).toBe(true);
      const errors = (err as { errors: Record<string, string[]> }).errors;
      expect(errors["templates[4].code"]?.[0]).toMatch(/^template "Hero": line 2, column \d+: /);
    }
  });
});

describe("through buildSite", () => {
  it("an owner template with an escape payload never runs it, whether the build fails or not", async () => {
    const { buildSite } = await import("../../../src/generator/build.js");
    const { miniSite } = await import("../helpers.js");
    // Builds start a render pool each, so a sample: the compiler paste and three runtime escapes.
    const paste = `{{ 1 is '"+process.getBuiltinModule(\`fs\`).writeFileSync(\`${marker}\`,\`x\`)+"' }}`;
    for (const [i, payload] of [paste, PAYLOADS[0], PAYLOADS[9], PAYLOADS[19]].entries()) {
      const site = miniSite();
      (site.templates as Record<string, unknown>[])[1] = { id: 2, name: "Footer", code: payload };
      await buildSite(site, { outDir: join(dir, `site-${i}`) }).catch((err) => {
        expect(
          isSitewrightError(err, "E_RENDER") || isSitewrightError(err, "E_TEMPLATE"),
          String(err),
        ).toBe(true);
        expect(String(err.message)).not.toContain(process.cwd());
      });
      expect(existsSync(marker), payload).toBe(false);
    }
  }, 120_000);
});
