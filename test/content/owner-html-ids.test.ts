import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { createOwnerHtmlSanitizer } from "../../src/generator/content/owner-html.js";
import { tempDir } from "../generator/helpers.js";
import { rawSite } from "../site/helpers.js";

const sanitize = createOwnerHtmlSanitizer();

describe("owner ids stay out of the engine's namespace", () => {
  it("drops sw-*, main, c-<id> and f<id>-* ids and keeps the owner's own", () => {
    expect(sanitize('<p id="sw-consent">x</p>')).toBe("<p>x</p>");
    expect(sanitize('<div id="SW-tracking">x</div>')).toBe("<div>x</div>");
    expect(sanitize('<div id="main">x</div>')).toBe("<div>x</div>");
    expect(sanitize('<div id="c-12">x</div>')).toBe("<div>x</div>");
    expect(sanitize('<input id="f21-email">')).toBe("");
    expect(sanitize('<span id="f21-email">x</span>')).toBe("<span>x</span>");
    expect(sanitize('<h2 id="team">x</h2>')).toBe('<h2 id="team">x</h2>');
  });

  it('an owner <p id="sw-consent"> in the header cannot stand in for the cookie banner', async () => {
    const site = rawSite();
    site.website.customization = {
      cookie_consent: { enabled: 1, message: "Cookies?" },
      tracking_code: "<script>track()</script>",
    };
    site.areas = {
      header: [
        {
          id: 70,
          component_id: "sectionHtml",
          meta: {
            html: '<p id="sw-consent">fake <button data-accept>ok</button></p><div id="sw-tracking">t</div>',
          },
        },
      ],
    };
    site.pages[0].components.push({
      id: 71,
      component_id: "sectionContent",
      meta: {
        section_content: {
          blocks: [{ type: "raw", data: { html: '<div id="sw-consent">raw</div>' } }],
        },
      },
    });
    const out = join(tempDir("sw-ids-"), "out");
    await buildSite(site, { outDir: out });
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toContain("fake");
    expect(html).toContain("raw");
    expect(html.match(/id="sw-consent"/g)).toEqual(['id="sw-consent"']);
    expect(html).toMatch(/<div id="sw-consent" class="sw-consent"/);
    expect(html.match(/id="sw-tracking"/g)).toEqual(['id="sw-tracking"']);
  });
});
