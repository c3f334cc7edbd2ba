/** The build context: what every page of one build shares, created once per build. */
import { readFileSync } from "node:fs";
import { SitewrightError } from "../errors.js";
import type { Component, SiteFrame } from "../site/types.js";
import { safeAssetUrl } from "../text/safe-url.js";
import { createMenuRenderer } from "./components/menu.js";
import { componentCodeName, templateName } from "./components/template.js";
import { createEditorJsRenderer } from "./content/editorjs.js";
import { createOwnerHtmlSanitizer } from "./content/owner-html.js";
import { type BuildContext, indexById } from "./context.js";
import type { ImageRender } from "./images/image-render.js";
import { createPictureGlobal } from "./images/picture-global.js";
import { DOCUMENT_TEMPLATE } from "./render-page.js";
import type { StructureIndex } from "./structures/index-structures.js";
import type { TemplateRegistry, TemplateSource } from "./template-registry.js";

/** What shapes rendering besides the site data: the build options that reach every page. */
export interface RenderSettings {
  /** Absolute, with a trailing slash (see resolveBuildBaseUrl); null leaves canonical URLs out. */
  baseUrl: string | null;
  strict?: boolean;
}

/** Sets up everything pages share: templates compiled once, renderers, lookups. */
export function createBuildContext(
  site: SiteFrame,
  { baseUrl, strict }: RenderSettings,
  warn: (message: string, path: string) => void,
  images: { render: ImageRender },
  structures: StructureIndex,
  templates: TemplateRegistry,
): BuildContext {
  const renderEditorJs = createEditorJsRenderer({
    strict,
    onWarning: warn,
    resolveImage: (url, altAttr, path) => images.render(url, { altAttr }, path),
  });
  const sanitize = createOwnerHtmlSanitizer();
  const { website } = site;
  return {
    site,
    baseUrl,
    templates,
    renderEditorJs: (data, path) => renderEditorJs(data as never, path),
    sanitizeOwnerHtml: sanitize,
    warn,
    images,
    picture: createPictureGlobal(images, warn),
    structures,
    renderMenu: createMenuRenderer(),
    utilities: new Set(),
    siteView: Object.freeze({
      id: website.id,
      name: website.name,
      domain: website.domain,
      url: baseUrl,
      language: website.language,
      // Checked at input; checked again here because owner templates put them in attributes.
      logo: safeAssetUrl(website.customization.logo),
      favicon: safeAssetUrl(website.customization.favicon),
      colors: website.customization.colors,
      fonts: website.customization.fonts,
    }),
    byId: {
      templates: indexById(site.templates),
      layouts: indexById(site.layouts),
      menus: indexById(site.menus),
      forms: indexById(site.forms),
      blocks: indexById(site.blocks),
    },
  };
}

let documentSource: string | undefined;

/** Every template of the build: the built-in document, the site's templates, components' own code. */
export function templateSources(site: SiteFrame, pageCode: TemplateSource[]): TemplateSource[] {
  documentSource ??= readFileSync(new URL("./templates/document.njk", import.meta.url), "utf8");
  const sources: TemplateSource[] = [
    {
      name: DOCUMENT_TEMPLATE,
      src: documentSource,
      path: "builtin/document.njk",
      label: "built-in document",
    },
  ];
  site.templates.forEach((t, i) => {
    sources.push({
      name: templateName(t.id),
      src: t.code,
      path: `templates[${i}].code`,
      label: `template "${t.name}"`,
    });
  });
  sources.push(...pageCode);
  for (const area of ["header", "footer", "secured"] as const)
    ownCodeSources(site.areas[area], `areas.${area}`, sources);
  return sources;
}

/** Adds the own code of components (code without a linked template) at list path `base` to `out`. */
export function ownCodeSources(components: Component[], base: string, out: TemplateSource[]): void {
  components.forEach((c, i) => {
    if (c.code && !c.template_id) {
      const path = `${base}[${c.position ?? i}]`;
      out.push({
        name: componentCodeName(path),
        src: c.code,
        path: `${path}.code`,
        label: `component ${path}`,
      });
    }
  });
}

/** The build's base URL: the option (checked) over the site's; warns when there is none. */
export function resolveBuildBaseUrl(
  option: string | undefined,
  site: SiteFrame,
  warn: (message: string, path: string) => void,
): string | null {
  const baseUrl = normalizeBaseUrl(option) ?? site.website.base_url;
  if (!baseUrl)
    warn(
      "No base URL (website domain or --base-url): canonical and og:url are left out.",
      "website.domain",
    );
  return baseUrl;
}

function normalizeBaseUrl(url: string | undefined): string | null {
  if (!url) return null;
  if (!/^https?:\/\/[^/\s]+/i.test(url) || !URL.canParse(url)) {
    throw new SitewrightError("E_USAGE", `The base URL "${url}" is not an absolute http(s) URL.`, {
      hint: "Pass the site's public address, e.g. https://www.example.com/.",
    });
  }
  return url.endsWith("/") ? url : `${url}/`;
}
