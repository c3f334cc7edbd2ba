/**
 * Properties of the site operations (fast-check): any sequence of operations on the demo leaves
 * a site that validateSite accepts at every step and buildSite builds (with the assets the
 * clones carried over), no operation changes its input, and export then import into a site
 * without those ids gives the same document back. SITEWRIGHT_PROPERTY_RUNS sets how many
 * sequences run (3 by default: each ends in a build).
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { SiteValidationError } from "../../src/errors.js";
import { buildSite } from "../../src/generator/build.js";
import * as ops from "../../src/ops/index.js";
import type { Site } from "../../src/site/types.js";
import { collectSiteErrors, validateSite } from "../../src/site/validate.js";
import { DEMO, deepFreeze, demo, withoutPositions } from "./helpers.js";

type Result = ops.OpResult & { assets?: string[] };
type Pick = <T>(list: readonly T[]) => T;
interface Step {
  name: string;
  run: (site: Site, pick: Pick, theme: ops.Theme) => Result | Promise<Result>;
}

const allComponents = (site: Site) => [
  ...site.pages.flatMap((p) => p.components),
  ...Object.values(site.areas).flat(),
];
const anyComponent = (site: Site, pick: Pick) => pick(allComponents(site)).id;
const order = (pick: Pick) => String(pick([1, 50, 120, 260, 499]));

const STEPS: Step[] = [
  { name: "unlink", run: (s, p) => ops.unlinkComponent(s, { id: anyComponent(s, p) }) },
  { name: "convert", run: (s, p) => ops.convertToTemplate(s, { id: anyComponent(s, p) }) },
  { name: "duplicate", run: (s, p) => ops.duplicateComponent(s, { id: anyComponent(s, p) }) },
  { name: "delete", run: (s, p) => ops.deleteComponent(s, { id: anyComponent(s, p) }) },
  {
    name: "order",
    run: (s, p) =>
      ops.updateComponentOrder(s, {
        components: [{ id: anyComponent(s, p), menu_order: order(p) }],
      }),
  },
  {
    name: "content",
    run: (s, p) =>
      ops.setComponentContent(s, {
        id: anyComponent(s, p),
        section_content: { blocks: [{ type: "paragraph", data: { text: p(["a", "<b>b</b>"]) } }] },
      }),
  },
  {
    name: "fields",
    run: (s, p) =>
      ops.updateCustomFields(s, { id: anyComponent(s, p), custom_fields: { title: "T" } }),
  },
  {
    name: "type",
    run: (s, p) =>
      ops.changeComponentType(s, {
        id: anyComponent(s, p),
        component_id: p(["sectionContent", "sectionHtml", "sectionForm", "sectionMenu"]),
        meta: { form_id: p(s.forms).id, menu_id: p(s.menus).id, html: "<p>x</p>" },
      }),
  },
  { name: "dupPage", run: (s, p) => ops.duplicatePage(s, { id: p(s.pages).id }) },
  { name: "archive", run: (s, p) => ops.archivePage(s, { id: p(s.pages).id }) },
  { name: "deletePage", run: (s, p) => ops.deletePage(s, { id: p(s.pages).id }) },
  {
    name: "add",
    run: (s, p, theme) =>
      ops.addComponent(
        s,
        { theme: () => theme, website: () => theme.site },
        {
          type: p(["page", "header", "footer", "secured"]),
          id: p(s.pages).post_name,
          component_id: p(["sectionContent", "templatePartial", "themePage"]),
          menu_order: order(p),
          theme_template_id: p([null, 2]),
          source_theme_id: 5,
          theme_page_id: p([1, 2]),
          auto_detach: p([true, false]),
          meta: { padding_top: p(["0", "20", "400"]) },
        },
      ),
  },
  {
    name: "createPage",
    run: (s, p, theme) =>
      ops.createPageFromSource(
        s,
        { theme: () => theme },
        {
          theme_page_id: p([1, 2]),
          theme_id: 5,
          version_id: 7,
          post_title: "Nieuw",
          url: `p-${s.pages.length}-${p([1, 2, 3])}`,
          status: p(["0", "1"]),
          use_theme_layout: p([true, false]),
        },
      ),
  },
  {
    name: "install",
    run: (s, p, theme) =>
      ops.installTheme(s, theme, {
        pages: [{ id: p([1, 2]), url: `t-${s.pages.length}` }],
        structures: p([
          [],
          [{ id: 1, type: `n${s.structures.length}`, url: `n${s.structures.length}` }],
        ]),
        posts: p([true, false]),
      }),
  },
  { name: "uninstall", run: (s) => ops.uninstallTheme(s, 5) },
];

/** One step: which operation, and the numbers its choices are made from. */
const stepArb = fc.record({
  op: fc.nat({ max: STEPS.length - 1 }),
  picks: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
});

function picker(numbers: readonly number[]): Pick {
  let i = 0;
  return <T>(list: readonly T[]) => list[(numbers[i++ % numbers.length] ?? 0) % list.length] as T;
}

const EMPTY = validateSite({ website: { id: 1, name: "Leeg" } });

const outDirs: string[] = [];
afterAll(async () => {
  await Promise.all(outDirs.map((d) => rm(d, { recursive: true, force: true })));
});

const RUNS = Number(process.env.SITEWRIGHT_PROPERTY_RUNS ?? 3);

describe("operation sequences on the demo (fast-check)", () => {
  it("keep the site valid, never touch their inputs, round-trip exports and build", {
    timeout: 30_000 + RUNS * 5_000,
  }, async () => {
    const theme = deepFreeze(await ops.loadTheme("fixtures/themes/starter"));
    const start = await demo();
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 15, maxLength: 25 }), async (steps) => {
        let site = start;
        const log: string[] = [];
        const assets = new Set<string>();
        for (const { op, picks } of steps) {
          const step = STEPS[op] as Step;
          const input = site;
          const before = structuredClone(input);
          try {
            const result = await step.run(site, picker(picks), theme);
            expect(collectSiteErrors(result.site), `${log.join(" ")} ${step.name}`).toEqual({});
            const { added, changed, removed } = result.changes;
            // An empty summary is only honest for a no-op (an order set to what it was).
            if (added.length + changed.length + removed.length === 0)
              expect(withoutPositions(result.site), step.name).toEqual(withoutPositions(input));
            for (const a of result.assets ?? []) assets.add(a);
            site = deepFreeze(result.site);
            log.push(step.name);
          } catch (err) {
            // A refused request is fine (deleting the home page, unlinking an unlinked
            // component); anything that is not a request error is a bug.
            if (!(err instanceof SiteValidationError)) throw err;
            log.push(`(${step.name} refused)`);
          }
          // Frozen inputs make in-place edits throw; this also catches a replaced nested object.
          expect(input).toEqual(before);
        }

        const page = site.pages[steps.length % site.pages.length] as Site["pages"][number];
        const document = ops.exportPage(site, { id: page.id });
        // A page that lists a structure's posts cannot go into a site without that structure:
        // the import must say so by path, and otherwise give the same document back.
        const listings = page.components.filter((c) => typeof c.meta.structure === "string");
        try {
          const imported = ops.importPage(EMPTY, { document });
          expect(listings).toEqual([]);
          expect(ops.exportPage(imported.site, { id: page.id })).toEqual(document);
        } catch (err) {
          if (!(err instanceof SiteValidationError) || listings.length === 0) throw err;
          for (const path of Object.keys(err.errors)) expect(path).toMatch(/\.meta\.structure$/);
        }

        const outDir = await mkdtemp(join(tmpdir(), "sw-ops-"));
        outDirs.push(outDir);
        const assetsDir = join(outDir, "assets-in");
        await cp(join(DEMO, "assets"), assetsDir, { recursive: true });
        const copy = await ops.copyAssets([...assets], theme.assetsDir, assetsDir);
        expect(copy.conflicts.concat(copy.missing, copy.refused)).toEqual([]);
        const result = await buildSite(site, {
          outDir: join(outDir, "out"),
          assetsDir,
          workers: 1,
        });
        expect(result.pages, log.join(" ")).toBeGreaterThan(0);
      }),
      // No shrinking: each run ends in a build, so shrinking outlasts the timeout and hides the
      // failure; the reported seed and path replay it.
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});
