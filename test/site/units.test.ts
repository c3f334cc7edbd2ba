import { describe, expect, it } from "vitest";
import { parseIdList } from "../../src/site/coerce.js";
import { COMPONENT_TYPES, isComponentType } from "../../src/site/component-types.js";
import { firstErrorOffset, parseJson } from "../../src/site/json-file.js";
import { normalizeSlug, pagePath, slugPath, slugProblem } from "../../src/site/slug.js";

describe("parseIdList", () => {
  it.each([
    ["3,5, 8", ["3", "5", "8"]],
    [" 3 , ,5,", ["3", "5"]],
    ["7", ["7"]],
    [7, ["7"]],
    [
      [1, "2", 2],
      ["1", "2"],
    ],
    ["", []],
    [null, []],
    [undefined, []],
  ])("parses %j", (input, expected) => {
    expect(parseIdList(input)).toEqual(expected);
  });

  it("throws on values that are not ids", () => {
    expect(() => parseIdList([{}])).toThrow(TypeError);
    expect(() => parseIdList(1.5)).toThrow(TypeError);
  });
});

describe("slugs", () => {
  it("normalizes and maps to paths", () => {
    expect(normalizeSlug("/")).toBe("/");
    expect(normalizeSlug("/a/b/")).toBe("a/b");
    expect(normalizeSlug("cafe\u0301")).toBe("caf\u00e9");
    expect(slugPath("/")).toBe("/");
    expect(slugPath("a/b")).toBe("/a/b/");
    expect(pagePath({ id: "1", post_name: "start" }, { homepage_id: "1" })).toBe("/");
    expect(pagePath({ id: "2", post_name: "a" }, { homepage_id: "1" })).toBe("/a/");
  });

  it("accepts ordinary slugs, including letters outside ASCII", () => {
    for (const ok of [
      "/",
      "",
      "about",
      "/a/b/",
      "café",
      "cafe\u0301",
      "2024/jaar-overzicht",
      "a.b",
    ]) {
      expect(slugProblem(ok), ok).toBeNull();
    }
  });

  it("refuses what the generator cannot turn into a folder: HTML characters, %, blanks, leading dots", () => {
    // Each of these used to pass validation and then fail the build with E_UNSAFE_PATH.
    for (const bad of ["caf%C3%A9", "..a", ".hidden", "a<b", 'a"b', "a'b", "a>b", "a b", "a`b"]) {
      expect(slugProblem(bad), bad).toMatch(/may hold only letters, digits/);
    }
  });
});

describe("component types", () => {
  it("lists the built-in types", () => {
    expect(COMPONENT_TYPES).toContain("sectionContent");
    expect(COMPONENT_TYPES).toContain("templatePartial");
    expect(isComponentType("sectionStructure")).toBe(true);
    expect(isComponentType("sectionCarousel")).toBe(false);
  });
});

describe("parseJson", () => {
  it("parses valid JSON and ignores a byte-order mark", () => {
    expect(parseJson('\ufeff{"a":1}')).toEqual({ value: { a: 1 } });
  });

  it.each([
    ['{"a":1,}', 1, 8],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ["", 1, 1],
    ['{\n"a": tru}', 2, 9],
    ["[1] x", 1, 5],
  ])("locates the error in %j at line %i, column %i", (text, line, column) => {
    const result = parseJson(text);
    expect(result).toHaveProperty("problem");
    if ("problem" in result)
      expect([result.problem.line, result.problem.column]).toEqual([line, column]);
  });

  it("finds no error offset in valid JSON", () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"],"b":{}}';
    expect(firstErrorOffset(text)).toBe(text.length);
  });
});
