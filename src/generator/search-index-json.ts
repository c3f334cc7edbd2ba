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

/** The index as `JSON.stringify(search)` would write it, as UTF-8 bytes. */
export function searchIndexJson(search: MiniSearch): Buffer {
  const state = search as unknown as MiniSearchState;
  const out = chunks();
  const field = (name: string, json: string) => out.push(`${JSON.stringify(name)}:${json},`);
  out.push("{");
  field("documentCount", JSON.stringify(state._documentCount));
  field("nextId", JSON.stringify(state._nextId));
  out.push('"documentIds":');
  mapAsObject(state._documentIds, out.push);
  out.push(",");
  field("fieldIds", JSON.stringify(state._fieldIds));
  out.push('"fieldLength":');
  mapAsObject(state._fieldLength, out.push);
  out.push(",");
  field("averageFieldLength", JSON.stringify(state._avgFieldLength));
  out.push('"storedFields":');
  mapAsObject(state._storedFields, out.push);
  out.push(",");
  field("dirtCount", JSON.stringify(state._dirtCount));
  out.push('"index":[');
  let first = true;
  for (const [term, fieldIndex] of state._index) {
    // As toJSON builds each entry, so that number keys come out in the same order.
    const data: Record<number, Record<number, number>> = {};
    for (const [fieldId, freqs] of fieldIndex) data[fieldId] = Object.fromEntries(freqs);
    out.push(`${first ? "" : ","}${JSON.stringify([term, data])}`);
    first = false;
  }
  out.push('],"serializationVersion":2}');
  return out.bytes();
}

/**
 * `JSON.stringify(Object.fromEntries(map))` for a map keyed by MiniSearch's short ids: whole
 * numbers, which an object lists in ascending order whatever order they were added in.
 */
function mapAsObject(map: Map<number, unknown>, push: (text: string) => void): void {
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

function chunks(): { push: (text: string) => void; bytes: () => Buffer } {
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
