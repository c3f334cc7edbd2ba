import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { findXssProblems, URL_PAYLOADS, XSS_PAYLOADS } from "../content/xss-corpus.js";
import { miniSite, tempDir } from "./helpers.js";

const root = tempDir("sw-xss-");
const DOCUMENT_ELEMENTS = /^<(html|head|body|meta|link)> element$/;

/** A page that carries `payload` in every owner-controlled place a page has. */
function hostilePage(id: number, payload: string, url: string) {
  return {
    id,
    post_title: payload,
    post_name: `p${id}`,
    status: 1,
    meta_title: payload,
    meta_description: payload,
    meta_keyword: payload,
    meta_image: url,
    canonical_url: url,
    components: [
      {
        id: id * 100 + 1,
        component_id: "sectionContent",
        menu_order: 1,
        meta: {
          section_content: {
            blocks: [
              { type: "header", data: { text: payload, level: 2 } },
              { type: "paragraph", data: { text: `${payload} <a href="${url}">x</a>` } },
              {
                type: "list",
                data: { style: "unordered", items: [payload, { content: payload, items: [] }] },
              },
              { type: "image", data: { file: { url }, caption: payload } },
              { type: "quote", data: { text: payload, caption: payload } },
              { type: "table", data: { content: [[payload, payload]] } },
              { type: "linkTool", data: { link: url, meta: { title: payload, image: { url } } } },
              { type: "embed", data: { service: "youtube", embed: url, caption: payload } },
              { type: "raw", data: { html: payload } },
              { type: "attaches", data: { file: { url, name: payload } } },
            ],
          },
        },
      },
      { id: id * 100 + 2, component_id: "sectionHtml", menu_order: 2, meta: { html: payload } },
      {
        id: id * 100 + 3,
        component_id: "sectionImage",
        menu_order: 3,
        meta: { image: url, alt: payload, caption: payload, link: url },
      },
      {
        id: id * 100 + 4,
        component_id: "templatePartial",
        template_id: 3,
        menu_order: 4,
        custom_fields: { title: payload, subtitle: url },
      },
    ],
  };
}

describe("whole pages stay inert with hostile owner data", () => {
  it("renders the XSS and URL corpora in every owner field without a live script, handler or URL", async () => {
    const pages = XSS_PAYLOADS.map((payload, i) =>
      hostilePage(i + 10, payload, URL_PAYLOADS[i % URL_PAYLOADS.length] as string),
    );
    const site = miniSite();
    (site.pages as unknown[]).push(...pages);
    const out = join(root, "site");
    const result = await buildSite(site, { outDir: out, baseUrl: "https://x.example/" });
    expect(result.pages).toBe(3 + pages.length);
    const problems: string[] = [];
    for (const page of pages) {
      const html = readFileSync(join(out, page.post_name, "index.html"), "utf8");
      for (const p of findXssProblems(html)) {
        // The document's own skeleton; attributes on these are still checked.
        if (!DOCUMENT_ELEMENTS.test(p)) problems.push(`${page.post_name}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
