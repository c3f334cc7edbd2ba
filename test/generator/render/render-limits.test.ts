import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isSitewrightError } from "../../../src/errors.js";
import { buildSite } from "../../../src/generator/build.js";
import { rejection } from "../../helpers/rejection.js";
import { miniSite, tempDir } from "../helpers.js";

const dir = tempDir("sw-limits-");

/** The mini site with template 3 ("Hero", rendered on the home page) replaced by `code`. */
function siteWith(code: string) {
  const site = miniSite();
  const templates = site.templates as Array<{ id: number; code: string }>;
  (templates.find((t) => t.id === 3) as { code: string }).code = code;
  return site;
}

/** Builds the mini site into `out` so that a failing build has something to leave untouched. */
async function previousBuild(name: string): Promise<{ out: string; index: string }> {
  const out = join(dir, name);
  await buildSite(miniSite(), { outDir: out });
  return { out, index: readFileSync(join(out, "index.html"), "utf8") };
}

function expectUntouched(out: string, index: string) {
  expect(readFileSync(join(out, "index.html"), "utf8")).toBe(index);
  expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
}

describe("runaway owner templates end as coded errors within the budget", () => {
  it("an endless loop: E_RENDER_TIMEOUT naming page, component and template", async () => {
    const { out, index } = await previousBuild("loop");
    const started = Date.now();
    const err = await rejection(
      buildSite(
        siteWith(
          "{% for i in range(0, 100000) %}{% for j in range(0, 100000) %}{{ j }}{% endfor %}{% endfor %}",
        ),
        { outDir: out, renderTimeoutMs: 400 },
      ),
    );
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(isSitewrightError(err, "E_RENDER_TIMEOUT")).toBe(true);
    expect(err.message).toMatch(/page \//);
    expect(err.message).toMatch(/pages\[0\]\.components\[\d\]/);
    expect(err.message).toMatch(/template "Hero"/);
    expectUntouched(out, index);
  });

  it("a template that builds a huge string: E_RENDER_LIMIT, the build process lives on", async () => {
    const { out, index } = await previousBuild("memory");
    const err = await rejection(
      buildSite(
        siteWith(
          '{% set s = "0123456789abcdef" %}{% for i in range(0, 40) %}{% set s = s + s %}{% endfor %}{{ s | length }}{{ s }}',
        ),
        { outDir: out, renderHeapMb: 64 },
      ),
    );
    expect(isSitewrightError(err, "E_RENDER_LIMIT")).toBe(true);
    expect(err.message).toMatch(/template "Hero"/);
    expectUntouched(out, index);
    // The same process builds again at once.
    await buildSite(miniSite(), { outDir: out });
    expect(existsSync(join(out, "index.html"))).toBe(true);
  });

  it("a process that stops answering is killed; a traced re-run names the template", async () => {
    const { out, index } = await previousBuild("hard");
    // Each concat copies a growing array in native code, between ticks of the in-process
    // budget: the process thrashes or dies, and only the build's own watchdog can stop it.
    const err = await rejection(
      buildSite(
        siteWith(
          "{% set a = [] %}{% for i in range(0, 100000) %}{% set a = a.concat(range(0, 100000)) %}{% endfor %}{{ a | length }}",
        ),
        { outDir: out, renderTimeoutMs: 1_000, renderHeapMb: 64 },
      ),
    );
    expect(["E_RENDER_TIMEOUT", "E_RENDER_LIMIT"]).toContain(err.code);
    expect(err.message).toMatch(/render process|out of memory/);
    expect(err.details?.where).toMatch(/pages\[0\]\.components\[\d\]\), template "Hero"/);
    expectUntouched(out, index);
  });

  it("deep recursion: E_RENDER_LIMIT", async () => {
    const { out, index } = await previousBuild("recursion");
    const err = await rejection(
      buildSite(siteWith("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}"), {
        outDir: out,
      }),
    );
    expect(isSitewrightError(err, "E_RENDER_LIMIT")).toBe(true);
    expectUntouched(out, index);
  });

  it("several render processes give the same bytes as one", async () => {
    const one = join(dir, "one");
    const two = join(dir, "two");
    const a = await buildSite(miniSite(), { outDir: one, workers: 1 });
    const b = await buildSite(miniSite(), { outDir: two, workers: 2 });
    expect(b.manifest).toEqual(a.manifest);
    expect(b.warnings).toEqual(a.warnings);
  });

  it("rejects a worker count that is not a whole number ≥ 1", async () => {
    const err = await rejection(buildSite(miniSite(), { outDir: join(dir, "bad"), workers: 0 }));
    expect(isSitewrightError(err, "E_USAGE")).toBe(true);
    expect(existsSync(join(dir, "bad"))).toBe(false);
  });
});
