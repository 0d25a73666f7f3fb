import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/contract/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // NOTE: two cores; integration suites start real servers.
    pool: "forks",
    maxWorkers: 2,
    env: { LOG_LEVEL: "silent" },
  },
});
