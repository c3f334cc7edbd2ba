import { describe, expect, it } from "vitest";
import { MAX_RANGES, parseRange } from "../../src/versions/range.js";

const single = (start: number, end: number) => ({ kind: "single", start, end });
const none = { kind: "none" };

describe("parseRange against a 100-byte file", () => {
  it.each([
    ["bytes=0-9", single(0, 9)],
    ["bytes=10-", single(10, 99)],
    ["bytes=90-200", single(90, 99)],
    ["bytes=99-99", single(99, 99)],
    ["bytes=-10", single(90, 99)],
    ["bytes=-500", single(0, 99)],
    ["  BYTES = 5-6", single(5, 6)],
    ["bytes=0-4, 5-9", single(0, 9)], // touching spans merge
    ["bytes=20-29,0-9,5-25", single(0, 29)], // overlapping, out of order
    ["bytes=0-9,,", single(0, 9)], // empty specs are skipped
    ["bytes=0-20,5-9", single(0, 20)], // a span inside another keeps the larger end
  ])("%s", (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });

  it.each([
    [undefined],
    ["items=0-9"],
    ["bytes="],
    ["bytes=,"],
    ["bytes=-"],
    ["bytes=a-b"],
    ["bytes=9-0"], // last before first: invalid syntax
    ["bytes=0-9,20-29"], // two spans after merging: the whole file
    ["bytes=0-9 x"],
    ["xbytes=0-9"],
  ])("%s is ignored", (header) => {
    expect(parseRange(header, 100)).toEqual(none);
  });

  it("past the end or an empty suffix is unsatisfiable", () => {
    expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-5", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-5", 0)).toEqual({ kind: "unsatisfiable" });
  });

  it("the first byte only when the start equals size minus one", () => {
    expect(parseRange("bytes=0-0", 1)).toEqual(single(0, 0));
    expect(parseRange("bytes=-1", 1)).toEqual(single(0, 0));
  });

  it(`takes up to ${MAX_RANGES} ranges and ignores more`, () => {
    const spec = (n: number) =>
      `bytes=${Array.from({ length: n }, (_, i) => `${i * 2}-${i * 2 + 1}`).join(",")}`;
    expect(MAX_RANGES).toBe(16);
    expect(parseRange(spec(16), 100)).toEqual(single(0, 31));
    expect(parseRange(spec(17), 100)).toEqual(none);
  });
});
