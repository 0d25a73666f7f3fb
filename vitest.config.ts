import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/contract/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // NOTE: two cores, but most suites wait on real servers, timers and backoffs more than they
    // compute: a third fork took the suite from 238 s to 178 s here (205 s with a core kept busy,
    // still green); a fourth gained 17 s more and is left out to keep the margin on a loaded machine.
    pool: "forks",
    maxWorkers: 3,
    env: { LOG_LEVEL: "silent" },
  },
});
