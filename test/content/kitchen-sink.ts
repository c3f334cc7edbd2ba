/** An Editor.js document using every block type and shape the renderer supports (for tests and benchmarks). */

import type { EditorJsBlock, EditorJsData } from "../../src/site/types.js";

/** Every block type, including the three list shapes, in an order html-validate's heading rules accept. */
export const KITCHEN_SINK_BLOCKS: EditorJsBlock[] = [
  { type: "header", data: { text: "Welcome to <i>our</i> site", level: 2 } },
  {
    type: "paragraph",
    data: {
      text:
        'We <b>build</b> <i>things</i> &amp; <a href="https://example.com/?a=1&amp;b=2" target="_blank">link</a>.' +
        ' <mark class="cdx-marker">Marked</mark>, <code class="inline-code">code</code>,' +
        ' <u class="cdx-underline">under</u><br>next line&nbsp;&mdash; <s>old</s> x<sup>2</sup> H<sub>2</sub>O',
    },
  },
  {
    type: "paragraph",
    data: { text: "Centered" },
    tunes: { alignmentTune: { alignment: "center" } },
  },
  {
    type: "paragraph",
    data: { text: 'Call <a href="tel:+41 44 123 45 67">+41 44 123-45-67</a> today.' },
  },
  { type: "header", data: { text: "Lists", level: 3 } },
  { type: "list", data: { style: "unordered", items: ["Legacy <b>one</b>", "Legacy two"] } },
  {
    type: "list",
    data: {
      style: "ordered",
      items: [
        { content: "Nested 1", items: [{ content: "Nested 1.1", items: [] }] },
        { content: "Nested 2", items: [] },
      ],
    },
  },
  {
    type: "list",
    data: {
      style: "ordered",
      meta: { start: 4, counterType: "lower-alpha" },
      items: [{ content: "Four", meta: {}, items: [] }],
    },
  },
  {
    type: "list",
    data: {
      style: "checklist",
      meta: {},
      items: [
        {
          content: "Done",
          meta: { checked: true },
          items: [{ content: "Sub-task", meta: { checked: false }, items: [] }],
        },
        { content: "Todo", meta: { checked: false }, items: [] },
      ],
    },
  },
  {
    type: "checklist",
    data: {
      items: [
        { text: 'Milk from <a href="/shop">the shop</a>', checked: true },
        { text: "Eggs", checked: false },
      ],
    },
  },
  {
    type: "image",
    data: {
      file: { url: "https://cdn.example.com/photo.jpg", width: 1200, height: 800 },
      caption: "A <b>photo</b> &amp; more",
      withBorder: true,
      stretched: true,
      withBackground: true,
    },
  },
  { type: "image", data: { url: "/assets/plain.png", caption: "" } },
  {
    type: "quote",
    data: { text: "Simplicity is<br>the soul", caption: "Someone", alignment: "center" },
  },
  { type: "code", data: { code: 'const a = "<b>";  \nif (a < b && c > d) {}\n' } },
  { type: "delimiter", data: {} },
  {
    type: "table",
    data: {
      withHeadings: true,
      content: [
        ["Name", "Price"],
        ["<b>Tea</b>", "3 &euro;"],
        ["Coffee", ""],
      ],
    },
  },
  { type: "table", data: { withHeadings: false, content: [["a", "b"]] } },
  {
    type: "embed",
    data: {
      service: "youtube",
      source: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      embed: "https://www.youtube.com/embed/dQw4w9WgXcQ",
      width: 580,
      height: 320,
      caption: "Video",
    },
  },
  {
    type: "embed",
    data: { service: "vimeo", embed: "https://player.vimeo.com/video/1", width: 580, height: 320 },
  },
  {
    type: "embed",
    data: {
      service: "other",
      source: "https://other.example/v/1",
      embed: "https://other.example/e/1",
    },
  },
  { type: "warning", data: { title: "Heads up", message: "Read <i>this</i>" } },
  {
    type: "raw",
    data: {
      html:
        '<section class="hero" id="hero"><h3>Owner HTML</h3><p>Text <a href="/x" target="_blank">x</a></p>' +
        '<img src="/a.png"><iframe src="https://www.youtube.com/embed/x"></iframe>' +
        "<table><tr><td>cell</td></tr></table><ul><li>a<li>b</ul></section>",
    },
  },
  {
    type: "linkTool",
    data: {
      link: "https://example.com/article",
      meta: {
        title: "An article",
        description: "About things",
        image: { url: "https://example.com/og.png" },
      },
    },
  },
  {
    type: "attaches",
    data: {
      file: {
        url: "https://cdn.example.com/report.pdf",
        name: "report.pdf",
        size: 204800,
        extension: "pdf",
      },
      title: "Report",
    },
  },
];

/** The kitchen-sink blocks as an Editor.js document. */
export const KITCHEN_SINK: EditorJsData = {
  time: 1594475302702,
  version: "2.28.0",
  blocks: KITCHEN_SINK_BLOCKS,
};
