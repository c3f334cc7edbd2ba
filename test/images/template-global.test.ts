import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../../src/generator/build.js";
import { createEditorJsRenderer } from "../../src/generator/content/editorjs.js";
import { tempDir } from "../generator/helpers.js";
import { makeImage, siteWith } from "./helpers.js";

const root = tempDir("sw-img-tpl-");
const assets = join(root, "assets");

beforeAll(async () => {
  await makeImage(join(assets, "team.jpg"), 1000, 600);
  await makeImage(join(assets, "logo.png"), 200, 60, "png");
});

function templateSite(code: string, customFields: Record<string, unknown>, website = {}) {
  const data = siteWith([
    { id: 1, component_id: "templatePartial", template_id: 9, custom_fields: customFields },
  ]);
  (data.templates as unknown[]).push({
    id: 9,
    name: "Card",
    code,
    custom_fields: [
      { name: "photo", type: "image", default: null },
      { name: "caption", type: "text", default: "" },
    ],
  });
  data.website = { ...(data.website as object), ...website };
  return data;
}

async function render(code: string, fields: Record<string, unknown>, website = {}) {
  const out = join(root, `out-${Math.random().toString(36).slice(2)}`);
  const warnings: { message: string; path: string }[] = [];
  const result = await buildSite(templateSite(code, fields, website), {
    outDir: out,
    assetsDir: assets,
    cacheDir: join(root, "cache"),
    onWarning: (w) => warnings.push(w),
  });
  const html = readFileSync(join(out, "index.html"), "utf8");
  return { html, warnings, result };
}

describe("picture() in templates", () => {
  it("renders an image field as <picture> with the keyword arguments", async () => {
    const { html, result } = await render(
      '{{ picture(fields.photo, alt=fields.caption, sizes="(min-width: 800px) 50vw, 100vw", class="card-img", loading="eager") }}',
      { photo: "/assets/team.jpg", caption: 'The "team" <3' },
    );
    expect(html).toMatch(
      /<picture><source type="image\/webp" srcset="[^"]+team-480\.\w+\.webp 480w, [^"]+ 960w, [^"]+ 1000w" sizes="\(min-width: 800px\) 50vw, 100vw"><img class="card-img" src="\/assets\/_img\/team-1000\.\w+\.jpg" srcset="[^"]+" sizes="\(min-width: 800px\) 50vw, 100vw" width="1000" height="600" alt="The &quot;team&quot; &lt;3" loading="eager" decoding="async"><\/picture>/,
    );
    expect(result.images.sources).toBe(1);
  });

  it("accepts the alt text as the second positional argument", async () => {
    const { html } = await render('{{ picture(fields.photo, "Team") }}', {
      photo: "assets/team.jpg",
    });
    expect(html).toMatch(/<img src="\/assets\/_img\/team-1000\.\w+\.jpg"[^>]* alt="Team"/);
  });

  it("renders nothing for an empty field and a plain <img> for a remote URL", async () => {
    const empty = await render("<p>[{{ picture(fields.photo) }}]</p>", {});
    expect(empty.html).toContain("<p>[]</p>");
    const remote = await render('{{ picture(fields.photo, alt="R") }}', {
      photo: "https://cdn.example.com/x.jpg",
    });
    expect(remote.html).toContain(
      '<img src="https://cdn.example.com/x.jpg" alt="R" loading="lazy" decoding="async">',
    );
  });

  it("renders nothing and warns for an unsafe URL", async () => {
    // In code, not a field: an image field holding it is refused at validation.
    const { html, warnings } = await render('{{ picture("javascript:alert(1)") }}', {});
    expect(html).not.toContain("javascript:");
    expect(warnings.some((w) => w.path.startsWith("picture() on /"))).toBe(true);
  });

  it("processes a local logo from the customization", async () => {
    const { html } = await render(
      "{{ picture(site.logo, alt=site.name) }}",
      {},
      { customization: { logo: "/assets/logo.png" } },
    );
    expect(html).toMatch(
      /<picture><source type="image\/webp" srcset="\/assets\/_img\/logo-200\.\w+\.webp 200w"/,
    );
  });

  it("warns and shows a plain <img> for a local image only named in template code", async () => {
    const { html, warnings } = await render('{{ picture("/assets/team.jpg") }}', {});
    expect(html).toContain('<img src="/assets/team.jpg" alt="" loading="lazy" decoding="async">');
    expect(warnings.some((w) => w.message.includes("not found in the site data"))).toBe(true);
  });
});

describe("Editor.js resolveImage option", () => {
  it("is called with the URL, the escaped alt and the block path; null keeps the plain <img>", () => {
    const calls: unknown[][] = [];
    const render = createEditorJsRenderer({
      resolveImage: (url, alt, path) => {
        calls.push([url, alt, path]);
        return url.startsWith("/assets/") ? "<picture>P</picture>" : null;
      },
    });
    const html = render(
      {
        blocks: [
          { type: "image", data: { file: { url: "/assets/a.jpg" }, caption: "A & B" } },
          { type: "image", data: { url: "https://x.example/b.jpg", alt: "B" } },
        ],
      },
      "doc",
    );
    expect(calls).toEqual([
      ["/assets/a.jpg", "A &amp; B", "doc.blocks[0].data.file.url"],
      ["https://x.example/b.jpg", "B", "doc.blocks[1].data.url"],
    ]);
    expect(html).toContain(
      '<figure class="sw-image"><picture>P</picture><figcaption>A &amp; B</figcaption></figure>',
    );
    expect(html).toContain(
      '<img src="https://x.example/b.jpg" alt="B" loading="lazy" decoding="async">',
    );
  });
});
