import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { fieldValueProblem } from "../../src/site/check-custom-fields.js";
import { collectSiteErrors, validateSite } from "../../src/site/validate.js";
import { tempDir } from "../generator/helpers.js";
import { expectValidationError, rejection } from "./helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: the raw bundle is poked on purpose
const demo = (): Record<string, any> =>
  JSON.parse(readFileSync("fixtures/sites/demo-bundle.json", "utf8"));
// pages[4].components[1] is linked to the call-to-action template (id 5, field `url` of type url).
const CTA = "pages[4].components[1].custom_fields.url";

describe("custom-field values by declared type", () => {
  it.each([
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
  ])("a url field holding %j is E_SITE_INVALID at the component's custom_fields path", (url) => {
    const site = demo();
    site.pages[4].components[1].custom_fields.url = url;
    const err = expectValidationError(() => validateSite(site));
    expect(err.code).toBe("E_SITE_INVALID");
    expect(Object.keys(err.errors)).toEqual([CTA]);
    expect(err.errors[CTA]?.[0]).toMatch(/safe URL/);
  });

  it("accepts http(s), site paths, anchors, mailto: and tel: in url fields", () => {
    for (const url of [
      "https://x.example/a",
      "/contact/",
      "#top",
      "mailto:a@b.nl",
      "tel:+31201234567",
      "",
    ]) {
      const site = demo();
      site.pages[4].components[1].custom_fields.url = url;
      expect(collectSiteErrors(site), url).toEqual({});
    }
  });

  it("checks image fields (no data: images), defaults and area components", () => {
    const site = demo();
    site.pages[0].components[0].custom_fields.image = "data:image/png;base64,AAAA";
    site.templates[4].custom_fields[2].default = "javascript:alert(1)";
    site.templates.push({
      id: 90,
      name: "Badge",
      code: '<a href="{{ fields.link }}">{{ fields.mail }}</a>',
      custom_fields: [
        { name: "link", type: "url" },
        { name: "mail", type: "email" },
        { name: "size", type: "number" },
        { name: "tint", type: "color" },
      ],
    });
    site.areas.footer.push({
      id: 990,
      component_id: "templatePartial",
      template_id: 90,
      custom_fields: {
        link: "vbscript:x",
        mail: "not an address",
        size: "12px",
        tint: "red;background:url(x)",
      },
    });
    const errors = collectSiteErrors(site);
    const at = `areas.footer[${site.areas.footer.length - 1}].custom_fields`;
    expect(Object.keys(errors).sort()).toEqual(
      [
        "pages[0].components[0].custom_fields.image",
        "templates[4].custom_fields[2].default",
        `${at}.link`,
        `${at}.mail`,
        `${at}.size`,
        `${at}.tint`,
      ].sort(),
    );
  });

  it("leaves free-form types alone and treats blank values as unset", () => {
    expect(fieldValueProblem("text", "javascript:alert(1)")).toBeNull();
    expect(fieldValueProblem("repeater", [{ url: "x" }])).toBeNull();
    expect(fieldValueProblem("url", null)).toBeNull();
    expect(fieldValueProblem("URL", "  ")).toBeNull();
    expect(fieldValueProblem("number", 4)).toBeNull();
    expect(fieldValueProblem("url", 4)).toMatch(/URL/);
  });

  it("a build of the demo with a javascript: call-to-action fails before writing anything", async () => {
    const site = demo();
    site.pages[4].components[1].custom_fields.url = "javascript:alert(document.cookie)";
    const out = join(tempDir("sw-cf-"), "out");
    const err = await rejection(
      buildSite(site, { outDir: out, assetsDir: "fixtures/sites/demo/assets" }),
    );
    expect(err.code).toBe("E_SITE_INVALID");
    expect(Object.keys((err as { errors?: object }).errors ?? {})).toEqual([CTA]);
    expect(existsSync(out)).toBe(false);
  });
});
