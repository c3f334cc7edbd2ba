/** lockFolder: one holder at a time, a release that removes only its own lock, coded refusals. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lockFolder } from "../../src/versions/folder-lock.js";
import { rejection } from "../helpers/rejection.js";

const root = mkdtempSync(join(tmpdir(), "sw-folder-lock-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const claim = (folder: string) => rejection((async () => lockFolder(folder, "a test"))());

describe("lockFolder", () => {
  it("lets one holder claim a folder, names it to the next, and frees it on release", async () => {
    const folder = join(root, "deep", "builds", "w1");
    const lock = lockFolder(folder, "release one");
    expect(lock.path).toBe(`${folder}.lock`);
    const refused = await claim(`${folder}/`);
    expect(refused.code).toBe("E_LOCKED");
    expect(refused.message).toContain(`(pid ${process.pid} on`);
    expect(refused.message).toContain("release one since");
    expect(refused.hint).toContain(`remove ${folder}.lock`);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    lockFolder(folder, "release two").release();
  });

  it("leaves a lock that is no longer its holder's", () => {
    const folder = join(root, "w2");
    const lock = lockFolder(folder, "first");
    // An operator removed it, and another run claimed the folder since.
    const second = '{"pid":1,"token":"another"}';
    writeFileSync(lock.path, second);
    lock.release();
    expect(readFileSync(lock.path, "utf8")).toBe(second);
  });

  it("refuses a folder whose lock cannot be written with E_OUTPUT, leaving nothing", async () => {
    const file = join(root, "a-file");
    writeFileSync(file, "");
    expect((await claim(join(file, "w3"))).code).toBe("E_OUTPUT");
    expect(readFileSync(file, "utf8")).toBe("");
  });
});
