// Stryker runs the unit tests of the safety-critical files once per mutant, so this config
// leaves out the global setup (compiling src/ to dist/ takes longer than the tests themselves):
// none of these tests build a site or start a render process.
import { defineConfig } from "vitest/config";

/** The vitest config `npm run mutate` uses: unit tests of the mutated files only. */
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: [
      "test/generator/sandbox/check-template.test.ts",
      "test/generator/sandbox/guards-alone.test.ts",
      "test/generator/sandbox/*-mutants.test.ts",
      "test/text/**/*.test.ts",
      "test/content/escape.test.ts",
      "test/versions/*-mutants.test.ts",
      "test/deploy/*-mutants.test.ts",
    ],
    env: { TZ: "Asia/Kolkata" },
    testTimeout: 30_000,
    pool: "forks",
  },
});
