import { describe, expect, it } from "vitest";
import { createEditorJsRenderer } from "../../src/generator/content/editorjs.js";

const render = createEditorJsRenderer({ strict: true });

function list(data: Record<string, unknown>, type = "list") {
  return render({ blocks: [{ type, data }] }, "doc");
}

describe("legacy lists (items are strings)", () => {
  it("renders unordered and ordered lists with inline markup", () => {
    expect(list({ style: "unordered", items: ["One", "<b>Two</b>"] })).toBe(
      "<ul><li>One</li><li><b>Two</b></li></ul>",
    );
    expect(list({ style: "ordered", items: ["A", "B"] })).toBe("<ol><li>A</li><li>B</li></ol>");
  });

  it("treats an unknown style as unordered, skips non-text items, keeps empty object items", () => {
    expect(list({ style: "weird", items: ["x", null, 3, { nope: true }] })).toBe(
      "<ul><li>x</li><li>3</li><li></li></ul>",
    );
  });

  it("renders nothing for an empty list", () => {
    expect(list({ style: "ordered", items: [] })).toBe("");
  });
});

describe("nested lists (Editor.js 2.x / @editorjs/nested-list: { content, items })", () => {
  it("nests sub-lists inside their item, inheriting the style", () => {
    expect(
      list({
        style: "ordered",
        items: [
          { content: "1", items: [{ content: "1.1", items: [{ content: "1.1.1", items: [] }] }] },
          { content: "2", items: [] },
        ],
      }),
    ).toBe("<ol><li>1<ol><li>1.1<ol><li>1.1.1</li></ol></li></ol></li><li>2</li></ol>");
  });

  it("accepts the nestedList block name", () => {
    expect(list({ style: "unordered", items: [{ content: "n", items: [] }] }, "nestedList")).toBe(
      "<ul><li>n</li></ul>",
    );
  });

  it("stops at a depth no editor produces", () => {
    let item: Record<string, unknown> = { content: "deep", items: [] };
    for (let i = 0; i < 50; i++) item = { content: `l${i}`, items: [item] };
    const html = list({ style: "unordered", items: [item] });
    expect(html.match(/<ul>/g)?.length).toBe(12);
    expect(html).not.toContain("deep");
  });
});

describe("@editorjs/list 2.x ({ style, meta, items: [{ content, meta, items }] })", () => {
  it("renders start and counter type on ordered lists", () => {
    expect(
      list({
        style: "ordered",
        meta: { start: 3, counterType: "upper-roman" },
        items: [
          { content: "c", meta: {}, items: [{ content: "c.1", meta: {}, items: [] }] },
          { content: "d", meta: {}, items: [] },
        ],
      }),
    ).toBe('<ol start="3" type="I"><li>c<ol><li>c.1</li></ol></li><li>d</li></ol>');
    expect(
      list({ style: "ordered", meta: { start: 1, counterType: "numeric" }, items: ["x"] }),
    ).toBe("<ol><li>x</li></ol>");
    expect(list({ style: "ordered", meta: { start: -4, counterType: "evil" }, items: ["x"] })).toBe(
      "<ol><li>x</li></ol>",
    );
  });

  it("renders a nested checklist with checked states", () => {
    expect(
      list({
        style: "checklist",
        meta: {},
        items: [
          {
            content: "Done",
            meta: { checked: true },
            items: [{ content: "Sub", meta: { checked: false }, items: [] }],
          },
          { content: "Todo", meta: { checked: false }, items: [] },
        ],
      }),
    ).toBe(
      '<ul class="sw-checklist">' +
        '<li class="sw-checklist__item sw-checklist__item--checked"><label><input type="checkbox" disabled checked> Done</label>' +
        '<ul class="sw-checklist"><li class="sw-checklist__item"><label><input type="checkbox" disabled> Sub</label></li></ul></li>' +
        '<li class="sw-checklist__item"><label><input type="checkbox" disabled> Todo</label></li></ul>',
    );
  });
});

describe("checklist block (@editorjs/checklist: { items: [{ text, checked }] })", () => {
  it("renders checked and unchecked items", () => {
    expect(
      list(
        {
          items: [
            { text: "Milk", checked: true },
            { text: "<i>Eggs</i>", checked: false },
          ],
        },
        "checklist",
      ),
    ).toBe(
      '<ul class="sw-checklist">' +
        '<li class="sw-checklist__item sw-checklist__item--checked"><label><input type="checkbox" disabled checked> Milk</label></li>' +
        '<li class="sw-checklist__item"><label><input type="checkbox" disabled> <i>Eggs</i></label></li></ul>',
    );
  });

  it("renders nothing without items", () => {
    expect(list({ items: [] }, "checklist")).toBe("");
  });
});
