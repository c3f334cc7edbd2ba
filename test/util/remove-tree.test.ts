/**
 * removeTree removes a build-sized tree by its own walk, without following links, lets the
 * event loop run meanwhile, and hands over to fs.rm where the walk stops.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { removeTree } from "../../src/util/remove-tree.js";

vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  return { ...actual, rmdirSync: vi.fn(actual.rmdirSync) };
});
vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, rm: vi.fn(actual.rm) };
});

const root = mkdtempSync(join(tmpdir(), "sw-remove-tree-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  vi.mocked(rm).mockClear();
  vi.restoreAllMocks();
});

function pageTree(name: string, pages: number): string {
  const tree = join(root, name);
  for (let i = 0; i < pages; i++) {
    mkdirSync(join(tree, `p${i}`), { recursive: true });
    writeFileSync(join(tree, `p${i}`, "index.html"), "<p>");
  }
  return tree;
}

describe("removeTree", () => {
  it("removes nested directories, files and links by its own walk, following no link", async () => {
    const outside = join(root, "outside");
    mkdirSync(outside);
    writeFileSync(join(outside, "keep.txt"), "keep");
    const tree = join(root, "tree");
    mkdirSync(join(tree, "a", "b", "c"), { recursive: true });
    writeFileSync(join(tree, "a", "b", "c", "index.html"), "x");
    writeFileSync(join(tree, "top.txt"), "y");
    symlinkSync(outside, join(tree, "a", "link-to-dir"));
    symlinkSync(join(outside, "keep.txt"), join(tree, "link-to-file"));
    await removeTree(tree);
    expect(existsSync(tree)).toBe(false);
    expect(readFileSync(join(outside, "keep.txt"), "utf8")).toBe("keep");
    expect(rm).not.toHaveBeenCalled();
  });

  it("removes a link to a directory, never what the directory holds, with or without a trailing slash", async () => {
    const target = join(root, "live");
    mkdirSync(join(target, "page"), { recursive: true });
    writeFileSync(join(target, "page", "index.html"), "live");
    for (const name of ["current", "current-slash"]) {
      const link = join(root, name);
      symlinkSync(target, link);
      await removeTree(name === "current" ? link : `${link}/`);
      expect(existsSync(link)).toBe(false);
      expect(readFileSync(join(target, "page", "index.html"), "utf8")).toBe("live");
    }
  });

  it("takes a missing path and a plain file", async () => {
    await expect(removeTree(join(root, "missing"))).resolves.toBeUndefined();
    const file = join(root, "file.txt");
    writeFileSync(file, "z");
    await removeTree(file);
    expect(existsSync(file)).toBe(false);
  });

  it("hands over to fs.rm where the walk stops, and the tree is still removed", async () => {
    const tree = pageTree("stuck", 20);
    vi.mocked(rmdirSync).mockImplementationOnce(() => {
      throw Object.assign(new Error("EBUSY: resource busy"), { code: "EBUSY" });
    });
    await removeTree(tree);
    expect(rm).toHaveBeenCalledTimes(1);
    expect(existsSync(tree)).toBe(false);
  });

  it("yields to the event loop once 20 ms have passed since it last did", async () => {
    const tree = pageTree("large", 200);
    // Each reading of the clock is 5 ms later: the walk must yield every few entries.
    let clock = 0;
    vi.spyOn(performance, "now").mockImplementation(() => (clock += 5));
    let turns = 0;
    const count = () =>
      setImmediate(() => {
        turns++;
        if (existsSync(tree)) count();
      });
    count();
    await removeTree(tree);
    expect(existsSync(tree)).toBe(false);
    expect(turns).toBeGreaterThan(20);
  });
});
