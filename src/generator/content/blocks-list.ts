/**
 * Renderers of `list` and `checklist` blocks. Three list shapes exist in stored content:
 * legacy `{ style, items: string[] }`, nested-list `{ style, items: [{ content, items }] }`,
 * and @editorjs/list 2.x `{ style, meta, items: [{ content, meta, items }] }` whose style may
 * be `checklist` (then `meta.checked` per item). Nested lists inherit their parent's style.
 */

import {
  BlockDataError,
  type BlockRenderer,
  flag,
  isRecord,
  optionalText,
  positiveInt,
  record,
} from "./block-support.js";
import { sanitizeInlineHtml } from "./inline-html.js";

type ListStyle = "ordered" | "unordered" | "checklist";

/** Nesting beyond this is dropped: no editor produces it and it bounds recursion. */
const MAX_DEPTH = 12;

const COUNTER_TYPES: Record<string, string> = {
  numeric: "1",
  "lower-alpha": "a",
  "upper-alpha": "A",
  "lower-roman": "i",
  "upper-roman": "I",
};

/** `list` in any of its three shapes. */
export const renderList: BlockRenderer = (data) => {
  if (!Array.isArray(data.items)) throw new BlockDataError(`"items" is not an array`);
  const style = listStyle(data.style);
  return renderItems(data.items, style, openAttributes(style, record(data.meta), data), 0);
};

/** `checklist`: `{ items: [{ text, checked }] }` (the @editorjs/checklist tool). */
export const renderChecklist: BlockRenderer = (data) => {
  if (!Array.isArray(data.items)) throw new BlockDataError(`"items" is not an array`);
  let html = "";
  for (const item of data.items) {
    if (!isRecord(item)) continue;
    html += checklistItem(optionalText(item.text) ?? "", flag(item.checked), "");
  }
  return html === "" ? "" : `<ul class="sw-checklist">${html}</ul>`;
};

function listStyle(value: unknown): ListStyle {
  return value === "ordered" || value === "checklist" ? value : "unordered";
}

/** Attributes of the top-level list: `start` and `type` from 2.x meta for ordered lists. */
function openAttributes(
  style: ListStyle,
  meta: Record<string, unknown>,
  data: Record<string, unknown>,
): string {
  if (style === "checklist") return ` class="sw-checklist"`;
  if (style !== "ordered") return "";
  let attrs = "";
  const start = positiveInt(meta.start ?? data.start, 1_000_000);
  if (start !== undefined && start !== 1) attrs += ` start="${start}"`;
  const type = COUNTER_TYPES[optionalText(meta.counterType) ?? ""];
  if (type !== undefined && type !== "1") attrs += ` type="${type}"`;
  return attrs;
}

function renderItems(items: unknown[], style: ListStyle, attrs: string, depth: number): string {
  let html = "";
  for (const item of items) html += renderItem(item, style, depth);
  if (html === "") return "";
  const tag = style === "ordered" ? "ol" : "ul";
  return `<${tag}${attrs}>${html}</${tag}>`;
}

function renderItem(item: unknown, style: ListStyle, depth: number): string {
  let text: string;
  let children: unknown[] = [];
  let checked = false;
  if (isRecord(item)) {
    text = optionalText(item.content) ?? optionalText(item.text) ?? "";
    if (Array.isArray(item.items) && depth + 1 < MAX_DEPTH) children = item.items;
    checked = flag(record(item.meta).checked) || flag(item.checked);
  } else {
    const legacy = optionalText(item);
    if (legacy === undefined) return "";
    text = legacy;
  }
  const nestedAttrs = style === "checklist" ? ` class="sw-checklist"` : "";
  const nested = children.length > 0 ? renderItems(children, style, nestedAttrs, depth + 1) : "";
  if (style === "checklist") return checklistItem(text, checked, nested);
  return `<li>${sanitizeInlineHtml(text)}${nested}</li>`;
}

/** A checklist item: a read-only checkbox labelled by the item's text (state readable by AT). */
function checklistItem(text: string, checked: boolean, nested: string): string {
  const state = checked ? " sw-checklist__item--checked" : "";
  const box = `<input type="checkbox" disabled${checked ? " checked" : ""}>`;
  return `<li class="sw-checklist__item${state}"><label>${box} ${sanitizeInlineHtml(text)}</label>${nested}</li>`;
}
