// `npx tsx bench/compare.ts --against COMMIT [--rounds 5] [--pages 10000] [--workers N]`:
// the build benchmark of this checkout beside the same benchmark of an earlier commit, in
// alternating rounds. On a shared VM one build's time drifts by a third from hour to hour, so a
// figure means something only beside the other one taken next to it.
//
// The commit is checked out in a git worktree under the temp folder, with this checkout's
// node_modules, and built (npm run build); each side runs its own bench/build-bench.ts on the
// same synthetic site (made by this checkout, first). The worktree is removed afterwards.
import { execFileSync } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    against: { type: "string" },
    rounds: { type: "string", default: "5" },
    pages: { type: "string", default: "10000" },
    workers: { type: "string" },
  },
});
if (!values.against) {
  console.error(
    "Usage: npx tsx bench/compare.ts --against COMMIT [--rounds 5] [--pages 10000] [--workers N]",
  );
  process.exit(2);
}
const rounds = Number(values.rounds);
const pages = Number(values.pages);
const workers = values.workers ? Number(values.workers) : undefined;

const here = resolve(import.meta.dirname, "..");
const git = (...args: string[]) =>
  execFileSync("git", args, { cwd: here, encoding: "utf8" }).trim();
const commit = git("rev-parse", "--verify", `${values.against}^{commit}`);
const there = join(tmpdir(), `sitewright-compare-${commit.slice(0, 12)}`);

// A worktree left by an interrupted run is replaced.
if (existsSync(there)) git("worktree", "remove", "--force", there);
git("worktree", "add", "--force", "--detach", there, commit);
try {
  if (!existsSync(join(there, "node_modules")))
    symlinkSync(join(here, "node_modules"), join(there, "node_modules"));
  for (const dir of [here, there])
    execFileSync("npm", ["run", "build", "--silent"], { cwd: dir, stdio: "inherit" });

  // Each side's own benchmark in a process of its own; an older benchBuild ignores `workers`.
  const seconds = (dir: string): number => {
    const script = `const m = await import(${JSON.stringify(join(dir, "bench", "build-bench.ts"))});
const f = await m.benchBuild(${pages}, 0, ${workers ?? "undefined"});
console.log(JSON.stringify(f.seconds));`;
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
    );
    return Number(out.trim().split("\n").pop());
  };

  const times = { here: [] as number[], there: [] as number[] };
  for (let round = 1; round <= rounds; round++) {
    // This checkout first in odd rounds, the other first in even ones: drift cancels out.
    const order = round % 2 === 1 ? (["here", "there"] as const) : (["there", "here"] as const);
    for (const side of order) times[side].push(seconds(side === "here" ? here : there));
    console.log(
      `round ${round}: ${commit.slice(0, 7)} ${times.there.at(-1)} s, this checkout ${times.here.at(-1)} s`,
    );
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  };
  for (const [name, xs] of [
    [commit.slice(0, 7), times.there],
    ["this checkout", times.here],
  ] as const)
    console.log(
      `${name}: mean ${mean(xs).toFixed(2)} s, median ${median(xs).toFixed(2)} s, best ${Math.min(...xs).toFixed(2)} s`,
    );
  const ratio = mean(times.here) / mean(times.there);
  console.log(
    `this checkout takes ${(ratio * 100).toFixed(0)}% of ${commit.slice(0, 7)}'s time (means of ${rounds} paired rounds, ${pages} pages)`,
  );
} finally {
  git("worktree", "remove", "--force", there);
}
