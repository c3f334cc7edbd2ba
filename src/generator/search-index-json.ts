/**
 * `JSON.stringify(miniSearch)` made piece by piece. MiniSearch's own toJSON first copies the
 * whole index into plain objects and then into one string: for 100,000 pages that is ~90 MB
 * of objects and a 32 MB string at once, the build process's peak. Here each term becomes
 * JSON on its own and the text goes into byte chunks as it is made, so the peak is the bytes.
 * The output is byte for byte the same (search-index-json.test.ts compares the two).
 */
import type MiniSearch from "minisearch";

/** The fields MiniSearch 7's toJSON reads (private in its types, stable in its format 2). */
interface MiniSearchState {
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
  _index: Iterable<[string, Map<number, Map<number, number>>]>;
}

// Text is turned into bytes once this much of it is waiting.
const CHUNK = 1 << 20;

type Push = (text: string) => void;

/** The index as `JSON.stringify(search)` would write it, as UTF-8 bytes. */
export function searchIndexJson(search: MiniSearch): Buffer {
  const state = search as unknown as MiniSearchState;
  const value = (v: unknown) => (push: Push) => push(JSON.stringify(v));
  // The fields in the order toJSON lists them.
  const fields: Array<[string, (push: Push) => void]> = [
    ["documentCount", value(state._documentCount)],
    ["nextId", value(state._nextId)],
    ["documentIds", (push) => mapAsObject(state._documentIds, push)],
    ["fieldIds", value(state._fieldIds)],
    ["fieldLength", (push) => mapAsObject(state._fieldLength, push)],
    ["averageFieldLength", value(state._avgFieldLength)],
    ["storedFields", (push) => mapAsObject(state._storedFields, push)],
    ["dirtCount", value(state._dirtCount)],
    ["index", (push) => indexEntries(state._index, push)],
    ["serializationVersion", value(2)],
  ];
  const out = chunks();
  fields.forEach(([name, write], i) => {
    out.push(`${i === 0 ? "{" : ","}${JSON.stringify(name)}:`);
    write(out.push);
  });
  out.push("}");
  return out.bytes();
}

/** The index's terms, each as toJSON makes its entry, so that number keys come out in the same order. */
function indexEntries(index: MiniSearchState["_index"], push: Push): void {
  let separator = "[";
  for (const [term, fieldIndex] of index) {
    const data: Record<number, Record<number, number>> = {};
    for (const [fieldId, freqs] of fieldIndex) data[fieldId] = Object.fromEntries(freqs);
    push(`${separator}${JSON.stringify([term, data])}`);
    separator = ",";
  }
  push(separator === "[" ? "[]" : "]");
}

/**
 * `JSON.stringify(Object.fromEntries(map))` for a map keyed by MiniSearch's short ids: whole
 * numbers, which an object lists in ascending order whatever order they were added in.
 */
function mapAsObject(map: Map<number, unknown>, push: Push): void {
  const keys = [...map.keys()];
  if (!keys.every((k) => Number.isInteger(k) && k >= 0 && k < 2 ** 32 - 1))
    throw new Error("A MiniSearch short id is not a whole number: the index format changed.");
  keys.sort((a, b) => a - b);
  let separator = "{";
  for (const key of keys) {
    const value = JSON.stringify(map.get(key));
    // JSON.stringify leaves out a key whose value it cannot write.
    if (value === undefined) continue;
    push(`${separator}"${key}":${value}`);
    separator = ",";
  }
  push(separator === "{" ? "{}" : "}");
}

function chunks(): { push: Push; bytes: () => Buffer } {
  const parts: Buffer[] = [];
  let waiting: string[] = [];
  let length = 0;
  const flush = () => {
    parts.push(Buffer.from(waiting.join("")));
    waiting = [];
    length = 0;
  };
  return {
    push(text) {
      waiting.push(text);
      length += text.length;
      if (length >= CHUNK) flush();
    },
    bytes() {
      flush();
      return Buffer.concat(parts);
    },
  };
}
