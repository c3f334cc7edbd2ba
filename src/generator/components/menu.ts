import type { Component, Menu, MenuItem } from "../../site/types.js";
import { safeUrl } from "../../text/safe-url.js";
import { escapeAttr, escapeHtml } from "../content/escape.js";
import type { ComponentContext, MenuRenderer } from "../context.js";
import { wrapSection } from "./section.js";

/** A menu item as templates see it: the item plus whether it is, or leads to, the current page. */
export interface MenuItemView extends MenuItem {
  current: boolean;
  /** True when a descendant is the current page. */
  ancestor: boolean;
  children: MenuItemView[];
}

/** Marks the items of `items` that point at `currentUrl`. */
export function menuItemViews(items: MenuItem[], currentUrl: string): MenuItemView[] {
  return items.map((item) => {
    const children = menuItemViews(item.children, currentUrl);
    return {
      ...item,
      children,
      current: item.url === currentUrl,
      ancestor: children.some((c) => c.current || c.ancestor),
    };
  });
}

/** Renders a menu as nested lists in a `<nav>`, the current page's link with aria-current. */
export function renderMenu(menu: Menu, currentUrl: string, className = "sw-menu"): string {
  return `<nav class="${escapeAttr(className)}" aria-label="${escapeAttr(menu.name)}">${renderItems(menuItemViews(menu.items, currentUrl))}</nav>`;
}

function renderItems(items: MenuItemView[]): string {
  if (items.length === 0) return "";
  let html = "<ul>";
  for (const item of items) {
    const href = safeUrl(item.url);
    const attrs = [
      href === null ? "" : ` href="${escapeAttr(href)}"`,
      item.current ? ' aria-current="page"' : "",
      item.target === "_blank" ? ' target="_blank" rel="noopener noreferrer"' : "",
      item.ancestor ? ' class="is-active-parent"' : "",
    ].join("");
    html += `<li><a${attrs}>${escapeHtml(item.title)}</a>${renderItems(item.children)}</li>`;
  }
  return `${html}</ul>`;
}

/**
 * A per-build memo of rendered menus. Most pages of a large site are not in the main menu, so
 * they all share one rendering; pages that are get their own (at most one per menu item).
 */
export function createMenuRenderer(): MenuRenderer {
  const urls = new WeakMap<Menu, Set<string>>();
  const cache = new Map<string, string>();
  return (menu, currentUrl, className = "sw-menu") => {
    let linked = urls.get(menu);
    if (!linked) {
      linked = new Set();
      collectUrls(menu.items, linked);
      urls.set(menu, linked);
    }
    const key = `${menu.id}\u0000${className}\u0000${linked.has(currentUrl) ? currentUrl : ""}`;
    let html = cache.get(key);
    if (html === undefined) {
      html = renderMenu(menu, currentUrl, className);
      cache.set(key, html);
    }
    return html;
  };
}

function collectUrls(items: MenuItem[], into: Set<string>): void {
  for (const item of items) {
    into.add(item.url);
    collectUrls(item.children, into);
  }
}

/** `sectionMenu`: the menu named by `meta.menu_id`. */
export function sectionMenu(component: Component, ctx: ComponentContext): string {
  const menu = ctx.build.byId.menus.get(String(component.meta.menu_id ?? ""));
  if (!menu) {
    ctx.build.warn(
      "The menu this component shows does not exist; nothing rendered.",
      `${ctx.path}.meta.menu_id`,
    );
    return "";
  }
  return wrapSection(component, ctx, ctx.build.renderMenu(menu, ctx.route.url));
}
