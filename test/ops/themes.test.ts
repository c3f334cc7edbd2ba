import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SitewrightError } from "../../src/errors.js";
import {
  addComponent,
  installTheme,
  loadTheme,
  type Theme,
  themeInstallPreview,
  uninstallTheme,
} from "../../src/ops/index.js";
import { readBundle } from "../../src/site/input-files.js";
import { asyncErrorsOf, deepFreeze, demo, errorsOf, withoutPositions } from "./helpers.js";

const STARTER = "fixtures/themes/starter";
let cached: Theme | undefined;
const starter = async () => {
  cached ??= deepFreeze(await loadTheme(STARTER));
  return cached;
};
const CHOICES = { pages: [{ id: 1, url: "starter", post_title: "Start" }, 2] };
const FROM = { theme_id: "5", version_id: "7", website_id: null };

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sw-theme-"));
  dirs.push(dir);
  return dir;
}

describe("loadTheme", () => {
  it("loads a theme directory with its identity and assets folder", async () => {
    const theme = await starter();
    expect(theme).toMatchObject({ id: "5", version_id: "7", name: "Starter" });
    expect(theme.assetsDir).toBe(join(STARTER, "assets"));
    expect(theme.site.pages.map((p) => p.post_name)).toEqual(["/", "offerte"]);
  });

  it("loads a bundle with a theme key, and reports a bad identity with the site's problems", async () => {
    const dir = await tempDir();
    const raw = (await readBundle(join(STARTER, "pages.json"))) as unknown[];
    const bundle = join(dir, "bundle.json");
    const forms = await readBundle(join(STARTER, "forms.json"));
    const templates = await readBundle(join(STARTER, "templates.json"));
    const site = { website: { id: 1, name: "T" }, pages: raw.slice(1, 2), forms, templates };
    await writeFile(bundle, JSON.stringify({ ...site, theme: { id: "9", version_id: 3 } }));
    expect(await loadTheme(bundle)).toMatchObject({
      id: "9",
      version_id: "3",
      name: "",
      assetsDir: null,
    });
    await writeFile(bundle, JSON.stringify({ ...site, forms: [], theme: { id: "9" } }));
    expect(await asyncErrorsOf(() => loadTheme(bundle))).toEqual({
      "theme.version_id": ["This field is required."],
      "pages[0].components[0].meta.form_id": ['Refers to form "1", which does not exist.'],
    });
    await writeFile(bundle, JSON.stringify({ website: { id: 1, name: "T" } }));
    expect(await asyncErrorsOf(() => loadTheme(bundle))).toEqual({
      theme: ["This field is required."],
    });
    await expect(loadTheme(dir)).rejects.toMatchObject({ code: "E_SITE_NOT_FOUND" });
    await expect(loadTheme(join(dir, "nowhere"))).rejects.toBeInstanceOf(SitewrightError);
  });
});

describe("themeInstallPreview", () => {
  it("lists what an installation would add and the home page clash", async () => {
    const preview = themeInstallPreview(await demo(), await starter());
    expect(preview).toEqual({
      theme: { id: "5", version_id: "7", name: "Starter" },
      pages: [
        { id: "1", post_title: "Home", url: "/", status: true },
        { id: "2", post_title: "Offerte", url: "/offerte/", status: true },
      ],
      structures: [{ id: "1", type: "nieuws", title: "Nieuws", url: "/nieuws/", posts: 1 }],
      layouts: [{ id: "1", name: "Starter" }],
      templates: [
        { id: "2", name: "Starter feature" },
        { id: "1", name: "Starter header" },
      ],
      assets: ["/assets/starter-hero.svg", "/assets/starter-news.svg"],
      clashes: { "pages[0].url": ['URL / is already used by page 1 "Home".'] },
    });
  });

  it("follows the choices and reports what only whole-site validation finds", async () => {
    const site = await demo();
    const ok = themeInstallPreview(site, await starter(), { ...CHOICES, structures: [] });
    expect(ok.pages.map((p) => p.url)).toEqual(["/starter/", "/offerte/"]);
    expect(ok.structures).toEqual([]);
    expect(ok.assets).toEqual(["/assets/starter-hero.svg"]);
    expect(ok.clashes).toEqual({});
    const blog = themeInstallPreview(site, await starter(), { pages: [{ id: 2, url: "blog" }] });
    expect(Object.keys(blog.clashes)).toEqual(["pages[0].url"]);
  });
});

describe("installTheme", () => {
  it("copies the chosen pages and structures with their layouts, templates and forms", async () => {
    const site = await demo();
    const { site: out, changes, assets, theme } = installTheme(site, await starter(), CHOICES);
    expect(theme).toEqual({ id: "5", version_id: "7", name: "Starter" });
    const [home, offerte] = out.pages.slice(-2);
    expect(home).toMatchObject({ id: "14", post_name: "starter", post_title: "Start" });
    expect(home?.source).toEqual({ ...FROM, id: "1" });
    expect(offerte).toMatchObject({ id: "15", post_name: "offerte", post_title: "Offerte" });
    const layout = out.layouts.at(-1);
    expect(layout).toMatchObject({ name: "Starter", source: { ...FROM, id: "1" } });
    // The theme's default layout dresses the page that names none.
    expect([home?.layout_id, offerte?.layout_id]).toEqual([layout?.id, layout?.id]);
    expect(out.forms.at(-1)).toMatchObject({ name: "Offerte", source: { ...FROM, id: "1" } });
    expect(offerte?.components[0]?.meta.form_id).toBe(out.forms.at(-1)?.id);
    const news = out.structures.at(-1);
    expect(news).toMatchObject({ id: "2", type: "nieuws", single_layout_id: layout?.id });
    expect(news?.posts.map((p) => p.image)).toEqual(["/assets/starter-news.svg"]);
    expect(assets).toEqual(["/assets/starter-hero.svg", "/assets/starter-news.svg"]);
    expect(changes.changed).toEqual([]);
    expect(changes.removed).toEqual([]);
    expect(changes.added.filter((k) => k.kind !== "component")).toEqual([
      { kind: "page", id: "14" },
      { kind: "template", id: "7" },
      { kind: "template", id: "8" },
      { kind: "layout", id: "3" },
      { kind: "page", id: "15" },
      { kind: "form", id: "2" },
      { kind: "structure", id: "2" },
    ]);
  });

  it("renames a structure, leaves out its posts and copies extra layouts and templates", async () => {
    const { site: out } = installTheme(await demo(), await starter(), {
      pages: [],
      structures: [{ id: 1, type: "actueel", url: "/actueel/" }],
      posts: "0",
      templates: [2],
    });
    expect(out.structures.at(-1)).toMatchObject({
      type: "actueel",
      url: "actueel",
      category_url: "actueel/category",
      posts: [],
    });
    expect(out.templates.slice(-2).map((t) => t.name)).toEqual([
      "Starter header",
      "Starter feature",
    ]);
  });

  it("reports clashes and unknown ids by choice path, and leaves the site alone", async () => {
    const site = await demo();
    const theme = await starter();
    expect(errorsOf(() => installTheme(site, theme))).toEqual({
      "pages[0].url": ['URL / is already used by page 1 "Home".'],
    });
    expect(
      errorsOf(() =>
        installTheme(site, theme, {
          pages: [9, { id: 2, url: "x", post_title: "t".repeat(256) }, { id: 1, url: "x" }, 2],
          structures: [{ id: 1, type: "blog", url: "over-ons" }],
          layouts: [9],
          templates: "1",
        }),
      ),
    ).toEqual({ templates: ["Must be an array."] });
    expect(
      errorsOf(() =>
        installTheme(site, theme, {
          pages: [9, { id: 2, url: "x", post_title: "t".repeat(256) }, { id: 1, url: "x" }, 2],
          structures: [{ id: 1, type: "blog", url: "over-ons" }],
          layouts: [9],
        }),
      ),
    ).toEqual({
      "pages[0]": ['Theme 5 has no page "9".'],
      "pages[1].post_title": ["Must be at most 255 characters."],
      "pages[2].url": ["URL /x/ is also chosen for pages[1]."],
      "pages[3]": ['"2" is listed twice.'],
      "structures[0].type": ['Type "blog" is already used by structure 1 "Blog".'],
      "structures[0].url": ['URL /over-ons/ is already used by page 2 "Over ons".'],
      "layouts[0]": ['Theme 5 has no layout "9".'],
    });
    expect(
      Object.keys(errorsOf(() => installTheme(site, theme, { pages: [{ id: 2, url: "blog" }] }))),
    ).toEqual(["pages[0].url"]);
    expect(
      errorsOf(() => installTheme(site, theme, { pages: [{ id: 2, status: "yes" }] })),
    ).toEqual({
      "pages[0].status": ["Must be 0, 1, true or false."],
    });
  });
});

describe("uninstallTheme", () => {
  it("removes everything that came from the theme and gives back the site it was", async () => {
    const site = await demo();
    const installed = deepFreeze(installTheme(site, await starter(), CHOICES).site);
    const { site: out, changes } = uninstallTheme(installed, 5);
    expect(withoutPositions(out)).toEqual(withoutPositions(site));
    expect(changes.added).toEqual([]);
    expect(changes.changed).toEqual([]);
    expect(changes.removed.map((k) => k.kind).sort()).toEqual([
      ...Array(4).fill("component"),
      "form",
      "layout",
      "page",
      "page",
      "structure",
      "template",
      "template",
    ]);
  });

  it("removes theme components from the site's own pages, marking the page changed", async () => {
    const site = await demo();
    const sources = { theme: () => starter() };
    const added = await addComponent(site, sources, {
      type: "page",
      id: "/",
      component_id: "themePage",
      menu_order: 1,
      source_theme_id: 5,
      theme_page_id: 1,
    });
    const { site: out, changes } = uninstallTheme(deepFreeze(added.site), "5");
    expect(withoutPositions(out)).toEqual(withoutPositions(site));
    expect(changes.changed).toEqual([{ kind: "page", id: "1" }]);
  });

  it("refuses while something that stays uses what would go, naming it", async () => {
    const site = await demo();
    const theme = await starter();
    const installed = deepFreeze(installTheme(site, theme, CHOICES).site);
    const linked = await addComponent(
      installed,
      { theme: () => theme },
      {
        type: "footer",
        id: "footer",
        component_id: "templatePartial",
        menu_order: 1,
        meta: { partial_partial: 7 },
      },
    );
    expect(errorsOf(() => uninstallTheme(deepFreeze(linked.site), 5))).toEqual({
      theme_id: [
        `Theme 5 cannot be uninstalled: Component ${linked.component.id} on the footer area uses its template 7.`,
      ],
    });
    expect(errorsOf(() => uninstallTheme(site, 5))).toEqual({
      theme_id: ["Nothing in this site came from theme 5."],
    });
    expect(errorsOf(() => uninstallTheme(site, " " as unknown as number))).toEqual({
      theme_id: ["This field is required."],
    });
  });
});
