import { describe, expect, it } from "vitest";
import { createManifest, type Manifest } from "../../src/contracts/manifest.js";
import { assertSafePaths, planDeploy } from "../../src/deploy/plan.js";
import { CONTROL_NAMES } from "../../src/deploy/target-names.js";
import { isSitewrightError } from "../../src/errors.js";

const e = (size: number, c: string) => ({ size, sha256: c.repeat(64) });
const manifest = (...files: [string, number, string][]): Manifest =>
  createManifest(files.map(([p, size, c]) => [p, e(size, c)]));
const live = manifest(["same", 1, "a"], ["edit", 2, "c"], ["gone", 5, "d"]);
const next = manifest(["same", 1, "a"], ["edit", 2, "e"], ["new", 3, "f"]);
const ZERO = {
  uploadFiles: 0,
  uploadBytes: 0,
  linkFiles: 0,
  linkBytes: 0,
  deleteFiles: 0,
  deleteBytes: 0,
};

describe("planDeploy", () => {
  it("an upload over a live version: every count and byte total", () => {
    const plan = planDeploy(next, "v2", { current: "v1", manifest: live, hasVersion: false });
    expect(plan).toEqual({
      versionId: "v2",
      from: "v1",
      action: "upload",
      uploads: [
        { path: "edit", size: 2, reason: "sha256 differs" },
        { path: "new", size: 3, reason: "new" },
      ],
      links: ["same"],
      deletes: ["gone"],
      summary: {
        uploadFiles: 2,
        uploadBytes: 5,
        linkFiles: 1,
        linkBytes: 1,
        deleteFiles: 1,
        deleteBytes: 5,
        totalFiles: 3,
        totalBytes: 6,
      },
    });
  });

  it("a first upload has no live manifest: everything is new, nothing deleted", () => {
    const plan = planDeploy(next, "v1", { current: null, manifest: live, hasVersion: false });
    expect(plan.from).toBeNull();
    expect(plan.uploads.map((u) => u.reason)).toEqual(["new", "new", "new"]);
    expect(plan.links).toEqual([]);
    expect(plan.deletes).toEqual([]);
    expect(plan.summary.uploadBytes).toBe(6);
  });

  it("activate uploads and links nothing but still lists what the switch drops", () => {
    const plan = planDeploy(next, "v2", { current: "v1", manifest: live, hasVersion: true });
    expect(plan.action).toBe("activate");
    expect([plan.uploads, plan.links, plan.deletes]).toEqual([[], [], ["gone"]]);
    expect(plan.summary).toEqual({
      ...ZERO,
      deleteFiles: 1,
      deleteBytes: 5,
      totalFiles: 3,
      totalBytes: 6,
    });
  });

  it("none when the version is already live, whatever hasVersion says", () => {
    for (const hasVersion of [true, false]) {
      const plan = planDeploy(next, "v1", { current: "v1", manifest: live, hasVersion });
      expect(plan.action).toBe("none");
      expect([plan.uploads, plan.links, plan.deletes]).toEqual([[], [], []]);
      expect(plan.summary).toEqual({ ...ZERO, totalFiles: 3, totalBytes: 6 });
    }
  });
});

describe("assertSafePaths", () => {
  it.each(["../x", "/abs", "a//b", "a/./b", "a/", "", "x\u0000y"])("refuses %j", (path) => {
    expect(() => assertSafePaths(manifest([path, 1, "a"]))).toThrow(/unsafe path/);
  });

  it.each(["manifest.json", "version.json", ...CONTROL_NAMES])(
    "refuses the reserved %s",
    (path) => {
      let message = "";
      try {
        assertSafePaths(manifest(["ok.html", 1, "a"], [path, 1, "a"]));
      } catch (err) {
        message = isSitewrightError(err) && err.code === "E_UNSAFE_PATH" ? err.message : "";
      }
      expect(message).toBe(
        `The manifest lists an unsafe path ${JSON.stringify(path)}: reserved name.`,
      );
    },
  );

  it("accepts ordinary nested paths, and planDeploy checks first", () => {
    expect(() =>
      assertSafePaths(manifest(["a/b/c.html", 1, "a"], ["d/manifest.json", 1, "b"])),
    ).not.toThrow();
    expect(() =>
      planDeploy(manifest(["../x", 1, "a"]), "v", {
        current: null,
        manifest: null,
        hasVersion: false,
      }),
    ).toThrow(/unsafe path/);
  });
});
