import { defineConfig, devices } from "@playwright/test";

/**
 * Browser tests of the Knowledge Worker web client. There is no `webServer`: every test starts its
 * own connector (tests/e2e/support/connector.ts) because tests stop, kill and restart it.
 * The Next.js build is made (when stale) by the global setup, so `npx playwright test` works alone.
 */
export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results",
  globalSetup: "./tests/e2e/global-setup.ts",
  // NOTE: two cores: each worker runs a browser and a connector.
  workers: 2,
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: "/usr/bin/chromium",
          args: ["--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"],
        },
      },
    },
  ],
});
