import { describe, expect, it } from "vitest";
import { validateSite } from "../../src/site/validate.js";
import { expectValidationError, rawSite } from "./helpers.js";

function errorsOf(raw: unknown) {
  const err = expectValidationError(() => validateSite(raw));
  expect(err.code).toBe("E_SITE_INVALID");
  return err.errors;
}

describe("seed 001 limits on pages", () => {
  it("post_title of 256 characters is an error at pages[i].post_title; 255 passes", () => {
    const raw = rawSite();
    raw.pages[1].post_title = "t".repeat(256);
    expect(errorsOf(raw)["pages[1].post_title"]).toEqual(["Must be at most 255 characters."]);
    raw.pages[1].post_title = "t".repeat(255);
    expect(validateSite(raw).pages[1]?.post_title).toHaveLength(255);
  });

  it("post_name and url of 501 characters are errors at their own paths; 500 passes", () => {
    const raw = rawSite();
    raw.pages[1].post_name = `a${"b".repeat(500)}`;
    raw.pages[2].url = `/${"c".repeat(500)}`;
    delete raw.pages[2].post_name;
    const errors = errorsOf(raw);
    expect(errors["pages[1].post_name"]).toEqual(["Must be at most 500 characters."]);
    expect(errors["pages[2].url"]).toEqual(["Must be at most 500 characters."]);
    // Segments stay at most 200 characters, the slug rule's own limit.
    const long = (c: string) => `${c.repeat(100)}/`.repeat(4) + c.repeat(96);
    raw.pages[1].post_name = long("b");
    raw.pages[2].url = long("c");
    const pages = validateSite(raw).pages;
    expect(long("b")).toHaveLength(500);
    expect(pages[1]?.post_name).toBe(long("b"));
  });
});

describe("component paddings are checked at input", () => {
  const message = "Must be a whole number of pixels from 0 to 400.";

  it.each([
    ["negative", -1],
    ["fractional", "12.5"],
    ["above 400", 401],
  ])("%s padding_top / padding_bottom is an error with its path", (_, value) => {
    const raw = rawSite();
    raw.pages[0].components[0].meta.padding_top = value;
    raw.pages[0].components[0].meta.padding_bottom = value;
    const errors = errorsOf(raw);
    expect(errors["pages[0].components[0].meta.padding_top"]).toEqual([message]);
    expect(errors["pages[0].components[0].meta.padding_bottom"]).toEqual([message]);
  });

  it("0 and 400 (as numbers or numeric text) pass", () => {
    const raw = rawSite();
    raw.pages[0].components[0].meta.padding_top = "0";
    raw.pages[0].components[0].meta.padding_bottom = 400;
    const meta = validateSite(raw).pages[0]?.components[0]?.meta;
    expect(meta?.padding_top).toBe(0);
    expect(meta?.padding_bottom).toBe(400);
  });
});
