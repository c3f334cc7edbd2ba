/**
 * Sends a version's changed files into its temp dir on an SSH target: one tar stream into a
 * remote `tar -x` (the default, measured faster; it also creates the temp dir and hard-links the
 * unchanged files, in the same round trip), or SFTP writes with bounded concurrency into a dir
 * `stage` made. manifest.json (gzipped) and version.json ride along.
 */
import { posix } from "node:path";
import { gzipSync } from "node:zlib";
import { VERSION_FILE } from "../../versions/version-meta.js";
import type { TransferProgress, VersionSource } from "../target.js";
import { LINKS_LIST, PACKED_MANIFEST } from "../target-names.js";
import * as scripts from "./remote-scripts.js";
import { sftpUpload } from "./sftp-upload.js";
import { shScript } from "./shell-quote.js";
import type { SshScriptRunner } from "./ssh-lock.js";
import { createTarStream, type TarFile } from "./tar-writer.js";

/** How to upload and where. */
export interface SshUploadOptions {
  /** Website dir on the server. */
  dir: string;
  /** Temp dir name under `versions/`. */
  staging: string;
  /** Tar only: gzipped NUL-separated paths to hard-link from version `from` ("" for none). */
  links: { list: Buffer; from: string };
  transfer?: "tar" | "sftp";
  sftpConcurrency?: number;
  signal?: AbortSignal;
  onProgress?: TransferProgress;
  /** Called with every chunk's size as it goes on the wire (a failed attempt counts too). */
  onBytes: (count: number) => void;
}

/** Uploads `paths` (build-relative) of `source`; resolves once the remote side has them all. */
export async function sshUpload(
  runner: SshScriptRunner,
  source: VersionSource,
  paths: readonly string[],
  options: SshUploadOptions,
): Promise<{ bytesSent: number }> {
  const { dir, staging, signal, onProgress } = options;
  const files: TarFile[] = paths.map((p) => ({
    name: p,
    source: posix.join(source.dir, p),
    size: source.manifest.files[p]?.size ?? 0,
  }));
  // The manifest of a 10,000-file site is ~1 MB of JSON and travels on every deploy, even a
  // one-page one; gzip halves it, and the verify step restores it before checking.
  const packed = gzipSync(source.manifestJson, { level: 9 });
  files.push({ name: PACKED_MANIFEST, source: packed, size: packed.length });
  files.push({ name: VERSION_FILE, source: source.versionJson, size: source.versionJson.length });
  const conn = await runner.connection(signal);
  if (options.transfer === "sftp") {
    const sent = await sftpUpload(conn, posix.join(dir, "versions", staging), files, {
      concurrency: options.sftpConcurrency ?? 16,
      ...(signal ? { signal } : {}),
      ...(onProgress ? { onProgress } : {}),
      mkdirs: (dirs) =>
        runner
          .run("Creating directories", scripts.MKDIRS, [dir, staging], {
            stdin: dirs.length > 0 ? `${dirs.join("\0")}\0` : "",
          })
          .then(() => undefined),
    });
    options.onBytes(sent.bytesSent);
    return sent;
  }
  // The link list goes first: small, and the remote links once everything is extracted.
  const { list, from } = options.links;
  if (list.length > 0) files.unshift({ name: LINKS_LIST, source: list, size: list.length });
  let done = 0;
  let bytes = 0;
  let bytesSent = 0;
  const stream = (group: readonly TarFile[]) =>
    createTarStream(
      group,
      (file) => {
        if (file.name === LINKS_LIST) return;
        done++;
        bytes += file.size;
        onProgress?.({ files: done, bytes });
      },
      (count) => {
        bytesSent += count;
        options.onBytes(count);
      },
    );
  const [first, second] = splitForStreams(files);
  // A failure of one stream stops the other; each exec waits for its remote command to end.
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let ready: () => void = () => undefined;
  const dirReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const runs: Array<Promise<unknown>> = [
    conn.run(shScript(scripts.UNTAR, [dir, staging, list.length > 0 ? from : ""]), {
      stdin: stream(first),
      what: "Extracting the upload and hard-linking unchanged files",
      signal: both,
      onStdout: (chunk) => {
        if (chunk.includes("ready")) ready();
      },
    }),
  ];
  if (second.length > 0) {
    runs.push(
      Promise.race([dirReady, runs[0]]).then(() =>
        conn.run(shScript(scripts.UNTAR_MORE, [dir, staging]), {
          stdin: stream(second),
          what: "Extracting the upload",
          signal: both,
        }),
      ),
    );
  }
  const settled = await Promise.allSettled(
    runs.map((run) =>
      run.catch((err) => {
        if (!stop.signal.aborted) stop.abort(err);
        throw err;
      }),
    ),
  );
  if (stop.signal.aborted) throw stop.signal.reason;
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return { bytesSent };
}

/** Files of a large upload to send in two parallel streams (file creation on the server is the bottleneck). */
const PARALLEL_MIN_FILES = 1_000;

/**
 * Splits an upload into two tar streams when it is large: the server creates files in two
 * processes at once (measured: the remote tar, not the network, is the bottleneck of a full
 * deploy). The first stream keeps the control files, whose order matters.
 */
function splitForStreams(files: readonly TarFile[]): [TarFile[], TarFile[]] {
  if (files.length < PARALLEL_MIN_FILES) return [[...files], []];
  const first: TarFile[] = [];
  const second: TarFile[] = [];
  let a = 0;
  let b = 0;
  for (const file of files) {
    const control = file.name === LINKS_LIST || file.name === PACKED_MANIFEST;
    if (control || a <= b) {
      first.push(file);
      a += file.size + 512;
    } else {
      second.push(file);
      b += file.size + 512;
    }
  }
  return [first, second];
}
