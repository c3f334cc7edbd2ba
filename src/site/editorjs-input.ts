/**
 * Editor.js documents are the bulk of a site's data (every content component holds one), so
 * their envelope is checked by hand instead of by a nested zod tree: on a 10,000-page site
 * this is several times faster. Block `data` is only checked to be an object; its contents
 * stay untrusted for the renderer.
 */
import { z } from "zod";
import type { EditorJsBlock, EditorJsData } from "./types.js";

type Issue = { message: string; path: PropertyKey[] };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `{}` for PHP's `[]`, the object itself otherwise; null when it is neither. */
function objectOrEmpty(v: unknown): Record<string, unknown> | null {
  if (Array.isArray(v) && v.length === 0) return {};
  return isObject(v) ? v : null;
}

function readBlock(raw: unknown, index: number, issues: Issue[]): EditorJsBlock | null {
  const at = (...rest: PropertyKey[]) => ["blocks", index, ...rest];
  if (!isObject(raw)) {
    issues.push({ message: "A block must be an object.", path: at() });
    return null;
  }
  const { id, type, data, tunes } = raw;
  if (typeof type !== "string" || type === "") {
    issues.push({ message: "A block needs a type.", path: at("type") });
  }
  const blockData = data === undefined || data === null ? {} : objectOrEmpty(data);
  if (blockData === null) issues.push({ message: "Must be an object.", path: at("data") });
  if (id !== undefined && typeof id !== "string") {
    issues.push({ message: "Must be a string.", path: at("id") });
  }
  const blockTunes = tunes === undefined || tunes === null ? undefined : objectOrEmpty(tunes);
  if (blockTunes === null) issues.push({ message: "Must be an object.", path: at("tunes") });
  if (typeof type !== "string" || blockData === null || blockTunes === null) return null;
  const block: EditorJsBlock = { type, data: blockData };
  if (typeof id === "string") block.id = id;
  if (blockTunes !== undefined) block.tunes = blockTunes;
  return block;
}

/** Checks an Editor.js document (object or JSON text) and copies its known fields. */
export function readEditorJs(raw: unknown): { value: EditorJsData } | { issues: Issue[] } {
  let doc = raw;
  if (typeof raw === "string") {
    try {
      doc = JSON.parse(raw) as unknown;
    } catch (err) {
      return {
        issues: [
          { message: `Holds text that is not valid JSON: ${(err as Error).message}`, path: [] },
        ],
      };
    }
  }
  if (!isObject(doc)) {
    return { issues: [{ message: "Must be an Editor.js document {blocks: [...]}.", path: [] }] };
  }
  const issues: Issue[] = [];
  const { time, version, blocks } = doc;
  const value: EditorJsData = { blocks: [] };
  if (typeof time === "number" && Number.isFinite(time)) value.time = time;
  else if (typeof time === "string" && /^\d+$/.test(time)) value.time = Number(time);
  else if (time !== undefined && time !== null) {
    issues.push({ message: "Must be a number.", path: ["time"] });
  }
  if (typeof version === "string") value.version = version;
  else if (version !== undefined && version !== null) {
    issues.push({ message: "Must be a string.", path: ["version"] });
  }
  if (!Array.isArray(blocks)) {
    issues.push({ message: "Must be an array of blocks.", path: ["blocks"] });
  } else {
    for (let i = 0; i < blocks.length; i++) {
      const block = readBlock(blocks[i], i, issues);
      if (block) value.blocks.push(block);
    }
  }
  return issues.length > 0 ? { issues } : { value };
}

/** Runs `readEditorJs` inside a zod transform, reporting its issues at their paths. */
function toEditorJs(raw: unknown, ctx: z.core.$RefinementCtx): EditorJsData {
  const result = readEditorJs(raw);
  if ("value" in result) return result.value;
  for (const issue of result.issues) {
    ctx.issues.push({ code: "custom", message: issue.message, path: issue.path, input: raw });
  }
  return z.NEVER;
}

/** A required Editor.js document `{time, version, blocks}`, also accepted as JSON text. */
export const editorJsSchema = z
  .unknown()
  .optional()
  .transform((raw, ctx): EditorJsData => {
    if (raw !== undefined && raw !== null) return toEditorJs(raw, ctx);
    ctx.issues.push({ code: "custom", message: "This field is required.", input: raw });
    return z.NEVER;
  });

/** An optional Editor.js document; missing or null gives undefined. */
export const optionalEditorJsSchema = z
  .unknown()
  .optional()
  .transform((raw, ctx): EditorJsData | undefined =>
    raw === undefined || raw === null ? undefined : toEditorJs(raw, ctx),
  );
