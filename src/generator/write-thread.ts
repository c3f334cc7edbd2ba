import { Worker } from "node:worker_threads";

/** What the writer thread reports for each file it wrote. */
export interface WrittenFile {
  size: number;
  sha256: string;
}

// Plain JavaScript evaluated in the worker: it must not depend on how the library is loaded
// (compiled dist, tsx, vitest), so it is a string rather than a module file.
const SOURCE = `
const { parentPort } = require("node:worker_threads");
const { mkdirSync, writeFileSync } = require("node:fs");
const { createHash } = require("node:crypto");
parentPort.on("message", (m) => {
  try {
    const data = typeof m.data === "string" ? Buffer.from(m.data) : m.data;
    if (m.dir) mkdirSync(m.dir, { recursive: true });
    writeFileSync(m.path, data);
    parentPort.postMessage({ id: m.id, size: data.length, sha256: createHash("sha256").update(data).digest("hex") });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
});
`;

/**
 * Writes files on a worker thread, so the file system's latency (a directory and a file per
 * page) overlaps with rendering on the main thread instead of adding to it. Files are written
 * in the order they are queued; each promise settles with the file's size and sha256.
 */
export class WriteThread {
  private readonly worker = new Worker(SOURCE, { eval: true });
  private readonly pending = new Map<
    number,
    { resolve: (f: WrittenFile) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;

  constructor() {
    this.worker.on("message", (m: { id: number; size: number; sha256: string; error?: string }) => {
      const waiter = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) waiter?.reject(new Error(m.error));
      else waiter?.resolve({ size: m.size, sha256: m.sha256 });
    });
    this.worker.on("error", (err) => this.failAll(err));
  }

  /**
   * Queues `data` for `path`, creating `dir` first when given. Text is encoded on the thread;
   * bytes are moved, not copied.
   */
  write(path: string, data: string | Uint8Array, dir: string | null): Promise<WrittenFile> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Text goes as it is and is encoded on the thread: encoding is main-thread time saved.
      const transferable =
        typeof data !== "string" &&
        data.byteOffset === 0 &&
        data.byteLength === data.buffer.byteLength;
      this.worker.postMessage(
        { id, path, data, dir },
        transferable ? [(data as Uint8Array).buffer as ArrayBuffer] : [],
      );
    });
  }

  /** Stops the thread; queued writes that have not finished are rejected. */
  async close(): Promise<void> {
    this.failAll(new Error("The writer thread was closed."));
    await this.worker.terminate();
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
  }
}
