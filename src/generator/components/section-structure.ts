/**
 * `sectionStructure`: the latest posts of a structure on any page. `meta.structure` names the
 * structure by type or id, `meta.count` how many (default 3), `meta.category_id` an optional
 * category filter and `meta.title` the heading (default: the structure's title).
 */

import { slugPath } from "../../site/slug.js";
import type { Component } from "../../site/types.js";
import { escapeAttr, escapeHtml } from "../content/escape.js";
import type { ComponentContext } from "../context.js";
import { postParts } from "../structures/post-parts.js";
import { wrapSection } from "./section.js";

/** Posts shown when `meta.count` is not given. */
export const DEFAULT_SECTION_COUNT = 3;

/** Renders a `sectionStructure` component. */
export function sectionStructure(component: Component, ctx: ComponentContext): string {
  const { build } = ctx;
  const meta = component.meta;
  const key = meta.structure ?? meta.structure_id;
  const state =
    key === undefined || key === null ? undefined : build.structures.byKey.get(String(key));
  if (!state) {
    build.warn(
      "The structure this component shows does not exist; nothing rendered.",
      `${ctx.path}.meta.structure`,
    );
    return "";
  }
  const count = Number(meta.count ?? DEFAULT_SECTION_COUNT) || DEFAULT_SECTION_COUNT;
  const categoryId =
    meta.category_id === undefined || meta.category_id === null || meta.category_id === ""
      ? null
      : String(meta.category_id);
  const category = categoryId === null ? undefined : state.categories.get(categoryId);
  const posts = (category ? (state.byCategory.get(category.id) ?? []) : state.listed).slice(
    0,
    count,
  );
  const title =
    typeof meta.title === "string" && meta.title.trim() !== ""
      ? meta.title
      : (category?.name ?? state.structure.title);
  const href = category
    ? build.structures.categoryUrl(state, category)
    : slugPath(state.structure.url);
  const parts = postParts(build);
  let cards = "";
  for (const post of posts) cards += parts.card(state, post, 3);
  const body =
    cards === ""
      ? `<p class="sw-empty">${escapeHtml(parts.labels.empty)}</p>`
      : `<div class="sw-cards">${cards}</div>`;
  return wrapSection(
    component,
    ctx,
    `<h2 class="sw-structure-title"><a href="${escapeAttr(href)}">${escapeHtml(title)}</a></h2>${body}`,
  );
}
