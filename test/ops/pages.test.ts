import { describe, expect, it } from "vitest";
import { archivePage, deletePage, duplicatePage } from "../../src/ops/index.js";
import { demo, errorsOf } from "./helpers.js";

describe("duplicatePage", () => {
  it("copies the page and its components with fresh ids as a draft after the original", async () => {
    const site = await demo();
    const { site: out, changes } = duplicatePage(site, { id: 2 });
    const copy = out.pages[2];
    expect(copy).toMatchObject({
      post_title: "Over ons (copy)",
      post_name: "over-ons-copy",
      status: false,
    });
    expect(copy?.components).toHaveLength(1);
    expect(copy?.components[0]?.id).not.toBe("201");
    expect(copy?.components[0]?.meta).toEqual(site.pages[1]?.components[0]?.meta);
    expect(changes.added).toEqual([
      { kind: "page", id: copy?.id },
      { kind: "component", id: copy?.components[0]?.id, in: { kind: "page", id: copy?.id } },
    ]);
    // A second copy gets the next free URL.
    expect(duplicatePage(out, { id: 2 }).site.pages[2]?.post_name).toBe("over-ons-copy-2");
  });

  it("takes a title and URL, and checks them", async () => {
    const site = await demo();
    const { site: out } = duplicatePage(site, { id: 1, post_title: "Start", url: "/start/" });
    expect(out.pages[1]).toMatchObject({ post_title: "Start", post_name: "start" });
    expect(errorsOf(() => duplicatePage(site, { id: 1, url: "/contact/" }))).toEqual({
      url: ['URL /contact/ is already used by page 8 "Contact".'],
    });
    expect(
      Object.keys(
        errorsOf(() =>
          duplicatePage(site, { id: 1, post_title: "x".repeat(256), url: "y".repeat(501) }),
        ),
      ),
    ).toEqual(["url", "post_title"]);
    expect(Object.keys(errorsOf(() => duplicatePage(site, { id: 1, url: "a/../b" })))).toEqual([
      "url",
    ]);
    expect(Object.keys(errorsOf(() => duplicatePage(site, { id: 1, url: "sitemap.xml" })))).toEqual(
      ["url"],
    );
    expect(Object.keys(errorsOf(() => duplicatePage(site, { id: 404 })))).toEqual(["id"]);
  });
});

describe("archivePage", () => {
  it("turns a page into a draft", async () => {
    const site = await demo();
    const { site: out, changes } = archivePage(site, { id: 12 });
    expect(out.pages[11]?.status).toBe(false);
    expect(changes).toEqual({ added: [], changed: [{ kind: "page", id: "12" }], removed: [] });
  });

  it("refuses drafts and pages that menus point at", async () => {
    const site = await demo();
    expect(errorsOf(() => archivePage(site, { id: 13 })).id).toEqual([
      'Page 13 "Kerstactie" is already a draft.',
    ]);
    expect(errorsOf(() => archivePage(site, { id: 9 })).id).toEqual([
      'Page 9 "Vacatures" cannot be archived: Menu 2 "Footermenu" links to it in item "Vacatures".',
    ]);
  });
});

describe("deletePage", () => {
  it("removes the page and names its components as removed", async () => {
    const site = await demo();
    const { site: out, changes } = deletePage(site, { id: 13 });
    expect(out.pages.map((p) => p.id)).not.toContain("13");
    expect(changes.removed).toEqual([
      { kind: "page", id: "13" },
      { kind: "component", id: "1301", in: { kind: "page", id: "13" } },
    ]);
  });

  it("refuses while menus or the home page point at it, naming them", async () => {
    const site = await demo();
    expect(errorsOf(() => deletePage(site, { id: 1 })).id).toEqual([
      'Page 1 "Home" cannot be deleted: Menu 1 "Hoofdmenu" links to it in item "Home".',
      'Page 1 "Home" cannot be deleted: It is the home page (URL /).',
    ]);
    expect(errorsOf(() => deletePage(site, { id: 4 })).id).toEqual([
      'Page 4 "Brood" cannot be deleted: Menu 1 "Hoofdmenu" links to it in item "Brood".',
    ]);
    const homed = {
      ...site,
      website: { ...site.website, homepage_id: "12", not_found_page_id: "12" },
    };
    expect(errorsOf(() => deletePage(homed, { id: 12 })).id).toEqual([
      'Page 12 "Bedankt" cannot be deleted: The website\'s homepage_id points to it.',
      'Page 12 "Bedankt" cannot be deleted: The website\'s not_found_page_id points to it.',
    ]);
    expect(Object.keys(errorsOf(() => deletePage(site, { id: "x" })))).toEqual(["id"]);
  });
});
