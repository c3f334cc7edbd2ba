import { describe, expect, it } from "vitest";
import { createEditorJsRenderer } from "../../src/generator/content/editorjs.js";

const render = createEditorJsRenderer({ strict: true });

function block(type: string, data: Record<string, unknown>, tunes?: Record<string, unknown>) {
  return render({ blocks: [{ type, data, ...(tunes ? { tunes } : {}) }] }, "doc");
}

describe("Editor.js text blocks", () => {
  it("renders a paragraph with its inline markup", () => {
    expect(block("paragraph", { text: 'Hi <b>there</b>, <a href="/x">x</a> &amp; co' })).toBe(
      '<p>Hi <b>there</b>, <a href="/x">x</a> &amp; co</p>',
    );
  });

  it("keeps an empty paragraph and aligns one from data or the alignment tune", () => {
    expect(block("paragraph", { text: "" })).toBe("<p></p>");
    expect(block("paragraph", { text: "c", alignment: "center" })).toBe(
      '<p class="sw-align-center">c</p>',
    );
    expect(block("paragraph", { text: "r" }, { alignmentTune: { alignment: "right" } })).toBe(
      '<p class="sw-align-right">r</p>',
    );
  });

  it("renders headers with the level clamped to 1–6 and skips empty ones", () => {
    expect(block("header", { text: "Title", level: 3 })).toBe("<h3>Title</h3>");
    expect(block("header", { text: "Big", level: 0 })).toBe("<h1>Big</h1>");
    expect(block("header", { text: "Small", level: 9 })).toBe("<h6>Small</h6>");
    expect(block("header", { text: "Str", level: "4" })).toBe("<h4>Str</h4>");
    expect(block("header", { text: "None" })).toBe("<h2>None</h2>");
    expect(block("header", { text: " &nbsp;<b></b> ", level: 2 })).toBe("");
  });

  it("renders a quote as a figure with its caption and alignment", () => {
    expect(
      block("quote", { text: "To be<br>or not", caption: "<i>W.S.</i>", alignment: "center" }),
    ).toBe(
      '<figure class="sw-quote sw-quote--center"><blockquote><p>To be<br>or not</p></blockquote>' +
        "<figcaption><i>W.S.</i></figcaption></figure>",
    );
    expect(block("quote", { text: "Plain", caption: "", alignment: "left" })).toBe(
      '<figure class="sw-quote"><blockquote><p>Plain</p></blockquote></figure>',
    );
  });

  it("renders code escaped, with a language class and no trailing blanks", () => {
    expect(block("code", { code: '<a href="x">&amp;</a>  \nnext\t', language: "html" })).toBe(
      '<pre class="sw-code"><code class="language-html">&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;\nnext</code></pre>',
    );
    expect(block("code", { code: "x", language: "bad lang" })).toBe(
      '<pre class="sw-code"><code>x</code></pre>',
    );
  });

  it("renders a delimiter", () => {
    expect(block("delimiter", {})).toBe('<hr class="sw-delimiter">');
  });

  it("renders a warning with title and message, or only the part given", () => {
    expect(block("warning", { title: "Note", message: "Be <i>careful</i>" })).toBe(
      '<div class="sw-warning"><p class="sw-warning__title"><strong>Note</strong></p>' +
        '<p class="sw-warning__message">Be <i>careful</i></p></div>',
    );
    expect(block("warning", { title: "", message: "Only" })).toBe(
      '<div class="sw-warning"><p class="sw-warning__message">Only</p></div>',
    );
    expect(block("warning", { title: "", message: "" })).toBe("");
  });

  it("renders raw HTML through the owner sanitizer", () => {
    expect(
      block("raw", { html: '<div class="box" onclick="x()"><script>x()</script><p>Hi</p></div>' }),
    ).toBe('<div class="box"><p>Hi</p></div>');
  });

  it("renders a table with and without headings", () => {
    expect(
      block("table", {
        withHeadings: true,
        content: [
          ["Name", "Qty"],
          ["<b>Tea</b>", "2"],
        ],
      }),
    ).toBe(
      '<table class="sw-table"><thead><tr><th scope="col">Name</th><th scope="col">Qty</th></tr></thead>' +
        "<tbody><tr><td><b>Tea</b></td><td>2</td></tr></tbody></table>",
    );
    expect(block("table", { withHeadings: false, content: [["a", 1]] })).toBe(
      '<table class="sw-table"><tbody><tr><td>a</td><td>1</td></tr></tbody></table>',
    );
    expect(block("table", { content: [] })).toBe("");
  });
});

describe("Editor.js media blocks", () => {
  it("renders an image with caption, alt text, tune classes and lazy loading", () => {
    expect(
      block("image", {
        file: { url: "https://cdn.test/a.png?w=1&h=2", width: 800, height: 600 },
        caption: 'Tom &amp; <b>"Jerry"</b>',
        withBorder: true,
        stretched: true,
        withBackground: false,
      }),
    ).toBe(
      '<figure class="sw-image sw-image--border sw-image--stretched">' +
        '<img src="https://cdn.test/a.png?w=1&amp;h=2" alt="Tom &amp; &quot;Jerry&quot;" width="800" height="600" loading="lazy" decoding="async">' +
        '<figcaption>Tom &amp; <b>"Jerry"</b></figcaption></figure>',
    );
  });

  it("renders a simple image from `url` with an empty alt when there is no caption", () => {
    expect(block("simpleImage", { url: "/img/b.jpg", caption: "", withBackground: "1" })).toBe(
      '<figure class="sw-image sw-image--background"><img src="/img/b.jpg" alt="" loading="lazy" decoding="async"></figure>',
    );
  });

  it("accepts data:image URLs for images only", () => {
    expect(block("image", { url: "data:image/png;base64,AAAA" })).toBe(
      '<figure class="sw-image"><img src="data:image/png;base64,AAAA" alt="" loading="lazy" decoding="async"></figure>',
    );
    expect(() => block("attaches", { file: { url: "data:image/png;base64,AAAA" } })).toThrow(
      /no safe file URL/,
    );
  });

  it("frames an allow-listed embed with a title and allowfullscreen", () => {
    expect(
      block("embed", {
        service: "youtube",
        source: "https://www.youtube.com/watch?v=abc",
        embed: "https://www.youtube.com/embed/abc",
        width: 580,
        height: 320,
        caption: "Our <b>video</b>",
      }),
    ).toBe(
      '<figure class="sw-embed sw-embed--youtube"><iframe src="https://www.youtube.com/embed/abc" width="580" height="320"' +
        ' title="Our video" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"' +
        ' allow="encrypted-media; picture-in-picture" allowfullscreen></iframe>' +
        "<figcaption>Our <b>video</b></figcaption></figure>",
    );
    expect(
      block("embed", {
        service: "vimeo",
        embed: "https://player.vimeo.com/video/1?title=0&byline=0",
      }),
    ).toBe(
      '<figure class="sw-embed sw-embed--vimeo"><iframe src="https://player.vimeo.com/video/1?title=0&amp;byline=0"' +
        ' title="Vimeo embed" loading="lazy" referrerpolicy="strict-origin-when-cross-origin"' +
        ' allow="encrypted-media; picture-in-picture" allowfullscreen></iframe></figure>',
    );
  });

  it("links to embeds whose host is not allow-listed (or not https, or a look-alike)", () => {
    expect(
      block("embed", {
        service: "other",
        source: "https://other.test/v/1",
        embed: "https://other.test/e/1",
      }),
    ).toBe(
      '<p class="sw-embed sw-embed--link sw-embed--other"><a href="https://other.test/v/1">https://other.test/v/1</a></p>',
    );
    expect(
      block("embed", {
        service: "youtube",
        embed: "https://www.youtube.com.evil.test/embed/x",
        caption: "Look",
      }),
    ).toBe(
      '<p class="sw-embed sw-embed--link sw-embed--youtube"><a href="https://www.youtube.com.evil.test/embed/x">Look</a></p>',
    );
    expect(block("embed", { embed: "http://www.youtube.com/embed/x" })).toBe(
      '<p class="sw-embed sw-embed--link"><a href="http://www.youtube.com/embed/x">http://www.youtube.com/embed/x</a></p>',
    );
    expect(block("embed", { embed: "https://www.google.com/search?q=x" })).toContain(
      "sw-embed--link",
    );
    expect(block("embed", { embed: "https://www.google.com/maps/embed?pb=1" })).toContain(
      "<iframe",
    );
  });

  it("renders a linkTool card", () => {
    expect(
      block("linkTool", {
        link: "https://example.com/post?a=1&b=2",
        meta: {
          title: "A <post>",
          description: "About & more",
          image: { url: "https://example.com/i.png" },
        },
      }),
    ).toBe(
      '<div class="sw-link-card"><a class="sw-link-card__link" href="https://example.com/post?a=1&amp;b=2">' +
        '<span class="sw-link-card__title">A &lt;post&gt;</span>' +
        '<span class="sw-link-card__description">About &amp; more</span>' +
        '<span class="sw-link-card__host">example.com</span>' +
        '<img class="sw-link-card__image" src="https://example.com/i.png" alt="" loading="lazy" decoding="async"></a></div>',
    );
    expect(block("linkTool", { link: "/local", meta: {} })).toBe(
      '<div class="sw-link-card"><a class="sw-link-card__link" href="/local"><span class="sw-link-card__title">/local</span></a></div>',
    );
  });

  it("renders attaches as a download link with type and size", () => {
    expect(
      block("attaches", {
        file: {
          url: "https://cdn.test/f/report.pdf",
          name: "report.pdf",
          size: 1_572_864,
          extension: "pdf",
        },
        title: "Annual report",
      }),
    ).toBe(
      '<p class="sw-attachment"><a class="sw-attachment__link" href="https://cdn.test/f/report.pdf" download>Annual report</a>' +
        ' <span class="sw-attachment__details">(PDF, 1.5 MB)</span></p>',
    );
    expect(
      block("attaches", { file: { url: "/f/notes.txt", name: "notes.txt", size: "900" } }),
    ).toBe(
      '<p class="sw-attachment"><a class="sw-attachment__link" href="/f/notes.txt" download>notes.txt</a>' +
        ' <span class="sw-attachment__details">(TXT, 900 B)</span></p>',
    );
    expect(block("attaches", { file: { url: "/f/x" } })).toBe(
      '<p class="sw-attachment"><a class="sw-attachment__link" href="/f/x" download>Download</a></p>',
    );
  });
});

describe("Editor.js documents", () => {
  it("joins blocks with newlines and renders nothing for empty input", () => {
    const doc = {
      time: 1,
      version: "2.18.0",
      blocks: [
        { type: "header", data: { text: "T", level: 2 } },
        { type: "paragraph", data: { text: "P" } },
      ],
    };
    expect(render(doc, "doc")).toBe("<h2>T</h2>\n<p>P</p>");
    expect(render(null, "doc")).toBe("");
    expect(render(undefined, "doc")).toBe("");
    expect(render({ blocks: [] }, "doc")).toBe("");
    expect(render("", "doc")).toBe("");
  });

  it("accepts the document as a JSON string and as a bare block array", () => {
    const blocks = [{ type: "paragraph", data: { text: "J" } }];
    expect(render(JSON.stringify({ blocks }), "doc")).toBe("<p>J</p>");
    expect(render(JSON.stringify(blocks), "doc")).toBe("<p>J</p>");
  });
});
