/**
 * The composition root: reads the environment, the start-up flags and the configuration, builds
 * the connector and the Next.js pages, and serves both (and /cometd) on one port, over HTTPS when
 * a certificate store is given.
 */
import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import { createConnectorApp } from "./lib/app";
import { resolveApiKey } from "./lib/config/api-key";
import { readEnv } from "./lib/config/env";
import { loadConfig } from "./lib/config/load";
import { resolveSecrets } from "./lib/config/secrets";
import { checkDevSignInListen } from "./lib/auth/dev-sign-in-start";
import { createLogger } from "./lib/observability/logger";
import { loadTlsSettings } from "./lib/tls/https-server";
import { parseStartArgs } from "./lib/tls/start-args";
import { startBanner } from "./lib/config/start-banner";

/** A start refused for what the administrator gave (configuration, flags, certificates). */
const EXIT_BAD_CONFIG = 2;

function refuseStart(error: unknown): never {
  process.stderr.write(`ucc: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(EXIT_BAD_CONFIG);
}

async function main(): Promise<void> {
  let env, loaded, args, tls, secrets;
  try {
    env = readEnv();
    loaded = loadConfig(env.configFile);
    args = parseStartArgs(process.argv.slice(2), env.certStorePass, { behindProxy: loaded.config["trusted-proxies"].length > 0 });
    checkDevSignInListen(loaded.config["sign-in"], env.host, loaded.file);
    if (args.tls?.mtlsPort !== undefined && args.tls.mtlsPort === env.port) {
      throw new Error(`--mtls-port ${args.tls.mtlsPort} is PORT too: MTLS needs a port of its own, apart from the pages'`);
    }
    tls = args.tls ? loadTlsSettings(args.tls) : undefined;
    secrets = resolveSecrets({
      secret: env.secret,
      dataDir: env.dataDir,
      ...(env.cluster ? { requiredBecause: "UCC_DATABASE_URL and UCC_REDIS_URL are set: several nodes share the work" } : {}),
    });
  } catch (error) {
    refuseStart(error);
  }
  const { dev } = args;
  const logger = createLogger(env.logLevel);
  // NOTE: with named keys configured and no UCC_API_KEY, the named keys are the only ones.
  const namedOnly = Boolean(loaded.config["api-keys"]?.length) && !env.apiKey;
  const apiKey = namedOnly ? undefined : resolveApiKey(env.dataDir, env.apiKey);

  // NOTE: Next attaches its own upgrade listener to the server it is given and ends WebSocket
  // upgrades it does not own; give it an emitter and route upgrades ourselves.
  const nextUpgrades = new EventEmitter();
  const nextApp = next({ dev, dir: process.cwd(), hostname: env.host, port: env.port, httpServer: nextUpgrades as never });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();

  const app = await createConnectorApp({
    config: loaded.config,
    dataDir: env.dataDir,
    apiKey: apiKey?.key ?? "",
    logger,
    defaultMetrics: true,
    publicUrl: env.publicUrl,
    tls,
    secret: secrets,
    ...(env.cluster ? { cluster: env.cluster } : {}),
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

  const mtlsUrl = app.mtlsUrl();
  logger.info({ url, mtlsUrl, publicUrl: app.publicUrl(), config: loaded.file, dataDir: env.dataDir, tls: Boolean(tls), mtls: Boolean(tls?.clientCa), node: env.cluster?.nodeId }, "connector listening");
  process.stdout.write(startBanner({ url, mtlsUrl, publicUrl: app.publicUrl(), loaded, dataDir: env.dataDir, apiKey, tls }));

  // NOTE: SIGTERM drains (a rolling upgrade, a balancer taking the node out); Ctrl-C stops now.
  const stop = (signal: string, how: "drain" | "close", graceMs: number) => {
    logger.info({ signal }, how === "drain" ? "draining, then stopping" : "stopping");
    const force = setTimeout(() => process.exit(0), graceMs);
    force.unref();
    (how === "drain" ? app.drain() : app.close()).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT", "close", 5_000));
  process.once("SIGTERM", () => stop("SIGTERM", "drain", 30_000));
}

main().catch((error) => {
  process.stderr.write(`ucc: could not start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
