import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, onTestFinished } from "vitest";

/**
 * A temporary directory, removed after the test that made it, or after the test file when made
 * outside a test (an afterAll registered inside a running test never runs: such directories
 * were left behind).
 */
export function tempDir(prefix = "sw-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}

/** A small site in the bundle format, with overrides merged over it. */
export function miniSite(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    website: {
      id: 7,
      name: "Mini",
      domain: "mini.example",
      language: "en",
      default_layout_id: 1,
      customization: {
        colors: { primary: "#123456" },
        fonts: { heading: "Playfair Display", body: "Inter" },
      },
    },
    templates: [
      { id: 1, name: "Header", code: '<header>{{ site.name }} {{ menu("1") }}</header>' },
      { id: 2, name: "Footer", code: "<footer>Footer of {{ page.title }}</footer>" },
      {
        id: 3,
        name: "Hero",
        code: "<h1>{{ fields.title }}</h1><p>{{ fields.subtitle }}</p>",
        custom_fields: [
          { name: "title", label: "Title", type: "text", default: "Default title" },
          { name: "subtitle", label: "Subtitle", type: "text", default: "Default subtitle" },
        ],
      },
    ],
    layouts: [{ id: 1, name: "Main", header_template_ids: [1], footer_template_ids: [2] }],
    menus: [
      {
        id: 1,
        name: "Main",
        items: [
          { title: "Home", page_id: 1 },
          { title: "About", page_id: 2, children: [{ title: "Team", url: "/about/team/" }] },
        ],
      },
    ],
    forms: [
      {
        id: 5,
        name: "Contact",
        fields: [
          { name: "email", label: "Email", type: "email", required: true },
          { name: "message", label: "Message", type: "textarea" },
        ],
      },
    ],
    pages: [
      {
        id: 1,
        post_title: "Home",
        post_name: "/",
        status: 1,
        components: [
          {
            id: 11,
            component_id: "sectionContent",
            menu_order: "20",
            meta: {
              section_content: { blocks: [{ type: "paragraph", data: { text: "Second" } }] },
            },
          },
          {
            id: 12,
            component_id: "templatePartial",
            template_id: 3,
            menu_order: 10,
            custom_fields: { title: "Hello <world>" },
          },
        ],
      },
      {
        id: 2,
        post_title: "About us",
        post_name: "about",
        status: "1",
        meta_description: "All about us",
        meta_image: "/img/about.jpg",
        components: [{ id: 21, component_id: "sectionForm", menu_order: 1, meta: { form_id: 5 } }],
      },
      {
        id: 3,
        post_title: "Team",
        post_name: "about/team",
        status: true,
        no_index: 1,
        components: [],
      },
      { id: 4, post_title: "Draft", post_name: "draft", status: 0, components: [] },
    ],
    ...overrides,
  };
}
