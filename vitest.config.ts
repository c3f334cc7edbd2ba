import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest 4.1 runs one file fewer than there are cores: one at a time on a 2-core CI machine.
    // Most files wait on real processes (render processes, sshd, Chromium, Redis): two at once
    // took the suite from 624 s to 533 s there, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ["test/global-setup.ts"],
    // Builder timestamps carry no zone and mean UTC: a half-hour offset makes any of them read
    // as local time fail here, where a UTC machine would hide it. Render processes inherit it.
    env: { TZ: "Asia/Kolkata" },
  },
});
