/**
 * The browser tests' fixtures: every test gets its own connector (fresh data directory, free
 * port), stopped and removed afterwards; its output is attached to a failing test's report.
 */
import { test as base, expect } from "@playwright/test";
import { Connector } from "./connector";

export const test = base.extend<{ connector: Connector }>({
  connector: async ({}, use, testInfo) => {
    const connector = await Connector.start();
    try {
      await use(connector);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("connector output", { body: connector.log || "(nothing printed)", contentType: "text/plain" });
      }
      await connector.dispose();
    }
  },
});

export { expect };
