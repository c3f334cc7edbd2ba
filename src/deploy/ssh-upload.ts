/**
 * Sends a version's changed files into its temp dir on an SSH target: one tar stream into a
 * remote `tar -x` (the default, measured faster; it also creates the temp dir and hard-links the
 * unchanged files, in the same round trip), or SFTP writes with bounded concurrency into a dir
 * `stage` made. manifest.json (gzipped) and version.json ride along.
 */
import { posix } from "node:path";
import { gzipSync } from "node:zlib";
import { VERSION_FILE } from "../versions/version-meta.js";
import * as scripts from "./remote-scripts.js";
import { LINKS_LIST, PACKED_MANIFEST } from "./remote-scripts.js";
import { sftpUpload } from "./sftp-upload.js";
import { shScript } from "./shell-quote.js";
import type { SshScriptRunner } from "./ssh-lock.js";
import { createTarStream, type TarFile } from "./tar-writer.js";
import type { TransferProgress, VersionSource } from "./target.js";

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
  const tar = createTarStream(
    files,
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
  await conn.run(shScript(scripts.UNTAR, [dir, staging, list.length > 0 ? from : ""]), {
    stdin: tar,
    what: "Extracting the upload and hard-linking unchanged files",
    ...(signal ? { signal } : {}),
  });
  return { bytesSent };
}
