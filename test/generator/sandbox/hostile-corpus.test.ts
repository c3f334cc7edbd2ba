import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isSitewrightError } from "../../../src/errors.js";
import { checkTemplate, runWithBudget } from "../../../src/generator/sandbox/index.js";
import { createTemplateRegistry } from "../../../src/generator/template-registry.js";
import { hostileCorpus } from "./hostile-corpus.js";

const dir = mkdtempSync(join(tmpdir(), "sw-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const corpus = hostileCorpus(dir);
const SERVER_VALUES = [process.env.HOME, process.cwd()].filter((v): v is string => !!v);

/** Every message of an error, including a SiteValidationError's per-path list. */
function messagesOf(err: unknown): string {
  const { message, errors, details } = err as {
    message?: string;
    errors?: unknown;
    details?: unknown;
  };
  return [message, JSON.stringify(errors ?? ""), JSON.stringify(details ?? "")].join("\n");
}

function renderThroughRegistry(src: string): { output?: string; error?: unknown } {
  try {
    const registry = createTemplateRegistry([
      { name: "owner", src, path: "templates[0].code", label: 'template "Hostile"' },
      // Lets import/include payloads resolve their target, should a check ever let them through.
      { name: "t", src: "{% macro a() %}a{% endmacro %}", path: "templates[1].code", label: "t" },
    ]);
    const context = { fields: { a: 1 }, page: { title: "x" }, x: {} };
    return {
      output: runWithBudget({ timeoutMs: 2000, describe: () => "page /" }, () =>
        registry.render("owner", context, "/ (pages[0])"),
      ),
    };
  } catch (error) {
    return { error };
  }
}

describe("the hostile template corpus", () => {
  it("is live: plain nunjucks runs every live entry (in a child process, unhardened)", () => {
    const live = corpus.filter((e) => e.live);
    expect(live.length).toBeGreaterThanOrEqual(20);
    execFileSync(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "corpus-child.ts"), "plain", dir],
      { encoding: "utf8" },
    );
    const ran = live.filter((e) => existsSync(e.marker)).map((e) => e.id);
    expect(ran).toEqual(live.map((e) => e.id));
    for (const e of live) rmSync(e.marker, { force: true });
  });

  it.each(corpus.map((e) => [e.id, e] as const))("%s is rejected or inert", (_id, entry) => {
    const { output, error } = renderThroughRegistry(entry.src);
    expect(existsSync(entry.marker), entry.src).toBe(false);
    if (error !== undefined) {
      expect(isSitewrightError(error), String(error)).toBe(true);
      const text = messagesOf(error);
      for (const value of SERVER_VALUES) expect(text).not.toContain(value);
    }
    expect(output ?? "").not.toMatch(/function|native code/);
  });

  it("the checker rejects every paste shape except those nunjucks already quotes", () => {
    const paste = corpus.filter((e) => e.kind === "paste");
    const accepted = paste.filter((e) => checkTemplate(e.src).length === 0).map((e) => e.id);
    expect(accepted).toEqual(paste.filter((e) => e.allowed).map((e) => e.id));
  });

  it("the issue's payload: no code runs and no server value reaches the message", () => {
    const { error } = renderThroughRegistry(`{{ 1 is '"+process.env.HOME+"' }}`);
    expect(isSitewrightError(error, "E_TEMPLATE")).toBe(true);
    expect(messagesOf(error)).not.toContain(process.env.HOME ?? "/root");
    expect((error as { errors: Record<string, string[]> }).errors["templates[0].code"]).toEqual([
      'template "Hostile": line 1, column 9: after `is` comes a test name, e.g. `is defined` or `is divisibleby(3)`',
    ]);
  });
});
