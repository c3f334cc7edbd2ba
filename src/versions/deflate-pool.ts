/**
 * Reads, checksums and deflates files for the zip writer, on worker threads or inline. One
 * thread's zlib deflates this repository's HTML at ~55 MB/s, so a 10,000-page build spends
 * about a second there; spread over the cores, the zip is written about as fast as it is read.
 */
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { crc32, deflateRawSync } from "node:zlib";

/** A file to read and compress. */
export interface DeflateJob {
  path: string;
  /** Bytes the manifest promises; a file of another size is an error, not a silent change. */
  size: number;
  /** 0 stored (read and checksum only), 8 deflated at `level`. */
  method: 0 | 8;
  level: number;
}

/** A compressed file: the CRC-32 and size of its content, and the entry's data. */
export interface Deflated {
  crc: number;
  size: number;
  data: Uint8Array;
}

/** Does one job on the calling thread; the workers run the same steps (see SOURCE). */
export function deflateInline(job: DeflateJob): Deflated {
  const raw = job.method === 8 ? readInto(job.path, job.size) : readFileSync(job.path);
  if (raw.length !== job.size) throw sizeError(job.path, raw.length, job.size);
  const data = job.method === 8 ? deflateRawSync(raw, { level: job.level }) : raw;
  return { crc: crc32(raw) >>> 0, size: raw.length, data };
}

/** Scratch space for files that are deflated: their bytes are not kept, so not allocated. */
let scratch = Buffer.alloc(0);

/** Reads a file into the scratch buffer; one byte more than expected shows a grown file. */
function readInto(path: string, size: number): Buffer {
  if (scratch.length < size + 1) scratch = Buffer.allocUnsafe(Math.max(size + 1, 64 * 1024));
  const fd = openSync(path, "r");
  try {
    let done = 0;
    for (;;) {
      const n = readSync(fd, scratch, done, size + 1 - done, null);
      if (n === 0) break;
      done += n;
      if (done === size + 1) break;
    }
    return scratch.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

function sizeError(path: string, actual: number, expected: number): Error {
  return new Error(`${path} has ${actual} bytes but the manifest says ${expected}.`);
}

// Plain JavaScript evaluated in the worker, so it does not depend on how the library is
// loaded (compiled dist, tsx, vitest). It must stay equivalent to deflateInline.
const SOURCE = `
const { parentPort } = require("node:worker_threads");
const { closeSync, openSync, readFileSync, readSync } = require("node:fs");
const { crc32, deflateRawSync } = require("node:zlib");
let scratch = Buffer.alloc(0);
function readInto(path, size) {
  if (scratch.length < size + 1) scratch = Buffer.allocUnsafe(Math.max(size + 1, 64 * 1024));
  const fd = openSync(path, "r");
  try {
    let done = 0;
    for (;;) {
      const n = readSync(fd, scratch, done, size + 1 - done, null);
      if (n === 0) break;
      done += n;
      if (done === size + 1) break;
    }
    return scratch.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}
parentPort.on("message", (batch) => {
  const results = [];
  const transfer = [];
  for (const job of batch) {
    try {
      const raw = job.method === 8 ? readInto(job.path, job.size) : readFileSync(job.path);
      if (raw.length !== job.size) {
        throw new Error(job.path + " has " + raw.length + " bytes but the manifest says " + job.size + ".");
      }
      const data = job.method === 8 ? deflateRawSync(raw, { level: job.level }) : raw;
      results.push({ id: job.id, crc: crc32(raw) >>> 0, size: raw.length, data });
      if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) transfer.push(data.buffer);
    } catch (err) {
      results.push({ id: job.id, error: String((err && err.message) || err) });
    }
  }
  parentPort.postMessage(results, transfer);
});
`;

/** Jobs per message: a message costs a thread wake-up (~40 µs), a small page ~100 µs. */
const BATCH = 8;

/** A worker's answer to one job. */
interface Result {
  id: number;
  crc: number;
  size: number;
  data: Uint8Array;
  error?: string;
}

interface Waiter {
  resolve: (d: Deflated) => void;
  reject: (e: Error) => void;
}

/** Worker threads that run DeflateJobs; results come back in any order, each by its promise. */
export class DeflatePool {
  private readonly workers: Worker[];
  private readonly load: number[];
  private readonly pending = new Map<number, Waiter>();
  private nextId = 0;
  private batch: (DeflateJob & { id: number })[] = [];
  private flushQueued = false;

  /** Starts `threads` workers (default: one per core, at most 4). */
  constructor(threads = Math.min(4, availableParallelism())) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const w = new Worker(SOURCE, { eval: true });
      w.on("message", (results: Result[]) => this.settle(w, results));
      w.on("error", (err) => this.failAll(err));
      return w;
    });
    this.load = this.workers.map(() => 0);
  }

  /** Queues a job; it is sent with the next batch. */
  run(job: DeflateJob): Promise<Deflated> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.batch.push({ ...job, id });
      if (this.batch.length >= BATCH) this.flush();
      else if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Stops the workers; jobs still running are rejected. */
  async close(): Promise<void> {
    this.failAll(new Error("The deflate pool was closed."));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.batch.length === 0) return;
    // The least loaded worker takes the batch, so one slow file does not stall the others.
    let best = 0;
    for (let i = 1; i < this.workers.length; i++) {
      if ((this.load[i] as number) < (this.load[best] as number)) best = i;
    }
    this.load[best] = (this.load[best] as number) + this.batch.length;
    (this.workers[best] as Worker).postMessage(this.batch);
    this.batch = [];
  }

  private settle(worker: Worker, results: Result[]): void {
    const i = this.workers.indexOf(worker);
    this.load[i] = (this.load[i] as number) - results.length;
    for (const r of results) {
      const waiter = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (r.error !== undefined) waiter?.reject(new Error(r.error));
      else waiter?.resolve({ crc: r.crc, size: r.size, data: r.data });
    }
  }

  private failAll(err: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(err);
    this.pending.clear();
    this.batch = [];
  }
}
