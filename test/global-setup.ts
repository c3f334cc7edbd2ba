// Owner templates render in isolated processes that run the compiled library (an isolated
// process may not start the threads a TypeScript loader needs), so tests compile it first.
// Type errors do not stop the emit: `npm run typecheck` is where they fail.
import { spawnSync } from "node:child_process";
import { cpSync } from "node:fs";

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
  cpSync("src/generator/templates", "dist/generator/templates", { recursive: true });
}
