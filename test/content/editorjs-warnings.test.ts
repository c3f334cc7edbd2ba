import { describe, expect, it } from "vitest";
import { isSitewrightError, type SitewrightError } from "../../src/errors.js";
import { createEditorJsRenderer } from "../../src/generator/content/editorjs.js";

const PATH = "pages[2].components[0].meta.section_content";

function collect() {
  const warnings: Array<{ message: string; path: string }> = [];
  const render = createEditorJsRenderer({
    onWarning: (message, path) => warnings.push({ message, path }),
  });
  return { render, warnings };
}

function strictError(data: unknown): SitewrightError {
  const render = createEditorJsRenderer({ strict: true });
  try {
    render(data as never, PATH);
  } catch (err) {
    if (isSitewrightError(err)) return err;
    throw err;
  }
  throw new Error("expected an E_CONTENT error");
}

const MALFORMED: Array<[string, unknown, RegExp]> = [
  ["an unknown type", { type: "carousel", data: {} }, /Unknown Editor\.js block type "carousel"/],
  ["a block without type", { data: { text: "x" } }, /has no type/],
  ["a block that is not an object", "paragraph", /has no type/],
  ["a block without data", { type: "paragraph" }, /"text" is not a string/],
  ["a block with list data", { type: "paragraph", data: ["x"] }, /"paragraph" has no data object/],
  ["a block with text data", { type: "paragraph", data: "x" }, /"paragraph" has no data object/],
  [
    "a paragraph without text",
    { type: "paragraph", data: { text: { x: 1 } } },
    /"text" is not a string/,
  ],
  [
    "a table without rows",
    { type: "table", data: { content: "a,b" } },
    /"content" is not an array/,
  ],
  ["a table with a bad row", { type: "table", data: { content: [["a"], "b"] } }, /"content\[1\]"/],
  ["a list without items", { type: "list", data: { style: "ordered" } }, /"items" is not an array/],
  [
    "an image with an unsafe URL",
    { type: "image", data: { url: "javascript:alert(1)" } },
    /no safe image URL/,
  ],
  [
    "an embed without URLs",
    { type: "embed", data: { service: "x" } },
    /no safe source or embed URL/,
  ],
  ["a linkTool without link", { type: "linkTool", data: { meta: {} } }, /no safe link URL/],
  ["an attachment without URL", { type: "attaches", data: { file: {} } }, /no safe file URL/],
  ["raw without html", { type: "raw", data: {} }, /"html" is not a string/],
];

describe("unknown and malformed blocks", () => {
  it.each(MALFORMED)(
    "warns about %s with the block's path and renders the rest",
    (_, bad, message) => {
      const { render, warnings } = collect();
      const html = render(
        {
          blocks: [
            { type: "paragraph", data: { text: "before" } },
            bad as never,
            { type: "delimiter", data: {} },
          ],
        },
        PATH,
      );
      expect(html).toBe('<p>before</p>\n<hr class="sw-delimiter">');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]?.message).toMatch(message);
      expect(warnings[0]?.path).toBe(`${PATH}.blocks[1]`);
    },
  );

  it.each(MALFORMED)("throws E_CONTENT for %s in strict mode", (_, bad, message) => {
    const err = strictError({ blocks: [{ type: "delimiter", data: {} }, bad] });
    expect(err.code).toBe("E_CONTENT");
    expect(err.message).toMatch(message);
    expect(err.message).toContain(`${PATH}.blocks[1]`);
    expect(err.details?.path).toBe(`${PATH}.blocks[1]`);
  });

  it("names the type in the error details", () => {
    expect(strictError({ blocks: [{ type: "carousel", data: {} }] }).details).toEqual({
      path: `${PATH}.blocks[0]`,
      type: "carousel",
    });
  });

  it("does not treat prototype keys as block types", () => {
    const { render, warnings } = collect();
    for (const type of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(render({ blocks: [{ type, data: {} }] }, PATH)).toBe("");
    }
    expect(warnings).toHaveLength(4);
  });

  it("reads missing data and PHP's empty array as an empty object", () => {
    const { render, warnings } = collect();
    const html = render(
      { blocks: [{ type: "delimiter" }, { type: "delimiter", data: [] }] } as never,
      PATH,
    );
    expect(html).toBe('<hr class="sw-delimiter">\n<hr class="sw-delimiter">');
    expect(warnings).toEqual([]);
  });

  it("works without an onWarning callback", () => {
    const render = createEditorJsRenderer();
    expect(render({ blocks: [{ type: "carousel", data: {} }] }, PATH)).toBe("");
  });
});

describe("unreadable documents", () => {
  it.each([
    ["malformed JSON", '{"blocks": [', /not valid JSON/],
    ["JSON without blocks", '{"time": 1}', /no blocks array/],
    ["an object without blocks", { time: 1 }, /no blocks array/],
    ["blocks that are not an array", { blocks: "x" }, /no blocks array/],
    ["a number", 42, /no blocks array/],
  ])("warns about %s at the document's path", (_, data, message) => {
    const { render, warnings } = collect();
    expect(render(data as never, PATH)).toBe("");
    expect(warnings).toEqual([{ message: expect.stringMatching(message), path: PATH }]);
  });

  it("throws E_CONTENT for malformed JSON in strict mode", () => {
    const err = strictError('{"blocks": [');
    expect(err.code).toBe("E_CONTENT");
    expect(err.details).toEqual({ path: PATH });
  });
});
