import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["test/global-setup.ts"],
    // Builder timestamps carry no zone and mean UTC: a half-hour offset makes any of them read
    // as local time fail here, where a UTC machine would hide it. Render processes inherit it.
    env: { TZ: "Asia/Kolkata" },
  },
});
