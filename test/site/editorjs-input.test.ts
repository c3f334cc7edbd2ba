import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { toEditorJs } from "../../src/site/editorjs-input.js";
import { validateSite } from "../../src/site/validate.js";
import { expectValidationError, rawSite } from "./helpers.js";

describe("Editor.js documents", () => {
  it("copies the envelope and drops unknown keys", () => {
    const result = toEditorJs({
      time: "1594475302702",
      version: "2.18.0",
      extra: true,
      blocks: [
        { id: "a", type: "paragraph", data: { text: "x" }, tunes: {}, junk: 1 },
        { type: "delimiter", data: [] },
      ],
    });
    expect(result).toEqual({
      time: 1594475302702,
      version: "2.18.0",
      blocks: [
        { id: "a", type: "paragraph", data: { text: "x" }, tunes: {} },
        { type: "delimiter", data: {} },
      ],
    });
  });

  it("reports block problems at their paths inside the component", () => {
    const raw = rawSite();
    raw.pages[0].components[0].meta.section_content = {
      blocks: [{ type: "paragraph", data: {} }, { data: {} }, { type: "image", data: "nope" }, 5],
    };
    const err = expectValidationError(() => validateSite(raw));
    const base = "pages[0].components[0].meta.section_content";
    expect(err.errors[`${base}.blocks[1].type`]).toEqual(["A block needs a type."]);
    expect(err.errors[`${base}.blocks[2].data`]).toEqual(["Must be an object."]);
    expect(err.errors[`${base}.blocks[3]`]).toEqual(["A block must be an object."]);
  });

  it("rejects a document without blocks and unparseable JSON text", () => {
    const raw = rawSite();
    raw.pages[0].components[0].meta.section_content = { time: 1 };
    raw.blocks = [{ id: 1, content: "{not json" }, { id: 2 }];
    const err = expectValidationError(() => validateSite(raw));
    expect(err.errors["pages[0].components[0].meta.section_content.blocks"]).toEqual([
      "Must be an array of blocks.",
    ]);
    expect(err.errors["blocks[0].content"]?.[0]).toMatch(/^Holds text that is not valid JSON/);
    expect(err.errors["blocks[1].content"]).toEqual(["This field is required."]);
  });
});

describe("docs/site-format.md", () => {
  it("holds an example that validates", async () => {
    const doc = await readFile("docs/site-format.md", "utf8");
    const example = /## Example[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const site = validateSite(JSON.parse(example as string));
    expect(site.pages.map((p) => p.post_name)).toEqual(["/", "contact", "kerst-actie"]);
    expect(site.pages[0]?.components[0]?.template_id).toBe("2");
    expect(site.menus[0]?.items.map((i) => i.url)).toEqual([
      "/",
      "/contact/",
      "https://www.instagram.com/bakkerijzon",
    ]);
  });
});
