/**
 * The Editor.js renderer: turns a stored Editor.js document (object or JSON string) into
 * safe, valid HTML5, one block renderer per block type. Unknown types and malformed data are
 * reported through `onWarning` and skipped, or thrown as E_CONTENT in strict mode.
 */

import { SitewrightError } from "../../errors.js";
import type { EditorJsBlock, EditorJsData } from "../../site/types.js";
import {
  type BlockContext,
  BlockDataError,
  type BlockRenderer,
  type ImageResolver,
  isRecord,
} from "./block-support.js";
import { renderChecklist, renderList } from "./blocks-list.js";
import { renderAttaches, renderEmbed, renderImage, renderLinkTool } from "./blocks-media.js";
import {
  renderCode,
  renderDelimiter,
  renderHeader,
  renderParagraph,
  renderQuote,
  renderRaw,
  renderTable,
  renderWarning,
} from "./blocks-text.js";
import { createOwnerHtmlSanitizer, type OwnerHtmlSanitizer } from "./owner-html.js";

/** Options of createEditorJsRenderer. */
export interface EditorJsRendererOptions {
  /** Throw `SitewrightError("E_CONTENT")` instead of warning on unknown or malformed blocks. */
  strict?: boolean;
  /** Called for each skipped block or unreadable document, with the path to it. */
  onWarning?: (message: string, path: string) => void;
  /**
   * Renders `image` blocks with responsive markup: gets the safe URL, the alt text escaped
   * for an attribute, and the block's path; returns the HTML, or null for the plain `<img>`.
   */
  resolveImage?: ImageResolver;
}

/** Renders one Editor.js document; `path` locates it in the site (used in warnings and errors). */
export type EditorJsRender = (
  data: EditorJsData | string | null | undefined,
  path: string,
) => string;

/** Block types we render, including the names alternative plugins register. */
const RENDERERS: ReadonlyMap<string, BlockRenderer> = new Map([
  ["paragraph", renderParagraph],
  ["header", renderHeader],
  ["heading", renderHeader],
  ["list", renderList],
  ["nestedList", renderList],
  ["nestedlist", renderList],
  ["checklist", renderChecklist],
  ["image", renderImage],
  ["simpleImage", renderImage],
  ["quote", renderQuote],
  ["code", renderCode],
  ["delimiter", renderDelimiter],
  ["table", renderTable],
  ["embed", renderEmbed],
  ["warning", renderWarning],
  ["raw", renderRaw],
  ["linkTool", renderLinkTool],
  ["attaches", renderAttaches],
]);

/** The block types the renderer understands. */
export const EDITORJS_BLOCK_TYPES: readonly string[] = [...RENDERERS.keys()];

/** Creates an Editor.js renderer; create one per build and reuse it for every page. */
export function createEditorJsRenderer(options: EditorJsRendererOptions = {}): EditorJsRender {
  const { strict = false, onWarning, resolveImage } = options;
  let ownerHtml: OwnerHtmlSanitizer | undefined;
  const ctx: BlockContext = {
    ownerHtml: () => {
      ownerHtml ??= createOwnerHtmlSanitizer();
      return ownerHtml;
    },
    resolveImage,
  };

  function problem(message: string, path: string, type?: string): void {
    if (strict) {
      throw new SitewrightError("E_CONTENT", `${message} (at ${path})`, {
        hint: "Fix or remove the block in the editor, or build without strict content checks.",
        details: type === undefined ? { path } : { path, type },
      });
    }
    onWarning?.(message, path);
  }

  function renderBlock(block: unknown, path: string): string {
    if (!isRecord(block) || typeof block.type !== "string") {
      problem("Editor.js block has no type; it was skipped", path);
      return "";
    }
    const type = block.type;
    const renderer = RENDERERS.get(type);
    if (renderer === undefined) {
      problem(`Unknown Editor.js block type "${type}"; it was skipped`, path, type);
      return "";
    }
    const data = blockData(block.data);
    if (data === null) {
      problem(`Editor.js block "${type}" has no data object; it was skipped`, path, type);
      return "";
    }
    try {
      return renderer(data, block as unknown as EditorJsBlock, ctx, path);
    } catch (err) {
      if (!(err instanceof BlockDataError)) throw err;
      problem(`Editor.js block "${type}" was skipped: ${err.message}`, path, type);
      return "";
    }
  }

  return (input, path) => {
    const blocks = readBlocks(input, path, problem);
    if (blocks === undefined) return "";
    let html = "";
    for (let i = 0; i < blocks.length; i++) {
      const out = renderBlock(blocks[i], `${path}.blocks[${i}]`);
      if (out !== "") html = html === "" ? out : `${html}\n${out}`;
    }
    return html;
  };
}

/** A block's data: missing data and PHP's empty array `[]` mean `{}`; anything else is malformed. */
function blockData(data: unknown): Record<string, unknown> | null {
  if (data === undefined || data === null) return {};
  if (Array.isArray(data)) return data.length === 0 ? {} : null;
  return isRecord(data) ? data : null;
}

/** The document's blocks; a JSON string is parsed, a bare array is taken as the blocks. */
function readBlocks(
  input: unknown,
  path: string,
  problem: (message: string, path: string) => void,
): unknown[] | undefined {
  if (input === null || input === undefined) return undefined;
  let data = input;
  if (typeof input === "string") {
    if (input.trim() === "") return undefined;
    try {
      data = JSON.parse(input);
    } catch (err) {
      problem(
        `Editor.js content is not valid JSON (${(err as Error).message}); it was skipped`,
        path,
      );
      return undefined;
    }
  }
  if (Array.isArray(data)) return data;
  if (isRecord(data) && Array.isArray(data.blocks)) return data.blocks;
  problem("Editor.js content has no blocks array; it was skipped", path);
  return undefined;
}
