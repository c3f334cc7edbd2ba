import { describe, expect, it } from "vitest";
import { collectSiteErrors, validateSite } from "../../src/site/validate.js";
import { demo } from "./helpers.js";

type Row = Record<string, unknown> & { components: Row[] };
/** The demo as raw, writable rows. */
const rawDemo = async () => structuredClone(await demo()) as unknown as Record<string, Row[]>;

describe("the source field of cloned entities", () => {
  it("is kept on every entity kind that can be cloned, and absent when not given", async () => {
    const raw = await rawDemo();
    const from = { theme_id: 5, version_id: "7", id: 2 };
    for (const list of ["templates", "layouts", "menus", "forms", "blocks", "structures", "pages"])
      (raw[list]?.[0] as Row).source = from;
    (raw.pages?.[0]?.components[0] as Row).source = { website_id: 1, id: 101 };
    const site = validateSite(raw);
    const expected = { theme_id: "5", version_id: "7", website_id: null, id: "2" };
    for (const list of [
      site.templates,
      site.layouts,
      site.menus,
      site.forms,
      site.blocks,
      site.structures,
      site.pages,
    ])
      expect(list[0]?.source).toEqual(expected);
    expect(site.pages[0]?.components[0]?.source).toEqual({
      theme_id: null,
      version_id: null,
      website_id: "1",
      id: "101",
    });
    expect("source" in (site.templates[1] ?? {})).toBe(false);
    expect(validateSite(site)).toEqual(site);
  });

  it("needs an id and a theme or website", async () => {
    const raw = await rawDemo();
    const first = (list: string) => raw[list]?.[0] as Row;
    first("templates").source = { id: 2 };
    first("layouts").source = { theme_id: 5 };
    (first("pages").components[0] as Row).source = { website_id: 1, version_id: 3, id: 1 };
    first("forms").source = "theme 5";
    expect(collectSiteErrors(raw)).toEqual({
      "templates[0].source.theme_id": ["Name the theme_id or the website_id it was copied from."],
      "layouts[0].source.id": ["This field is required."],
      "pages[0].components[0].source.theme_id": ["A version_id needs its theme_id."],
      "forms[0].source": ["Invalid input: expected object, received string"],
    });
  });
});
