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
parentPort.on("message", (batch) => {
  parentPort.postMessage(batch.map((m) => {
    try {
      const data = typeof m.data === "string" ? Buffer.from(m.data) : m.data;
      if (m.dir) mkdirSync(m.dir, { recursive: true });
      writeFileSync(m.path, data);
      return { id: m.id, size: data.length, sha256: createHash("sha256").update(data).digest("hex") };
    } catch (err) {
      return { id: m.id, error: String(err && err.message || err) };
    }
  }));
});
`;

/**
 * Files sent to the thread per message. Each message costs the main thread ~40 µs here (a
 * thread wake-up), as much as rendering a third of a page; batches of 8 keep that to ~5 µs
 * a file while the thread still starts on the first files of a page burst at once.
 */
const BATCH = 8;

/**
 * Text longer than this (in UTF-16 units) is encoded here and its bytes moved: sent as text it
 * is copied into the message and again into the thread (a 100,000-page build's 32 MB search
 * index raised its RSS by 72 MB while it was written).
 */
const ENCODE_HERE = 1 << 20;

interface Job {
  id: number;
  path: string;
  data: string | Uint8Array;
  dir: string | null;
}

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
  private batch: Job[] = [];
  private transfer: ArrayBuffer[] = [];
  private flushQueued = false;

  constructor() {
    this.worker.on(
      "message",
      (results: { id: number; size: number; sha256: string; error?: string }[]) => {
        for (const m of results) {
          const waiter = this.pending.get(m.id);
          this.pending.delete(m.id);
          if (m.error) waiter?.reject(new Error(m.error));
          else waiter?.resolve({ size: m.size, sha256: m.sha256 });
        }
      },
    );
    this.worker.on("error", (err) => this.failAll(err));
  }

  /**
   * Queues `data` for `path`, creating `dir` first when given. Short text is encoded on the
   * thread; bytes (and long text, encoded here) are moved, not copied.
   */
  write(path: string, text: string | Uint8Array, dir: string | null): Promise<WrittenFile> {
    const data = typeof text === "string" && text.length > ENCODE_HERE ? Buffer.from(text) : text;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.batch.push({ id, path, data, dir });
      if (
        typeof data !== "string" &&
        data.byteOffset === 0 &&
        data.byteLength === data.buffer.byteLength
      )
        this.transfer.push(data.buffer as ArrayBuffer);
      if (this.batch.length >= BATCH) this.flush();
      else if (!this.flushQueued) {
        // A short batch goes once the caller yields, so a lone file never waits for company.
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Stops the thread; queued writes that have not finished are rejected. */
  async close(): Promise<void> {
    this.failAll(new Error("The writer thread was closed."));
    await this.worker.terminate();
  }

  private flush(): void {
    this.flushQueued = false;
    const batch = this.batch;
    const transfer = this.transfer;
    if (batch.length === 0) return;
    this.batch = [];
    this.transfer = [];
    try {
      this.worker.postMessage(batch, transfer);
    } catch (err) {
      // A batch that cannot be sent (a buffer already moved, say) fails as a whole, here.
      for (const job of batch) {
        this.pending.get(job.id)?.reject(err as Error);
        this.pending.delete(job.id);
      }
    }
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
    this.batch = [];
    this.transfer = [];
  }
}
