/**
 * Editor.js documents are the bulk of a site's data (every content component holds one), so
 * their envelope is checked by a plain converter instead of a nested zod tree: on a
 * 10,000-page site this is several times faster. Block `data` is only checked to be an
 * object; its contents stay untrusted for the renderer.
 */
import { coerce } from "./coerce.js";
import { type Converter, Invalid, type Problem, REQUIRED } from "./convert.js";
import type { EditorJsBlock, EditorJsData } from "./types.js";

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** `{}` for PHP's `[]`, the object itself otherwise; null when it is neither. */
function objectOrEmpty(v: unknown): Record<string, unknown> | null {
  if (Array.isArray(v) && v.length === 0) return {};
  return isObject(v) ? v : null;
}

function readBlock(raw: unknown, index: number, problems: Problem[]): EditorJsBlock | null {
  const at = (...rest: PropertyKey[]) => ["blocks", index, ...rest];
  if (!isObject(raw)) {
    problems.push({ message: "A block must be an object.", path: at() });
    return null;
  }
  const { id, type, data, tunes } = raw;
  if (typeof type !== "string" || type === "") {
    problems.push({ message: "A block needs a type.", path: at("type") });
  }
  const blockData = data === undefined || data === null ? {} : objectOrEmpty(data);
  if (blockData === null) problems.push({ message: "Must be an object.", path: at("data") });
  if (id !== undefined && typeof id !== "string") {
    problems.push({ message: "Must be a string.", path: at("id") });
  }
  const blockTunes = tunes === undefined || tunes === null ? undefined : objectOrEmpty(tunes);
  if (blockTunes === null) problems.push({ message: "Must be an object.", path: at("tunes") });
  if (typeof type !== "string" || blockData === null || blockTunes === null) return null;
  const block: EditorJsBlock = { type, data: blockData };
  if (typeof id === "string") block.id = id;
  if (blockTunes !== undefined) block.tunes = blockTunes;
  return block;
}

/** Checks an Editor.js document (object or JSON text) and copies its known fields. */
export function toEditorJs(raw: unknown): EditorJsData | Invalid {
  let doc = raw;
  if (typeof raw === "string") {
    try {
      doc = JSON.parse(raw) as unknown;
    } catch (err) {
      return new Invalid(`Holds text that is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (doc === undefined || doc === null) return new Invalid(REQUIRED);
  if (!isObject(doc)) return new Invalid("Must be an Editor.js document {blocks: [...]}.");
  const problems: Problem[] = [];
  const { time, version, blocks } = doc;
  const value: EditorJsData = { blocks: [] };
  if (typeof time === "number" && Number.isFinite(time)) value.time = time;
  else if (typeof time === "string" && /^\d+$/.test(time)) value.time = Number(time);
  else if (time !== undefined && time !== null) {
    problems.push({ message: "Must be a number.", path: ["time"] });
  }
  if (typeof version === "string") value.version = version;
  else if (version !== undefined && version !== null) {
    problems.push({ message: "Must be a string.", path: ["version"] });
  }
  if (!Array.isArray(blocks)) {
    problems.push({ message: "Must be an array of blocks.", path: ["blocks"] });
  } else {
    for (let i = 0; i < blocks.length; i++) {
      const block = readBlock(blocks[i], i, problems);
      if (block) value.blocks.push(block);
    }
  }
  return problems.length > 0 ? new Invalid(problems) : value;
}

/** An optional Editor.js document: missing or null gives undefined. */
export const toOptionalEditorJs: Converter<EditorJsData | undefined> = (raw) =>
  raw === undefined || raw === null ? undefined : toEditorJs(raw);

/** A required Editor.js document `{time, version, blocks}`, also accepted as JSON text. */
export const editorJsSchema = coerce(toEditorJs);
