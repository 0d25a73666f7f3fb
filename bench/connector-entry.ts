/**
 * The connector under test, in its own process: `node --import tsx bench/connector-entry.ts
 * <config.json> <data dir>` with UCC_API_KEY set. Prints one line, `{"url": "http://127.0.0.1:PORT"}`,
 * once it listens; exits when the benchmark (its parent) goes away, removing BENCH_TEMP_DIR if set
 * (so a benchmark killed outright leaves nothing behind).
 * With UCC_BENCH_CLUSTER (ClusterOptions as JSON) and UCC_SECRET, one node of several
 * (`npm run bench -- --nodes N`, bench/cluster-stack.ts).
 */
import { rmSync } from "node:fs";
import { createConnectorApp } from "../lib/app";
import { loadConfig } from "../lib/config/load";
import { createLogger } from "../lib/observability/logger";
import { exitWithParent, serveProbes } from "./children";

async function main(): Promise<void> {
  const [configFile, dataDir] = process.argv.slice(2);
  const apiKey = process.env.UCC_API_KEY;
  if (!configFile || !dataDir || !apiKey) throw new Error("usage: connector-entry.ts <config> <data dir>, with UCC_API_KEY set");
  const { config } = loadConfig(configFile);
  const cluster = process.env.UCC_BENCH_CLUSTER ? { cluster: JSON.parse(process.env.UCC_BENCH_CLUSTER), secret: process.env.UCC_SECRET } : {};
  const app = await createConnectorApp({ config, dataDir, apiKey, logger: createLogger(process.env.LOG_LEVEL ?? "silent"), ...cluster });
  const url = await app.listen(0, "127.0.0.1");
  serveProbes();
  exitWithParent(() => {
    if (process.env.BENCH_TEMP_DIR) rmSync(process.env.BENCH_TEMP_DIR, { recursive: true, force: true });
  });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}

main().catch((error) => {
  process.stderr.write(`connector-entry: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
