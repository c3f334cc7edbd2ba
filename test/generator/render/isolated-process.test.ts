import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { exitKind, spawnIsolated } from "../../../src/generator/render/isolated-process.js";

// The boundary alone: no template allow-list and no runtime guards, only the process.
const dir = mkdtempSync(join(tmpdir(), "sw-boundary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const probe = fileURLToPath(new URL("./fixtures/boundary-probe.mjs", import.meta.url));

function run(entry: string, message: unknown, heapMb = 64) {
  const { child, stderrTail } = spawnIsolated(entry, { heapMb });
  return new Promise<{
    reply: Record<string, unknown> | null;
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve) => {
    let reply: Record<string, unknown> | null = null;
    child.on("message", (m) => {
      reply = m as Record<string, unknown>;
      child.disconnect();
    });
    child.on("exit", (code, signal) => resolve({ reply, code, signal, stderr: stderrTail() }));
    child.send(message as object);
  });
}

describe("the render process boundary, alone", () => {
  it("has no environment, cannot write, spawn, start threads or read outside its code", async () => {
    const marker = join(dir, "pwned");
    const outside = join(dir, "secret.txt");
    writeFileSync(outside, "server secret");
    const payload = `{{ 1 is '"+process.getBuiltinModule("fs").writeFileSync(${JSON.stringify(
      `${marker}-template`,
    ).replace(/"/g, "`")}, "x")+"' }}`;
    const { reply } = await run(probe, { marker, outside, payload });
    expect(reply).not.toBeNull();
    const r = reply as Record<string, { ok: boolean; code?: string }> & { env: string[] };
    expect(r.env).toEqual([]);
    for (const probe of [r.writeFile, r.readOutside, r.spawn, r.worker])
      expect(probe).toMatchObject({ ok: false, code: "ERR_ACCESS_DENIED" });
    // The paste did run (plain nunjucks has no defence), and still wrote nothing.
    expect(r.template).toMatchObject({
      ok: false,
      message: expect.stringMatching(/has been restricted/),
    });
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(`${marker}-template`)).toBe(false);
  });

  it("a process over its heap limit dies as out-of-memory and the host lives on", async () => {
    const entry = fileURLToPath(new URL("./fixtures/heap-hog.mjs", import.meta.url));
    const result = await run(entry, {}, 32);
    expect(result.reply).toBeNull();
    expect(exitKind(result.code, result.signal, result.stderr)).toBe("out-of-memory");
  });

  it("cannot even load a module outside the package", async () => {
    const stray = join(dir, "stray.mjs");
    writeFileSync(stray, "process.send('loaded')");
    const result = await run(stray, {});
    expect(result.reply).toBeNull();
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/ERR_ACCESS_DENIED/);
  });

  it("a message sent to a process that has died is not an unhandled error in the host", async () => {
    // Inside the package: a module outside it could not even be loaded (see above).
    const quits = fileURLToPath(new URL("./fixtures/quits.mjs", import.meta.url));
    const { child, stderrTail } = spawnIsolated(quits, { heapMb: 32 });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    // Node reports this send as an 'error' event; unhandled, it would end the test process.
    child.send({ type: "late" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stderrTail()).toMatch(/ERR_IPC_CHANNEL_CLOSED|Channel closed/);
  });
});
