import { describe, expect, it } from "vitest";
import { createEditorJsRenderer } from "../../src/generator/content/editorjs.js";
import { sanitizeInlineHtml } from "../../src/generator/content/inline-html.js";
import { createOwnerHtmlSanitizer } from "../../src/generator/content/owner-html.js";
import { findXssProblems, URL_PAYLOADS, XSS_PAYLOADS } from "./xss-corpus.js";

type Place = (payload: string) => { type: string; data: Record<string, unknown> };

const PAYLOADS = [...XSS_PAYLOADS, ...URL_PAYLOADS];

/** Every field of every block type that untrusted text or URLs can reach. */
const PLACES: Record<string, Place> = {
  "paragraph text": (p) => ({ type: "paragraph", data: { text: p } }),
  "paragraph link href": (p) => ({ type: "paragraph", data: { text: `<a href="${p}">x</a>` } }),
  "paragraph link href (single quotes)": (p) => ({
    type: "paragraph",
    data: { text: `<a href='${p}' target="_blank">x</a>` },
  }),
  "paragraph link href (unquoted)": (p) => ({
    type: "paragraph",
    data: { text: `<a href=${p}>x</a>` },
  }),
  "marker class": (p) => ({ type: "paragraph", data: { text: `<mark class="${p}">m</mark>` } }),
  "header text": (p) => ({ type: "header", data: { text: p, level: 2 } }),
  "header level": (p) => ({ type: "header", data: { text: "t", level: p } }),
  "legacy list item": (p) => ({ type: "list", data: { style: "unordered", items: [p] } }),
  "nested list item": (p) => ({
    type: "list",
    data: { style: "ordered", items: [{ content: "a", items: [{ content: p, items: [] }] }] },
  }),
  "list 2.x meta": (p) => ({
    type: "list",
    data: {
      style: "ordered",
      meta: { start: p, counterType: p },
      items: [{ content: p, meta: {}, items: [] }],
    },
  }),
  "list 2.x checklist item": (p) => ({
    type: "list",
    data: { style: "checklist", items: [{ content: p, meta: { checked: true }, items: [] }] },
  }),
  "checklist text": (p) => ({ type: "checklist", data: { items: [{ text: p, checked: true }] } }),
  "quote text": (p) => ({ type: "quote", data: { text: p, caption: "c", alignment: p } }),
  "quote caption": (p) => ({ type: "quote", data: { text: "q", caption: p } }),
  "table cell": (p) => ({
    type: "table",
    data: {
      withHeadings: true,
      content: [
        [p, "h"],
        ["c", p],
      ],
    },
  }),
  "image file url": (p) => ({ type: "image", data: { file: { url: p }, caption: "c" } }),
  "image url": (p) => ({ type: "image", data: { url: p, caption: "c" } }),
  "image caption": (p) => ({ type: "image", data: { file: { url: "/i.png" }, caption: p } }),
  "image alt": (p) => ({ type: "image", data: { file: { url: "/i.png" }, alt: p } }),
  "image size": (p) => ({ type: "image", data: { file: { url: "/i.png", width: p, height: p } } }),
  "code text": (p) => ({ type: "code", data: { code: p, language: p } }),
  "embed url": (p) => ({
    type: "embed",
    data: { service: p, source: p, embed: p, width: p, height: 1 },
  }),
  "embed url on an allowed host": (p) => ({
    type: "embed",
    data: { service: "youtube", source: p, embed: `https://www.youtube.com/embed/${p}` },
  }),
  "embed caption": (p) => ({
    type: "embed",
    data: { service: "youtube", embed: "https://www.youtube.com/embed/x", caption: p },
  }),
  "warning title and message": (p) => ({ type: "warning", data: { title: p, message: p } }),
  "raw html": (p) => ({ type: "raw", data: { html: p } }),
  "raw html inside a div": (p) => ({ type: "raw", data: { html: `<div class="a">${p}</div>` } }),
  "linkTool link": (p) => ({ type: "linkTool", data: { link: p, meta: { title: "t" } } }),
  "linkTool meta": (p) => ({
    type: "linkTool",
    data: { link: "https://ok.test/", meta: { title: p, description: p, image: { url: p } } },
  }),
  "attaches url": (p) => ({
    type: "attaches",
    data: { file: { url: p, name: "f.pdf" }, title: "f" },
  }),
  "attaches names": (p) => ({
    type: "attaches",
    data: { file: { url: "/f.pdf", name: p, extension: p, size: p }, title: p },
  }),
};

describe("XSS corpus through the Editor.js renderer", () => {
  const render = createEditorJsRenderer();

  for (const [place, block] of Object.entries(PLACES)) {
    it(`renders every payload inert in ${place}`, () => {
      const failures: Array<{ payload: string; html: string; problems: string[] }> = [];
      for (const payload of PAYLOADS) {
        const html = render({ blocks: [block(payload) as never] }, "doc");
        const problems = findXssProblems(html);
        if (problems.length > 0) failures.push({ payload, html, problems });
      }
      expect(failures).toEqual([]);
    });
  }

  it("renders payloads inert in a document given as a JSON string", () => {
    for (const payload of PAYLOADS) {
      const json = JSON.stringify({ blocks: [PLACES["paragraph text"]?.(payload)] });
      expect(findXssProblems(render(json, "doc"))).toEqual([]);
    }
  });
});

describe("XSS corpus through the sanitizers directly", () => {
  const owner = createOwnerHtmlSanitizer();

  it.each(PAYLOADS)("inline sanitizer: %s", (payload) => {
    expect(findXssProblems(sanitizeInlineHtml(payload))).toEqual([]);
  });

  it.each(PAYLOADS)("owner sanitizer: %s", (payload) => {
    expect(findXssProblems(owner(payload))).toEqual([]);
  });

  it("keeps no handler, script or script URL from the mutation-XSS payloads", () => {
    const mxss = "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>";
    expect(sanitizeInlineHtml(mxss)).toBe("");
    expect(owner(mxss)).toBe("");
  });
});

describe("findXssProblems", () => {
  it.each([
    ["<script>alert(1)</script>", "raw <script in output"],
    ['<img src="x" onerror="alert(1)">', "<img onerror> handler"],
    ['<a href=" java\tscript:alert(1)">x</a>', '<a href> script URL: " java\\tscript:alert(1)"'],
    ['<a href="data:text/html,x">x</a>', '<a href> data URL: "data:text/html,x"'],
    ['<iframe src="https://evil.test/"></iframe>', '<iframe> with src "https://evil.test/"'],
    ['<p style="color:red">x</p>', "<p style> attribute"],
    ["<svg></svg>", "<svg> element"],
  ])("flags %s", (html, problem) => {
    expect(findXssProblems(html)).toContain(problem);
  });

  it("accepts escaped payloads and allow-listed frames", () => {
    const html =
      '<p>&lt;script&gt; " onmouseover="x</p><img src="data:image/png;base64,AA" alt="&quot; onerror=&quot;x">' +
      '<iframe src="https://www.youtube.com/embed/x" title="t"></iframe>';
    expect(findXssProblems(html)).toEqual([]);
  });
});
