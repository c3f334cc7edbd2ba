/**
 * The SFTP alternative to the tar stream: directories made in one remote command, then files
 * written with bounded concurrency. Kept selectable (`transfer: "sftp"`) for servers without
 * GNU tar and so the benchmark can compare the two.
 */
import { posix } from "node:path";
import { SitewrightError } from "../../errors.js";
import { abortError } from "../retry.js";
import type { TransferProgress } from "../target.js";
import type { SshConnection } from "./ssh-connection.js";
import type { TarFile } from "./tar-writer.js";

/** Options of an SFTP upload. */
export interface SftpUploadOptions {
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: TransferProgress;
  /** Creates the given relative directories under the upload dir. */
  mkdirs(dirs: string[]): Promise<void>;
}

/** Uploads `files` under `remoteDir`; returns the payload bytes sent. */
export async function sftpUpload(
  conn: SshConnection,
  remoteDir: string,
  files: readonly TarFile[],
  options: SftpUploadOptions,
): Promise<{ bytesSent: number }> {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let d = posix.dirname(file.name); d !== "." && !dirs.has(d); d = posix.dirname(d))
      dirs.add(d);
  }
  await options.mkdirs([...dirs].sort());
  const sftp = await conn.sftp();
  let next = 0;
  let done = 0;
  let bytes = 0;
  let failure: unknown;
  const { signal } = options;
  const onAbort = () => sftp.end();
  signal?.addEventListener("abort", onAbort, { once: true });
  const worker = async () => {
    while (next < files.length && failure === undefined) {
      if (signal?.aborted) throw abortError(signal);
      const file = files[next++] as TarFile;
      const remote = posix.join(remoteDir, file.name);
      await new Promise<void>((resolve, reject) => {
        const cb = (err: Error | undefined) => (err ? reject(err) : resolve());
        if (Buffer.isBuffer(file.source)) sftp.writeFile(remote, file.source, cb);
        else sftp.fastPut(file.source, remote, cb);
      });
      done++;
      bytes += file.size;
      options.onProgress?.({ files: done, bytes });
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency, files.length) }, () =>
        worker().catch((err) => {
          failure ??= err;
        }),
      ),
    );
  } finally {
    signal?.removeEventListener("abort", onAbort);
    sftp.end();
  }
  if (signal?.aborted) throw abortError(signal);
  if (failure !== undefined) {
    if (failure instanceof SitewrightError) throw failure;
    throw new SitewrightError(
      "E_REMOTE",
      `SFTP upload to ${conn.label} failed: ${(failure as Error).message}.`,
      {
        cause: failure,
        hint: "Check free space and permissions under the remote root.",
        details: { transient: conn.closed },
      },
    );
  }
  return { bytesSent: files.reduce((n, f) => n + f.size, 0) };
}
