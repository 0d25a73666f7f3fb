/**
 * The composition root: reads the environment and configuration, builds the connector and the
 * Next.js pages, and serves both (and /cometd) on one port.
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import { createConnectorApp } from "./lib/app";
import { resolveApiKey } from "./lib/config/api-key";
import { readEnv } from "./lib/config/env";
import { ConfigError, loadConfig } from "./lib/config/load";
import { createLogger } from "./lib/observability/logger";

const EXIT_BAD_CONFIG = 2;

async function main(): Promise<void> {
  const dev = process.argv.includes("--dev");
  let env;
  let loaded;
  try {
    env = readEnv();
    loaded = loadConfig(env.configFile);
  } catch (error) {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`ucc: ${message}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const logger = createLogger(env.logLevel);
  const apiKey = resolveApiKey(env.dataDir, env.apiKey);

  // NOTE: Next attaches its own upgrade listener to the server it is given and ends WebSocket
  // upgrades it does not own; give it an emitter and route upgrades ourselves.
  const nextUpgrades = new EventEmitter();
  const nextApp = next({ dev, dir: process.cwd(), hostname: env.host, port: env.port, httpServer: nextUpgrades as never });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();

  const app = await createConnectorApp({
    config: loaded.config,
    dataDir: env.dataDir,
    apiKey: apiKey.key,
    logger,
    defaultMetrics: true,
    pages: {
      dev,
      handle: (req: IncomingMessage, res: ServerResponse) => handleNext(req, res),
      upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (dev) nextUpgrades.emit("upgrade", req, socket, head);
        else socket.destroy();
      },
    },
  });
  const url = await app.listen(env.port, env.host);

  logger.info({ url, config: loaded.file, dataDir: env.dataDir }, "connector listening");
  const lines = [
    `UC Connector ready at ${url}`,
    `  configuration: ${loaded.file}${loaded.isDemo ? " (demo)" : ""}`,
    `  data:          ${env.dataDir}`,
    `  API key:       ${apiKey.source === "env" ? "from UCC_API_KEY" : `${apiKey.key}  (${apiKey.source === "generated" ? "generated" : "kept"} in ${apiKey.file})`}`,
  ];
  if (loaded.config["sign-in"] === "dev") {
    lines.push("  sign in as:    " + loaded.config.workers.map((w) => `${url}/signin?worker=${w.id}`).join("\n                 "));
  }
  process.stdout.write(`\n${lines.join("\n")}\n\n`);

  const stop = (signal: string) => {
    logger.info({ signal }, "stopping");
    const force = setTimeout(() => process.exit(0), 5_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error) => {
  process.stderr.write(`ucc: could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
