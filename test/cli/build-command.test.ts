import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { miniSite, tempDir } from "../generator/helpers.js";
import { runCli } from "../helpers/run-command.js";

const root = tempDir("sw-cli-");

const run = runCli;

/** Every file under `dir` with its content, to prove a failed build changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      files[full.slice(dir.length)] = readFileSync(full, "base64");
    }
  }
  return files;
}

// Each broken input, the error code it must fail with, and the path its first problem names.
const templateError = join(root, "template-error.json");
const bad = miniSite();
(bad.templates as Record<string, unknown>[])[2] = {
  id: 3,
  name: "Hero",
  code: "<h1>{{ fields.title }}</h1>\n{% if fields.subtitle %}<p>{{ fields.subtitle }</p>{% endif %}",
};
writeFileSync(templateError, JSON.stringify(bad));

const CASES: [string, string, string, RegExp][] = [
  [
    "malformed JSON",
    "fixtures/sites/broken/malformed-json",
    "E_SITE_JSON",
    /^pages\/[^:]+\.json: .*line \d+, column \d+/m,
  ],
  [
    "schema violation",
    "fixtures/sites/broken/schema-violation",
    "E_SITE_INVALID",
    /^pages\[\d+\][.\w[\]]*: /m,
  ],
  [
    "dangling reference",
    "fixtures/sites/broken/dangling-reference",
    "E_SITE_INVALID",
    /^pages\[\d+\]\.layout_id: |^[\w[\].]+_id: /m,
  ],
  [
    "unsafe slug",
    "fixtures/sites/broken/unsafe-slug",
    "E_SITE_INVALID",
    /^pages\[\d+\]\.post_name: /m,
  ],
  [
    "URL collision",
    "fixtures/sites/broken/url-collision",
    "E_SITE_INVALID",
    /^pages\[\d+\]\.post_name: .*pages\[\d+\]/m,
  ],
  [
    "unknown component type",
    "fixtures/sites/broken/unknown-component-type",
    "E_SITE_INVALID",
    /^pages\[\d+\]\.components\[\d+\]\.component_id: /m,
  ],
  [
    "template syntax error",
    templateError,
    "E_TEMPLATE",
    /^templates\[2\]\.code: template "Hero": line 2, column \d+: /m,
  ],
];

describe("sitewright build", () => {
  it("builds the demo site and prints a summary (exit 0)", async () => {
    const out = join(root, "demo");
    const r = await run("build", "fixtures/sites/demo", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Built \d+ pages \(\d+ unpublished skipped\), \d+ files, [\d.]+ KB in \d+ ms → /,
    );
    const json = await run("build", "fixtures/sites/demo", "--out", out, "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({
      pages: expect.any(Number),
      files: expect.any(Number),
    });
  });

  it.each(CASES)(
    "%s: exit 1, %s's code, one path line per problem, output untouched",
    async (_name, input, code, line) => {
      const out = join(root, `out-${code}-${Math.random().toString(36).slice(2)}`);
      await run("build", "fixtures/sites/demo", "--out", out);
      const before = snapshot(out);
      const r = await run("build", input, "--out", out);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`error ${code}: `);
      expect(r.stderr).toMatch(line);
      expect(snapshot(out)).toEqual(before);
      expect(readdirSync(root).filter((n) => n.includes(".tmp-"))).toEqual([]);
      const json = await run("build", input, "--out", out, "--json");
      expect(JSON.parse(json.stdout)).toMatchObject({ error: true, code });
    },
  );

  it("bad usage exits 2 with the command's help", async () => {
    const noOut = await run("build", "fixtures/sites/demo");
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain("Missing required option --out");
    expect(noOut.stderr).toContain("Usage: sitewright build");
    expect((await run("build", "x", "--out", "y", "--bogus")).code).toBe(2);
    expect((await run("frobnicate")).code).toBe(2);
    expect((await run("--help")).code).toBe(0);
  });

  it("a missing input is E_SITE_NOT_FOUND and creates nothing", async () => {
    const out = join(root, "never");
    const r = await run("build", join(root, "no-such-site"), "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error E_SITE_NOT_FOUND");
    expect(() => readdirSync(out)).toThrow();
  });

  it("refuses an output directory that holds other files", async () => {
    const out = join(root, "home");
    mkdirSync(out);
    writeFileSync(join(out, "notes.txt"), "mine");
    const r = await run("build", "fixtures/sites/demo", "--out", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error E_OUTPUT");
    expect(readdirSync(out)).toEqual(["notes.txt"]);
  });
});

describe("option checks", () => {
  it("a bad --now or --base-url is wrong usage (exit 2) and writes nothing", async () => {
    const out = join(root, "opts");
    const now = await run("build", "fixtures/sites/demo", "--out", out, "--now", "yesterday");
    expect(now.code).toBe(2);
    expect(now.stderr).toContain('--now "yesterday" is not a date');
    const base = await run(
      "build",
      "fixtures/sites/demo",
      "--out",
      out,
      "--base-url",
      "javascript:alert(1)",
    );
    expect(base.code).toBe(2);
    expect(base.stderr).toContain("is not an absolute http(s) URL");
    expect(() => readdirSync(out)).toThrow();
  });
});
