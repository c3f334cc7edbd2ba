/**
 * Random sequences of operations on the demo site. fast-check is not a dependency of this
 * project, so this is a seeded random loop (mulberry32): each seed is a reproducible case,
 * and a failure names its seed and the steps taken.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SiteValidationError } from "../../src/errors.js";
import { buildSite } from "../../src/generator/build.js";
import type { OpResult } from "../../src/ops/index.js";
import * as ops from "../../src/ops/index.js";
import { loadSite } from "../../src/site/load.js";
import type { Site } from "../../src/site/types.js";
import { collectSiteErrors } from "../../src/site/validate.js";
import { DEMO, deepFreeze, demo } from "./helpers.js";

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = (site: Site) => OpResult | Promise<OpResult>;

function steps(rand: () => number, theme: Site): { name: string; make: (site: Site) => Step }[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const components = (site: Site) => [
    ...site.pages.flatMap((p) => p.components),
    ...Object.values(site.areas).flat(),
  ];
  const anyComponent = (site: Site) => pick(components(site)).id;
  const sources: ops.Sources = { theme: () => theme, website: () => theme };
  return [
    { name: "unlink", make: (s) => (x) => ops.unlinkComponent(x, { id: anyComponent(s) }) },
    { name: "convert", make: (s) => (x) => ops.convertToTemplate(x, { id: anyComponent(s) }) },
    { name: "duplicate", make: (s) => (x) => ops.duplicateComponent(x, { id: anyComponent(s) }) },
    { name: "delete", make: (s) => (x) => ops.deleteComponent(x, { id: anyComponent(s) }) },
    {
      name: "order",
      make: (s) => (x) =>
        ops.updateComponentOrder(x, {
          components: [{ id: anyComponent(s), menu_order: String(Math.floor(rand() * 500)) }],
        }),
    },
    {
      name: "content",
      make: (s) => (x) =>
        ops.setComponentContent(x, {
          id: anyComponent(s),
          section_content: { blocks: [{ type: "paragraph", data: { text: `t${rand()}` } }] },
        }),
    },
    {
      name: "fields",
      make: (s) => (x) =>
        ops.updateCustomFields(x, { id: anyComponent(s), custom_fields: { title: "T" } }),
    },
    {
      name: "type",
      make: (s) => (x) =>
        ops.changeComponentType(x, {
          id: anyComponent(s),
          component_id: pick(["sectionContent", "sectionHtml", "sectionForm", "sectionMenu"]),
          meta: { form_id: pick(s.forms).id, menu_id: pick(s.menus).id, html: "<p>x</p>" },
        }),
    },
    { name: "dupPage", make: (s) => (x) => ops.duplicatePage(x, { id: pick(s.pages).id }) },
    { name: "archive", make: (s) => (x) => ops.archivePage(x, { id: pick(s.pages).id }) },
    { name: "deletePage", make: (s) => (x) => ops.deletePage(x, { id: pick(s.pages).id }) },
    {
      name: "add",
      make: (s) => (x) =>
        ops.addComponent(x, sources, {
          type: pick(["page", "header", "footer", "secured"]),
          id: pick(s.pages).post_name,
          component_id: pick(["sectionContent", "templatePartial", "themePage"]),
          menu_order: String(Math.floor(rand() * 500)),
          theme_template_id: pick([null, 2]),
          source_theme_id: 5,
          theme_page_id: pick([1, 2]),
          auto_detach: rand() < 0.5,
          meta: { padding_top: String(Math.floor(rand() * 450)) },
        }),
    },
    {
      name: "createPage",
      make: (s) => (x) =>
        ops.createPageFromSource(x, sources, {
          theme_page_id: pick([1, 2]),
          theme_id: 5,
          version_id: 7,
          post_title: "Nieuw",
          url: `p-${s.pages.length}-${Math.floor(rand() * 5)}`,
          status: pick(["0", "1"]),
          use_theme_layout: rand() < 0.5,
        }),
    },
  ];
}

const outDirs: string[] = [];
afterAll(async () => {
  await Promise.all(outDirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("random operation sequences on the demo", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every step leaves a valid site, inputs stay untouched, the last one builds`, async () => {
      const rand = mulberry32(seed);
      const theme = deepFreeze(await loadSite("fixtures/themes/starter"));
      const menu = steps(rand, theme);
      let site = await demo();
      const log: string[] = [];
      let applied = 0;
      for (let i = 0; i < 30; i++) {
        const op = menu[Math.floor(rand() * menu.length)] as (typeof menu)[number];
        const input = site;
        const before = structuredClone(input);
        try {
          const { site: next, changes } = await op.make(site)(site);
          expect(collectSiteErrors(next), `seed ${seed}: ${log.join(" ")} ${op.name}`).toEqual({});
          expect(
            changes.added.length + changes.changed.length + changes.removed.length,
          ).toBeGreaterThan(0);
          site = deepFreeze(next);
          applied++;
          log.push(op.name);
        } catch (err) {
          // A refused request is fine (deleting the home page, unlinking an unlinked component);
          // anything that is not a request error is a bug.
          if (!(err instanceof SiteValidationError)) throw err;
          log.push(`(${op.name} refused)`);
        }
        // Deep-frozen inputs make an in-place edit throw; this also catches a replaced nested object.
        expect(input).toEqual(before);
      }
      expect(applied, log.join(" ")).toBeGreaterThan(10);
      const outDir = await mkdtemp(join(tmpdir(), "sw-ops-"));
      outDirs.push(outDir);
      const result = await buildSite(site, { outDir, assetsDir: join(DEMO, "assets"), workers: 1 });
      expect(result.pages).toBeGreaterThan(0);
    });
  }
});
