import { describe, expect, it } from "vitest";
import { validateSite } from "../../src/site/validate.js";
import { expectValidationError, rawSite } from "./helpers.js";

describe("validateSite", () => {
  it("accepts a valid raw site", () => {
    const site = validateSite(rawSite());
    expect(site.pages.map((p) => p.post_name)).toEqual(["/", "about", "services/catering"]);
  });

  it("reports a schema violation at its index-based path with E_SITE_INVALID", () => {
    const raw = rawSite();
    raw.pages[0].components[0].meta.padding_top = "twenty";
    const err = expectValidationError(() => validateSite(raw));
    expect(err.code).toBe("E_SITE_INVALID");
    expect(err.errors["pages[0].components[0].meta.padding_top"]).toEqual(["Must be a number."]);
  });
});
