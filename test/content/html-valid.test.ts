import { HtmlValidate } from "html-validate";
import { describe, expect, it } from "vitest";
import { createEditorJsRenderer } from "../../src/generator/content/editorjs.js";
import { createOwnerHtmlSanitizer } from "../../src/generator/content/owner-html.js";
import { KITCHEN_SINK, KITCHEN_SINK_BLOCKS } from "./kitchen-sink.js";
import { URL_PAYLOADS, XSS_PAYLOADS } from "./xss-corpus.js";

const validator = new HtmlValidate({ extends: ["html-validate:recommended"] });

function page(body: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Test page</title>\n</head>\n' +
    `<body>\n<main>\n<h1>Page</h1>\n<div class="content">\n${body}\n</div>\n</main>\n</body>\n</html>\n`
  );
}

async function problems(body: string): Promise<string[]> {
  const report = await validator.validateString(page(body));
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

describe("html-validate (recommended) accepts the renderer's output", () => {
  const render = createEditorJsRenderer({ strict: true });

  it("for the kitchen-sink document with every block type", async () => {
    expect(await problems(render(KITCHEN_SINK, "doc"))).toEqual([]);
  });

  it.each(KITCHEN_SINK_BLOCKS.map((block, i) => [`${i}: ${block.type}`, block] as const))(
    "for block %s alone",
    async (_, block) => {
      const html = render({ blocks: [{ ...block, data: { ...block.data, level: 2 } }] }, "doc");
      expect(await problems(html)).toEqual([]);
    },
  );

  it("for every XSS payload as paragraph, list item, table cell and caption", async () => {
    const lenient = createEditorJsRenderer();
    const blocks = [...XSS_PAYLOADS, ...URL_PAYLOADS].flatMap((p) => [
      { type: "paragraph", data: { text: p } },
      { type: "list", data: { style: "unordered", items: [p] } },
      { type: "table", data: { content: [[p]] } },
      { type: "image", data: { url: p, caption: p } },
      { type: "quote", data: { text: p, caption: p } },
    ]);
    expect(await problems(lenient({ blocks }, "doc"))).toEqual([]);
  });

  it("for every XSS payload through the owner sanitizer", async () => {
    const owner = createOwnerHtmlSanitizer();
    const body = [...XSS_PAYLOADS, ...URL_PAYLOADS].map((p) => `<div>${owner(p)}</div>`).join("\n");
    expect(await problems(body)).toEqual([]);
  });

  it("for owner HTML with common mistakes fixed up", async () => {
    const owner = createOwnerHtmlSanitizer();
    const html = owner(
      '<div id="1bad" class="a a b" style="color:red"><img src="/x.png"><img src="javascript:x" alt="gone">' +
        '<video controls autoplay src="/v.mp4"></video><p>text  \n</p><br/><hr />' +
        '<iframe src="https://evil.test/"></iframe><a href="/x" target="_blank">t</a></div>',
    );
    expect(html).toBe(
      '<div class="a b"><img src="/x.png" alt=""><video controls src="/v.mp4"></video><p>text\n</p><br><hr>' +
        '<a href="/x" target="_blank" rel="noopener noreferrer">t</a></div>',
    );
    expect(await problems(html)).toEqual([]);
  });
});
