import { describe, expect, it } from "vitest";
import { isSitewrightError } from "../../../src/errors.js";
import { checkResults } from "../../../src/generator/render/reply-check.js";

const good = (id: number) => ({
  id,
  html: new Uint8Array([60, 112, 62]),
  index: { url: "/", title: "Home", lastmod: null, indexable: true, excerpt: "" },
  warnings: [{ message: "m", path: "pages[0]" }],
  utilities: ["pt-10"],
  images: ["a.jpg"],
  imageProblems: [],
});

function refused(results: unknown, ids: number[]) {
  try {
    checkResults(results, ids);
  } catch (err) {
    return isSitewrightError(err, "E_RENDER_LIMIT");
  }
  return false;
}

describe("answers of a render process are checked like input", () => {
  it("accepts well-formed results for the tasks in flight, in order", () => {
    expect(checkResults([good(3), good(4)], [3, 4, 5])).toHaveLength(2);
  });

  it.each([
    ["not a list", { 0: good(3) }],
    ["more results than tasks", [good(3), good(4)]],
    ["another task's id", [good(9)]],
    ["HTML as a string", [{ ...good(3), html: "<p>" }]],
    ["a warning without a path", [{ ...good(3), warnings: [{ message: "m" }] }]],
    ["a utility that is not a string", [{ ...good(3), utilities: [{}] }]],
    ["an index without a title", [{ ...good(3), index: { url: "/" } }]],
  ])("refuses %s with E_RENDER_LIMIT", (_what, results) => {
    expect(refused(results, [3])).toBe(true);
  });
});
