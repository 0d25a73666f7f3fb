/**
 * A connector in a child process, for tests that kill it with SIGKILL: the real
 * createConnectorApp (no Next pages) on a temp data dir. Read from the environment:
 * UCC_TEST_CONFIG (the configuration as JSON), UCC_TEST_DATA_DIR, UCC_TEST_API_KEY and
 * UCC_TEST_PORT (0 for any); for several nodes UCC_TEST_CLUSTER (ClusterOptions as JSON),
 * UCC_TEST_SECRET and UCC_TEST_DRAIN_MS; UCC_TEST_PUBLIC_URL as UCC_PUBLIC_URL. Prints one line `UCC_LISTENING <url>` on stdout once it serves.
 * Started by tests/support/connector-process.ts as `node --import tsx connector-entry.ts`.
 */
import { createConnectorApp } from "../../lib/app";
import { parseConfig } from "../../lib/config/load";
import { createLogger } from "../../lib/observability/logger";

async function main(): Promise<void> {
  const need = (name: string): string => {
    const value = process.env[name];
    if (value === undefined) throw new Error(`${name} is not set`);
    return value;
  };
  const config = parseConfig(JSON.parse(need("UCC_TEST_CONFIG")), "UCC_TEST_CONFIG");
  const app = await createConnectorApp({
    config,
    dataDir: need("UCC_TEST_DATA_DIR"),
    apiKey: need("UCC_TEST_API_KEY"),
    logger: createLogger(process.env.UCC_TEST_LOG_LEVEL ?? "silent"),
    ...(process.env.UCC_TEST_CLUSTER ? { cluster: JSON.parse(process.env.UCC_TEST_CLUSTER), secret: need("UCC_TEST_SECRET") } : {}),
    ...(process.env.UCC_TEST_PUBLIC_URL ? { publicUrl: process.env.UCC_TEST_PUBLIC_URL } : {}),
    ...(process.env.UCC_TEST_DRAIN_MS ? { drainNoticeMs: Number(process.env.UCC_TEST_DRAIN_MS) } : {}),
  });
  const url = await app.listen(Number(process.env.UCC_TEST_PORT ?? "0"), "127.0.0.1");
  process.stdout.write(`UCC_LISTENING ${url}\n`);
  // NOTE: as server.ts: SIGTERM drains (one node alone drains at once), SIGINT closes.
  process.on("SIGTERM", () => void app.drain().finally(() => process.exit(0)));
  process.on("SIGINT", () => void app.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`connector-entry: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
