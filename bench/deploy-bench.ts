/**
 * Deploy benchmark (issue 5): a 10,000-file build deployed to a loopback sshd with the tar
 * stream and with SFTP, beside `rsync -a -e ssh` of the same directory in the same run, then a
 * redeploy after a one-page change (bytes sent must stay under 1% of the full deploy).
 * Run: npx tsx bench/deploy-bench.ts [files]
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { createManifest, MANIFEST_FILE, type ManifestEntry } from "../src/contracts/manifest.js";
import { deploy } from "../src/deploy/deploy.js";
import { createVersionStore } from "../src/versions/store.js";
import { sshTarget } from "../test/helpers/ssh-targets.js";
import { startSshd } from "../test/helpers/sshd.js";

const run = promisify(execFile);
const FILES = Number(process.argv[2] ?? 10_000);
const WORDS =
  "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua".split(
    " ",
  );

function page(i: number): Buffer {
  const words: string[] = [];
  const count = 800 + ((i * 7919) % 1600); // ~5-15 KB of HTML
  for (let w = 0; w < count; w++) words.push(WORDS[(i + w * 31) % WORDS.length] as string);
  return Buffer.from(
    `<!doctype html><html><head><title>Page ${i}</title></head><body><main><h1>Page ${i}</h1><p>${words.join(" ")}</p></main></body></html>\n`,
  );
}

/** Writes the build: 80% HTML pages in nested dirs, 20% binary assets (incompressible, like images). */
async function writeSite(dir: string, changed?: number): Promise<void> {
  const entries: Array<[string, ManifestEntry]> = [];
  const pages = Math.floor(FILES * 0.8);
  for (let i = 0; i < FILES; i++) {
    const path =
      i < pages ? `section-${i % 40}/page-${i}/index.html` : `assets/img-${i % 20}/image-${i}.bin`;
    let data = i < pages ? page(i) : seeded(i, 20_000 + ((i * 104729) % 60_000));
    if (i === changed) data = Buffer.concat([data, Buffer.from("<!-- edited -->\n")]);
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), data);
    entries.push([
      path,
      { size: data.length, sha256: createHash("sha256").update(data).digest("hex") },
    ]);
  }
  await writeFile(
    join(dir, MANIFEST_FILE),
    `${JSON.stringify(createManifest(entries), null, 2)}\n`,
  );
}

const assetPool = randomBytes(200_000);
function seeded(i: number, size: number): Buffer {
  // Distinct incompressible bytes per asset without generating 30 MB of randomness per run.
  const start = (i * 7919) % (assetPool.length - size);
  const out = Buffer.from(assetPool.subarray(start, start + size));
  out.writeUInt32BE(i, 0);
  return out;
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** utime+stime (+ those of waited-for children) of a process, in ms, from /proc. */
async function procCpuMs(pid: number | "self"): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[11..14] are utime, stime, cutime, cstime in clock ticks (100 Hz on Linux)
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * 10;
}

/** CPU spent by this process and its children (rsync, ssh), and by the sshd (its sessions, tar, sha256sum). */
let sshdPid = 0;
async function cpuNow(): Promise<{ client: number; server: number }> {
  return { client: await procCpuMs("self"), server: await procCpuMs(sshdPid) };
}

const cpuRows: string[] = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<[T, number]> {
  const cpu = await cpuNow();
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  // sshd reaps its session processes a moment after they exit
  await new Promise((r) => setTimeout(r, 300));
  const after = await cpuNow();
  cpuRows.push(
    `  ${label.padEnd(36)} wall ${sec(ms).padStart(8)}  client CPU ${sec(after.client - cpu.client).padStart(8)}  server CPU ${sec(after.server - cpu.server).padStart(8)}`,
  );
  return [value, ms];
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), "sitewright-deploy-bench-"));
  const sshd = await startSshd();
  sshdPid = sshd.pid;
  try {
    const store = createVersionStore({ root: join(work, "store"), fsync: false, actor: "bench" });
    await writeSite(join(work, "build-1"));
    await writeSite(join(work, "build-2"), 17);
    const v1 = await store.create("bench", join(work, "build-1"), { zip: { level: 0 } });
    const v2 = await store.create("bench", join(work, "build-2"), { zip: { level: 0 } });
    const dirV1 = store.versionDir("bench", v1.id);
    const dirV2 = store.versionDir("bench", v2.id);
    const remote = (name: string) => join(sshd.dir, name);
    const phases: string[] = [];
    const deployTo = (root: string, version: string, transfer: "tar" | "sftp" = "tar") => {
      const start = performance.now();
      let last = start;
      return deploy({
        store: store.root,
        websiteId: "bench",
        version,
        targets: [sshTarget(sshd, root, { transfer })],
        record: false,
        onProgress: (e) => {
          if (!e.message?.startsWith("Deployment ")) return;
          const now = performance.now();
          phases.push(
            `  ${transfer} ${version.slice(-8)} ${e.message.padEnd(22)} +${sec(now - last)}`,
          );
          last = now;
        },
      });
    };

    const [tarFull, tarMs] = await timed("full deploy, tar stream", () =>
      deployTo(remote("tar"), v1.id),
    );
    const [sftpFull, sftpMs] = await timed("full deploy, SFTP", () =>
      deployTo(remote("sftp"), v1.id, "sftp"),
    );
    const sshCmd = `ssh -p ${sshd.port} -i ${sshd.privateKeyPath} -o UserKnownHostsFile=${sshd.knownHostsPath} -o BatchMode=yes`;
    const rsync = (from: string) =>
      run(
        "rsync",
        ["-a", "--stats", "-e", sshCmd, `${from}/`, `root@127.0.0.1:${remote("rsync")}/`],
        { maxBuffer: 1 << 24 },
      );
    const [rsyncFull, rsyncMs] = await timed("rsync -a -e ssh (full)", () => rsync(dirV1));
    const [tarDelta, deltaMs] = await timed("redeploy one page, tar stream", () =>
      deployTo(remote("tar"), v2.id),
    );
    const [rsyncDelta, rsyncDeltaMs] = await timed("rsync (one page changed)", () => rsync(dirV2));

    const sentByRsync = (out: { stdout: string }) =>
      Number(/Total bytes sent: ([\d,]+)/.exec(out.stdout)?.[1]?.replace(/,/g, "") ?? Number.NaN);
    const fullBytes = tarFull.targets[0]?.bytesSent ?? 0;
    const deltaBytes = tarDelta.targets[0]?.bytesSent ?? 0;
    const plan = tarDelta.targets[0]?.plan?.summary;
    const rows: Array<[string, string, string, string]> = [
      ["full deploy, tar stream", `${v1.fileCount} files`, sec(tarMs), mb(fullBytes)],
      [
        "full deploy, SFTP (16 parallel)",
        `${v1.fileCount} files`,
        sec(sftpMs),
        mb(sftpFull.targets[0]?.bytesSent ?? 0),
      ],
      ["rsync -a -e ssh (full)", `${v1.fileCount} files`, sec(rsyncMs), mb(sentByRsync(rsyncFull))],
      [
        "redeploy one page, tar stream",
        `${plan?.uploadFiles} uploaded, ${plan?.linkFiles} linked`,
        sec(deltaMs),
        mb(deltaBytes),
      ],
      ["rsync -a -e ssh (one page changed)", "", sec(rsyncDeltaMs), mb(sentByRsync(rsyncDelta))],
    ];
    const out = [
      `sitewright deploy bench: ${v1.fileCount} files, ${mb(v1.bytes)} (manifest.json ${mb((await stat(join(dirV1, MANIFEST_FILE))).size)}), loopback sshd`,
      ...rows.map(
        ([a, b, c, d]) => `${a.padEnd(36)} ${b.padEnd(30)} ${c.padStart(9)} ${d.padStart(11)} sent`,
      ),
      `redeploy bytes / full deploy bytes: ${((deltaBytes / fullBytes) * 100).toFixed(3)}% (must be < 1%) ${deltaBytes / fullBytes < 0.01 ? "OK" : "FAIL"}`,
      `faster transfer: ${tarMs <= sftpMs ? "tar" : "sftp"} (tar ${sec(tarMs)} vs sftp ${sec(sftpMs)})`,
      `full deploy tar vs rsync: ${sec(tarMs)} vs ${sec(rsyncMs)} ${tarMs <= rsyncMs ? "(tar faster)" : "(rsync faster)"}`,
      "CPU time (client: this process + rsync/ssh children; server: sshd sessions + tar/sha256sum/rsync):",
      ...cpuRows,
      "time spent before entering each state:",
      ...phases,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
    if (deltaBytes / fullBytes >= 0.01) process.exitCode = 1;
  } finally {
    await sshd.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
