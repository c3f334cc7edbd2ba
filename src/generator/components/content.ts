import type { Component } from "../../site/types.js";
import { safeUrl } from "../../text/safe-url.js";
import { escapeAttr, escapeHtml } from "../content/escape.js";
import type { ComponentContext } from "../context.js";
import { sizesForGrid } from "../images/picture.js";
import { wrapSection } from "./section.js";

/** `sectionContent`: Editor.js rich text from `meta.section_content`. */
export function sectionContent(component: Component, ctx: ComponentContext): string {
  const html = ctx.build.renderEditorJs(
    component.meta.section_content,
    `${ctx.path}.meta.section_content`,
  );
  return wrapSection(component, ctx, `<div class="sw-rich-text">${html}</div>`);
}

/** `sectionBlock`: the Editor.js content of the reusable block named by `meta.block_id`. */
export function sectionBlock(component: Component, ctx: ComponentContext): string {
  const id = String(component.meta.block_id ?? "");
  const block = ctx.build.byId.blocks.get(id);
  if (!block) {
    ctx.build.warn(
      "The block this component shows does not exist; nothing rendered.",
      `${ctx.path}.meta.block_id`,
    );
    return "";
  }
  const blockIndex = ctx.build.site.blocks.indexOf(block);
  const html = ctx.build.renderEditorJs(block.content, `blocks[${blockIndex}].content`);
  return wrapSection(component, ctx, `<div class="sw-rich-text">${html}</div>`);
}

/** `sectionHtml`: the owner's own HTML from `meta.html`, sanitized. */
export function sectionHtml(component: Component, ctx: ComponentContext): string {
  const raw = component.meta.html ?? component.meta.code ?? "";
  if (typeof raw !== "string") {
    ctx.build.warn("meta.html must be a string; nothing rendered.", `${ctx.path}.meta.html`);
    return "";
  }
  return wrapSection(component, ctx, ctx.build.sanitizeOwnerHtml(raw));
}

/** `sectionImage`: one image (`meta.image`) with alt text, optional caption and link. */
export function sectionImage(component: Component, ctx: ComponentContext): string {
  const meta = component.meta;
  const src = safeUrl(String(meta.image ?? meta.url ?? meta.src ?? ""));
  if (!src) {
    ctx.build.warn(
      "The image URL is missing or unsafe; nothing rendered.",
      `${ctx.path}.meta.image`,
    );
    return "";
  }
  const alt = typeof meta.alt === "string" ? meta.alt : "";
  const size = ["width", "height"]
    .filter((k) => Number.isInteger(Number(meta[k])) && Number(meta[k]) > 0)
    .map((k) => ` ${k}="${Number(meta[k])}"`)
    .join("");
  const picture = ctx.build.images.render(
    src,
    { altAttr: escapeAttr(alt), sizes: sizesForGrid(meta.flex_grids) },
    `${ctx.path}.meta.image`,
  );
  let img =
    picture ??
    `<img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}"${size} loading="lazy" decoding="async">`;
  const link = typeof meta.link === "string" ? safeUrl(meta.link) : null;
  if (link) img = `<a href="${escapeAttr(link)}">${img}</a>`;
  const caption =
    typeof meta.caption === "string" && meta.caption
      ? `<figcaption>${escapeHtml(meta.caption)}</figcaption>`
      : "";
  return wrapSection(component, ctx, `<figure class="sw-figure">${img}${caption}</figure>`);
}
