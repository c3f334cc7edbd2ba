/**
 * What every Editor.js block renderer shares: its signature, the error that marks block data
 * as malformed, and readers that turn untrusted `data` fields into typed values.
 */

import type { EditorJsBlock } from "../../site/types.js";
import type { OwnerHtmlSanitizer } from "./owner-html.js";

/** Services a block renderer may use; created once per renderer. */
export interface BlockContext {
  /** Sanitizer for owner HTML (`raw` blocks), created on first use. */
  ownerHtml(): OwnerHtmlSanitizer;
  /** Responsive markup for an image URL, or null to keep the plain `<img>`; see EditorJsRendererOptions. */
  resolveImage?: ImageResolver;
}

/** Returns picture markup for `url` (alt already attribute-escaped), or null for a plain `<img>`. */
export type ImageResolver = (url: string, altAttr: string, path: string) => string | null;

/** Renders one block's `data` to HTML, or throws BlockDataError when the data is unusable. */
export type BlockRenderer = (
  data: Record<string, unknown>,
  block: EditorJsBlock,
  ctx: BlockContext,
  /** Input path of the block, e.g. `pages[0].components[2].meta.section_content.blocks[3]`. */
  path: string,
) => string;

/** Thrown by block renderers for data they cannot render; the renderer turns it into a warning. */
export class BlockDataError extends Error {
  override name = "BlockDataError";
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field; numbers are accepted as their decimal text. Missing → undefined. */
export function optionalText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}

/** A required string field; throws BlockDataError naming the field when it is missing. */
export function requiredText(data: Record<string, unknown>, field: string): string {
  const value = optionalText(data[field]);
  if (value === undefined) throw new BlockDataError(`"${field}" is not a string`);
  return value;
}

/** A flag that tolerates the API's `1`/`"1"`/`"true"` spellings. */
export function flag(value: unknown): boolean {
  return value === true || value === 1 || value === "1" || value === "true";
}

/** A positive integer (number or numeric string) up to `max`, else undefined. */
export function positiveInt(value: unknown, max: number): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n > 0 && n <= max ? n : undefined;
}

/** The nested record at `data[field]`, or an empty object. */
export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

const ALIGNMENTS = new Set(["center", "right", "justify"]);

/** Alignment class from `data.alignment` or the alignment tune, `""` for the default (left). */
export function alignmentClass(data: Record<string, unknown>, block: EditorJsBlock): string {
  const tunes = record(block.tunes);
  const raw =
    optionalText(data.alignment) ??
    optionalText(record(tunes.alignmentTune).alignment) ??
    optionalText(record(tunes.textAlign).alignment);
  const value = raw?.toLowerCase();
  return value !== undefined && ALIGNMENTS.has(value) ? `sw-align-${value}` : "";
}

/** ` class="..."` for the non-empty names given, or `""`. */
export function classAttr(...names: string[]): string {
  const list = names.filter((name) => name !== "").join(" ");
  return list === "" ? "" : ` class="${list}"`;
}
