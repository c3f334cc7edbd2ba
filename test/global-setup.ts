// Owner templates render in isolated processes that run the compiled library (an isolated
// process may not start the threads a TypeScript loader needs), so tests compile it first.
// Type errors do not stop the emit: `npm run typecheck` is where they fail.
import { spawnSync } from "node:child_process";

/** Compiles src/ into dist/ once before the suite. */
export default function setup(): void {
  const tsc = spawnSync(
    process.execPath,
    ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"],
    { encoding: "utf8" },
  );
  // 0: compiled; 2: compiled with type errors. Anything else emitted nothing.
  if (tsc.status !== 0 && tsc.status !== 2) {
    throw new Error(`Compiling src/ for the render processes failed:\n${tsc.stdout}${tsc.stderr}`);
  }
  // The same step as `npm run build`: templates beside the code, the render process bundled.
  const finish = spawnSync(process.execPath, ["scripts/finish-build.js"], { encoding: "utf8" });
  if (finish.status !== 0) {
    throw new Error(`Bundling the render process failed:\n${finish.stdout}${finish.stderr}`);
  }
}
