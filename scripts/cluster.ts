/**
 * `npm run cluster [-- --port N]`: a local cluster on loopback from Debian's packages and the
 * project's own launchers: PostgreSQL, Redis, three connector nodes and HAProxy in front of them.
 * Prints the one URL to open and the dev sign-in links; Ctrl-C (or SIGTERM) stops the nodes
 * (they drain), then HAProxy, Redis and PostgreSQL, each by its PID. The cluster's data (the
 * nodes' data dirs, the shared secret) is kept under .cluster/ for the next start.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { readEnv } from "../lib/config/env";
import { loadConfig } from "../lib/config/load";
import { freePort } from "./local-servers/free-port";
import { CLUSTER_API_KEY_FILE, clusterApiKey, clusterSecret } from "./local-servers/cluster-secret";
import { startHaproxy } from "./local-servers/haproxy";
import { startNode, type LocalNode } from "./local-servers/node-process";
import { startPostgres } from "./local-servers/postgres";
import { startRedis } from "./local-servers/redis";

const ROOT = path.resolve(__dirname, "..");
const DATA = path.join(ROOT, ".cluster");
const NODES = ["node-1", "node-2", "node-3"];
/** The first start builds the web client and runs migrations: generous. */
const READY_TIMEOUT_MS = 180_000;
const POLL_MS = 250;

const say = (line: string) => process.stdout.write(`cluster | ${line}\n`);

function portArgument(argv: string[]): number | undefined {
  const i = argv.indexOf("--port");
  if (i < 0) return undefined;
  const port = Number(argv[i + 1]);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    process.stderr.write("npm run cluster: --port needs a port number (1-65535)\n");
    process.exit(2);
  }
  return port;
}

/** The web client is built once here: three nodes building it at once would trip over each other. */
function buildWebClient(): void {
  const result = spawnSync(process.execPath, ["-e", 'import("./scripts/build-if-stale.mjs").then((m) => m.ensureBuilt())'], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error("the web client did not build (see above)");
}

async function readyThroughProxy(url: string, nodes: LocalNode[], stopping: () => boolean): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const status = await fetch(`${url}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (stopping()) throw new Error("stopped");
    if (nodes.every((n) => n.child.exitCode !== null || n.child.signalCode !== null)) throw new Error("every node exited (see above)");
    if (Date.now() > deadline) throw new Error(`${url}/readyz did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (last: ${status || "no answer"})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function banner(url: string, nodes: Array<{ name: string; port: number }>, postgresUrl: string, redisUrl: string, apiKey: string): string {
  const env = readEnv();
  const { config, file } = loadConfig(env.configFile);
  const lines = [
    `UC Connector cluster ready: open ${url}`,
    `  nodes:         ${nodes.map((n) => `${n.name} http://127.0.0.1:${n.port}`).join(", ")}`,
    `  PostgreSQL:    ${postgresUrl}`,
    `  Redis:         ${redisUrl}`,
    `  configuration: ${file}`,
    `  data:          ${DATA}`,
    `  API key:       ${apiKey}  (kept in ${path.join(DATA, CLUSTER_API_KEY_FILE)})`,
  ];
  if (config["sign-in"] === "dev") {
    lines.push("  sign in as:    " + config.workers.map((w) => `${url}/signin?worker=${w.id}`).join("\n                 "));
  }
  lines.push("  Ctrl-C stops the nodes, HAProxy, Redis and PostgreSQL.");
  return `\n${lines.join("\n")}\n\n`;
}

async function main(): Promise<void> {
  const requestedPort = portArgument(process.argv.slice(2));
  mkdirSync(DATA, { recursive: true });
  const secret = clusterSecret(DATA);
  const apiKey = clusterApiKey(DATA);
  let nodes: LocalNode[] = [];
  /** What to stop after the nodes, in this order. */
  const stops: { proxy?: () => Promise<void>; redis?: () => Promise<void>; postgres?: () => Promise<void> } = {};
  let stopping = false;
  const checkpoint = () => {
    if (stopping) throw new Error("stopped");
  };

  const start = async () => {
    buildWebClient();
    checkpoint();
    say("starting PostgreSQL and Redis…");
    // NOTE: allSettled: when one fails, the other is still stopped by PID (never left running).
    const [pg, rd] = await Promise.allSettled([
      startPostgres({ dir: path.join(DATA, "postgres") }).then((p) => ((stops.postgres = p.stop), p)),
      startRedis({ dir: path.join(DATA, "redis"), detached: true }).then((r) => ((stops.redis = r.stop), r)),
    ]);
    if (pg.status === "rejected") throw pg.reason;
    if (rd.status === "rejected") throw rd.reason;
    checkpoint();
    const [postgres, redis] = [pg.value, rd.value];
    const proxyPort = requestedPort ?? (await freePort());
    const url = `http://127.0.0.1:${proxyPort}`;
    const ports = await Promise.all(NODES.map(() => freePort()));
    nodes = NODES.map((name, i) =>
      startNode({
        name,
        cwd: ROOT,
        // NOTE: the one place the cluster hands its settings on: each node's own environment.
        env: {
          ...process.env,
          NEXT_TELEMETRY_DISABLED: "1",
          PORT: String(ports[i]),
          HOST: "127.0.0.1",
          UCC_DATABASE_URL: postgres.url,
          UCC_REDIS_URL: redis.url,
          UCC_SECRET: secret,
          UCC_API_KEY: apiKey,
          UCC_PUBLIC_URL: url,
          UCC_DATA_DIR: path.join(DATA, name),
          UCC_NODE_ID: name,
        },
      }),
    );
    for (const node of nodes) void node.exited.then((code) => !stopping && say(`${node.name} exited (${code})`));
    say(`starting ${NODES.length} nodes and HAProxy on ${url}…`);
    const backends = NODES.map((name, i) => ({ name, host: "127.0.0.1", port: ports[i] }));
    stops.proxy = (await startHaproxy({ port: proxyPort, backends, dir: path.join(DATA, "haproxy"), detached: true })).stop;
    await readyThroughProxy(url, nodes, () => stopping);
    process.stdout.write(banner(url, backends, postgres.url, redis.url, apiKey));
  };

  const startup = start();
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // NOTE: a start under way finishes (or gives up at its next step) first, so nothing it
    // starts is left running.
    await startup.catch(() => {});
    say("stopping the nodes (SIGTERM, SIGKILL after 10 s)…");
    await Promise.all(nodes.map((n) => n.stop(10_000)));
    for (const [name, stop] of [["HAProxy", stops.proxy], ["Redis", stops.redis], ["PostgreSQL", stops.postgres]] as const) {
      if (!stop) continue;
      say(`stopping ${name}…`);
      await stop().catch((error: Error) => say(`${name} did not stop cleanly: ${error.message}`));
    }
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
  startup.catch((error: Error) => {
    if (stopping) return;
    process.stderr.write(`npm run cluster: ${error.message}\n`);
    void shutdown(1);
  });
}

void main();
