/**
 * k connector nodes on their own PostgreSQL (fsync on: a benchmark of a durable connector) and
 * Redis, behind HAProxy, each node a child process running the real createConnectorApp with the
 * `cluster` option (bench/connector-entry.ts); and the counters the `--nodes` figures come from.
 * Started by the project's own launchers (scripts/local-servers/), stopped by PID.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Redis from "ioredis";
import pg from "pg";
import type { ClusterOptions } from "../lib/app";
import { startHaproxy, type LocalHaproxy } from "../scripts/local-servers/haproxy";
import { startPostgres, type LocalPostgres } from "../scripts/local-servers/postgres";
import { startRedis, type LocalRedis } from "../scripts/local-servers/redis";
import { startChild, type Child } from "./children";
import { parseCommandStats, redisCounts, statementCounts, type Counters } from "./cluster-figures";
import { cpuByComponent, nodeCpuByPid, readProcTree } from "./proc-tree";

/** A node's start includes tsx compiling the whole connector: slow on two busy cores. */
const NODE_START_MS = 180_000;
/** Statements of the benchmark's own readings, left out of the connector's. */
const OWN_QUERIES = "query NOT ILIKE '%pg_stat%'";

export const nodeName = (k: number) => `node-${k + 1}`;

/**
 * NOTE: a benchmark that gives up (its time budget) exits at once; PostgreSQL stops itself on our
 * exit, but Redis and HAProxy would outlive us: killed by PID, found below us in /proc.
 */
let leftoversHooked = false;
function killLeftoversOnExit(): void {
  if (leftoversHooked) return;
  leftoversHooked = true;
  process.on("exit", () => {
    for (const p of readProcTree()) {
      if (p.comm === "haproxy" || p.comm.startsWith("redis-server")) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  });
}

export interface ClusterStack {
  url: string;
  apiKey: string;
  nodes: Child[];
  /** The cumulative counters now (CPU of every process below the driver, PostgreSQL, Redis). */
  counters(): Promise<Counters>;
  stop(): Promise<void>;
}

/**
 * @param configFile the generated configuration every node loads (the same N workers)
 * @param dataParent each node's data dir is made below it
 */
export async function startClusterStack(nodeCount: number, configFile: string, dataParent: string, onProgress: (line: string) => void): Promise<ClusterStack> {
  killLeftoversOnExit();
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    // NOTE: pg_stat_statements counts every statement the nodes send (BEGIN and COMMIT too).
    const postgres: LocalPostgres = await startPostgres({ settings: { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track_utility": "on" } });
    stops.push(() => postgres.stop());
    const redis: LocalRedis = await startRedis();
    stops.push(() => redis.stop());
    const databaseUrl = await postgres.createDatabase();
    const reader = new pg.Client({ connectionString: databaseUrl });
    await reader.connect();
    stops.push(() => reader.end());
    await reader.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    const redisReader = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redisReader.connect();
    stops.push(async () => redisReader.disconnect());
    onProgress(`PostgreSQL (fsync on) and Redis started for ${nodeCount} node(s)`);

    const apiKey = randomBytes(24).toString("base64url");
    const secret = randomBytes(36).toString("base64url");
    const nodes: Child[] = [];
    // NOTE: one after another: several tsx compilations at once take long on two cores.
    for (let k = 0; k < nodeCount; k++) {
      const cluster: ClusterOptions = { databaseUrl, redisUrl: redis.url, nodeId: nodeName(k) };
      const dataDir = path.join(dataParent, nodeName(k));
      mkdirSync(dataDir, { recursive: true });
      const env = { UCC_API_KEY: apiKey, UCC_SECRET: secret, UCC_BENCH_CLUSTER: JSON.stringify(cluster), LOG_LEVEL: "silent", NODE_ENV: "production" };
      const node = await startChild("connector-entry.ts", [configFile, dataDir], env, [], NODE_START_MS);
      stops.push(() => node.stop());
      nodes.push(node);
      onProgress(`${nodeName(k)} listening at ${node.url}`);
    }
    const haproxy: LocalHaproxy = await startHaproxy({
      backends: nodes.map((node, k) => ({ name: nodeName(k), host: "127.0.0.1", port: Number(new URL(node.url).port) })),
    });
    stops.push(() => haproxy.stop());

    const counters = async (): Promise<Counters> => {
      const procs = readProcTree();
      const commits = await reader.query<{ n: string }>("SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()");
      const statements = await reader.query<{ query: string; calls: string }>(
        `SELECT query, sum(calls) AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ${OWN_QUERIES} GROUP BY query`,
      );
      const statementsByQuery = new Map(statements.rows.map((row) => [row.query, Number(row.calls)]));
      const redisStats = redisCounts(parseCommandStats(await redisReader.info("commandstats")));
      return {
        cpu: cpuByComponent(procs),
        nodeCpu: nodeCpuByPid(procs),
        commits: Number(commits.rows[0].n),
        ...statementCounts(statementsByQuery),
        statementsByQuery,
        redisCommands: redisStats.commands,
        redisPublishes: redisStats.publishes,
      };
    };
    return { url: haproxy.url, apiKey, nodes, counters, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
