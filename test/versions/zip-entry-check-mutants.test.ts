import { describe, expect, it } from "vitest";
import { isSitewrightError } from "../../src/errors.js";
import {
  checkEntry,
  checkTotals,
  DEFAULT_ZIP_LIMITS,
  invalid,
  type RawEntry,
  type ZipLimits,
} from "../../src/versions/zip-entry-check.js";

const limits: ZipLimits = {
  maxEntries: 10,
  maxTotalBytes: 10_000,
  maxEntryBytes: 5_000,
  maxRatio: 10,
  ratioMinBytes: 1_000,
};

const unixMode = (mode: number) => (mode << 16) >>> 0;
const entry = (over: Partial<RawEntry> = {}): RawEntry => ({
  name: "a/b.html",
  versionMadeBy: 0x0314,
  externalFileAttributes: unixMode(0o100644),
  generalPurposeBitFlag: 0,
  compressionMethod: 8,
  compressedSize: 100,
  uncompressedSize: 200,
  ...over,
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isSitewrightError(err)) return `${err.code}: ${err.message}`;
    throw err;
  }
  return "ok";
}

describe("checkEntry", () => {
  it("classifies files and directories", () => {
    expect(checkEntry(entry(), limits, "z.zip")).toBe("file");
    expect(checkEntry(entry({ externalFileAttributes: 0 }), limits, "z.zip")).toBe("file");
    expect(
      checkEntry(entry({ name: "a/", compressedSize: 0, uncompressedSize: 0 }), limits, "z"),
    ).toBe("dir");
    const dirMode = entry({ name: "a", externalFileAttributes: unixMode(0o040755) });
    expect(checkEntry(dirMode, limits, "z")).toBe("dir");
    // A directory name with huge declared sizes is still only a directory.
    expect(
      checkEntry(entry({ name: "d/", uncompressedSize: 10 ** 9, compressedSize: 0 }), limits, "z"),
    ).toBe("dir");
  });

  it.each([
    ["../x", "E_ZIP_UNSAFE"],
    ["/etc/passwd", "E_ZIP_UNSAFE"],
    ["../", "E_ZIP_UNSAFE"],
  ])("refuses the name %s", (name, code) => {
    expect(codeOf(() => checkEntry(entry({ name }), limits, "z.zip"))).toMatch(
      new RegExp(`^${code}: z\\.zip holds an unsafe entry`),
    );
  });

  it("refuses links and special files, naming the mode", () => {
    expect(
      codeOf(() => checkEntry(entry({ externalFileAttributes: unixMode(0o120777) }), limits, "z")),
    ).toContain("symbolic link entry");
    expect(
      codeOf(() => checkEntry(entry({ externalFileAttributes: unixMode(0o010644) }), limits, "z")),
    ).toContain("special file (mode 10644)");
    expect(
      codeOf(() => checkEntry(entry({ externalFileAttributes: unixMode(0o060644) }), limits, "z")),
    ).toMatch(/^E_ZIP_UNSAFE: .*special file/);
  });

  it("refuses encryption and unknown compression methods", () => {
    expect(codeOf(() => checkEntry(entry({ generalPurposeBitFlag: 0x1 }), limits, "z"))).toBe(
      "E_ZIP_INVALID: z is not a usable zip: a/b.html is encrypted.",
    );
    expect(checkEntry(entry({ generalPurposeBitFlag: 0x8 }), limits, "z")).toBe("file");
    expect(codeOf(() => checkEntry(entry({ compressionMethod: 12 }), limits, "z"))).toBe(
      "E_ZIP_INVALID: z is not a usable zip: a/b.html uses compression method 12.",
    );
    expect(checkEntry(entry({ compressionMethod: 0, compressedSize: 200 }), limits, "z")).toBe(
      "file",
    );
  });

  it("limits one entry's size at exactly maxEntryBytes", () => {
    expect(checkEntry(entry({ uncompressedSize: 5_000, compressedSize: 4_000 }), limits, "z")).toBe(
      "file",
    );
    expect(
      codeOf(() =>
        checkEntry(entry({ uncompressedSize: 5_001, compressedSize: 4_000 }), limits, "z"),
      ),
    ).toBe(
      "E_ZIP_LIMIT: z was rejected: a/b.html would unpack to 5001 bytes, above the 5000-byte limit per file.",
    );
  });

  it("refuses bytes from no data, but an empty file is fine", () => {
    expect(
      codeOf(() => checkEntry(entry({ uncompressedSize: 1, compressedSize: 0 }), limits, "z")),
    ).toBe("E_ZIP_INVALID: z is not a usable zip: a/b.html declares 1 bytes from no data.");
    expect(checkEntry(entry({ uncompressedSize: 0, compressedSize: 0 }), limits, "z")).toBe("file");
  });

  it("limits the ratio only above ratioMinBytes, and only above maxRatio", () => {
    expect(checkEntry(entry({ uncompressedSize: 1_000, compressedSize: 1 }), limits, "z")).toBe(
      "file",
    );
    expect(checkEntry(entry({ uncompressedSize: 2_000, compressedSize: 200 }), limits, "z")).toBe(
      "file",
    );
    expect(
      codeOf(() =>
        checkEntry(entry({ uncompressedSize: 2_001, compressedSize: 200 }), limits, "z"),
      ),
    ).toBe(
      "E_ZIP_LIMIT: z was rejected: a/b.html has a compression ratio of 10, above 10 (a zip bomb?).",
    );
  });
});

describe("checkTotals", () => {
  it("limits entries and total bytes at exactly the limit", () => {
    expect(() => checkTotals(10, 10_000, 5_000, limits, "z")).not.toThrow();
    expect(codeOf(() => checkTotals(11, 0, 0, limits, "z"))).toBe(
      "E_ZIP_LIMIT: z was rejected: it holds 11 entries, above the limit of 10.",
    );
    expect(codeOf(() => checkTotals(1, 10_001, 5_000, limits, "z"))).toBe(
      "E_ZIP_LIMIT: z was rejected: it would unpack to 10001 bytes, above the limit of 10000.",
    );
  });

  it("limits the archive's ratio above ratioMinBytes", () => {
    expect(() => checkTotals(1, 1_000, 0, limits, "z")).not.toThrow();
    expect(() => checkTotals(1, 2_000, 200, limits, "z")).not.toThrow();
    expect(codeOf(() => checkTotals(1, 2_001, 200, limits, "z"))).toBe(
      "E_ZIP_LIMIT: z was rejected: it would unpack to 10 times its size, above 10 (a zip bomb?).",
    );
    expect(codeOf(() => checkTotals(1, 1_001, 0, limits, "z"))).toMatch(/1001 times its size/);
  });

  it("errors carry hints that say nothing was imported", () => {
    let hint = "";
    try {
      checkTotals(11, 0, 0, limits, "z");
    } catch (err) {
      hint = isSitewrightError(err) ? (err.hint ?? "") : "";
    }
    expect(hint).toBe("Nothing was imported. Raise the import limits if the archive is trusted.");
    expect(invalid("z", "w", "Do X.").hint).toBe("Nothing was imported. Do X.");
  });

  it("the defaults are sized for websites", () => {
    expect(DEFAULT_ZIP_LIMITS).toEqual({
      maxEntries: 200_000,
      maxTotalBytes: 4 * 1024 ** 3,
      maxEntryBytes: 1024 ** 3,
      maxRatio: 200,
      ratioMinBytes: 1024 * 1024,
    });
  });
});
