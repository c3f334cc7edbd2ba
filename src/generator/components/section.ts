import { MAX_PADDING } from "../../site/component-meta.js";
import type { Component } from "../../site/types.js";
import { escapeAttr } from "../content/escape.js";
import type { ComponentContext } from "../context.js";

// Tailwind-style width classes the builder writes into `flex_grids`, e.g. `w-full md:w-1/2`.
const GRID_CLASS =
  /^(?:(?:sm|md|lg|xl):)?w-(?:full|auto|1\/2|1\/3|2\/3|1\/4|3\/4|1\/5|2\/5|3\/5|4\/5|1\/6|5\/6)$/;
const ALIGN_CLASS = /^(?:justify|items|text)-(?:start|center|end|between|around|left|right)$/;

/** Wraps a component's HTML in its section, turning `meta` layout settings into utility classes. */
export function wrapSection(component: Component, ctx: ComponentContext, inner: string): string {
  const classes = ["sw-section", `sw-${kebab(component.component_id)}`];
  const meta = component.meta;
  for (const [key, prefix] of [
    ["padding_top", "pt"],
    ["padding_bottom", "pb"],
  ] as const) {
    const value = meta[key];
    if (value === undefined || value === null || value === "") continue;
    const px = Number(value);
    if (Number.isInteger(px) && px >= 0 && px <= MAX_PADDING) {
      classes.push(use(ctx, `${prefix}-${px}`));
    } else {
      ctx.build.warn(
        `${key} must be a whole number of pixels 0–${MAX_PADDING}; ignored.`,
        `${ctx.path}.meta.${key}`,
      );
    }
  }
  const inner_classes = ["sw-container"];
  for (const [key, pattern] of [
    ["flex_grids", GRID_CLASS],
    ["content_hotizontal_position", ALIGN_CLASS],
  ] as const) {
    const value = meta[key];
    if (typeof value !== "string" || value.trim() === "") continue;
    for (const token of value.trim().split(/\s+/)) {
      if (pattern.test(token)) inner_classes.push(use(ctx, token));
      else
        ctx.build.warn(`Unknown class "${token}" in ${key}; ignored.`, `${ctx.path}.meta.${key}`);
    }
  }
  return `<div class="${escapeAttr(classes.join(" "))}" id="c-${escapeAttr(component.id)}"><div class="${escapeAttr(inner_classes.join(" "))}">${inner}</div></div>\n`;
}

function use(ctx: ComponentContext, cls: string): string {
  ctx.build.utilities.add(cls);
  return cls;
}

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9-]/g, "")
    .toLowerCase();
}
