/**
 * The adapters several nodes share, opened in one place: the PostgreSQL store, the Redis bus,
 * the cluster-wide window counts, and the ownership lease with the owner's address.
 */
import { ClusterWindows } from "../bus/cluster-windows";
import { createRedisBus } from "../bus/redis-bus";
import type { Logger } from "../observability/logger";
import { openPgStore } from "../store/pg/pg-store";
import { OwnerLease, readOwner } from "../store/pg/ownership";
import type { Lease } from "./owner-election";

export interface ClusterOptions {
  /** UCC_DATABASE_URL. */
  databaseUrl: string;
  /** UCC_REDIS_URL. */
  redisUrl: string;
  /** UCC_NODE_ID: how the logs and the other nodes name this node. */
  nodeId: string;
  /** UCC_NODE_URL: where the other nodes reach this one; default the URL it listens on. */
  nodeUrl?: string;
  /** Between two attempts at the ownership lease; default 2 s. */
  electionPollMs?: number;
  /** Between two heartbeats of this node's window counts; default 5 s. */
  windowHeartbeatMs?: number;
}

export async function openClusterAdapters(options: ClusterOptions, logger: Logger) {
  const store = await openPgStore(options.databaseUrl, { logger });
  const bus = await createRedisBus(options.redisUrl, { nodeId: options.nodeId, logger });
  const windows = await ClusterWindows.create(options.redisUrl, { nodeId: options.nodeId, logger, ...(options.windowHeartbeatMs ? { heartbeatMs: options.windowHeartbeatMs } : {}) });
  // NOTE: read once per forwarded request at most; forgotten when a new owner says so.
  let owner: { url: string; at: number } | undefined;
  bus.onControl((message) => {
    if (message.type === "owner-changed") owner = undefined;
  });
  return {
    store,
    bus,
    windows,
    lease: (url: string): Lease => new OwnerLease(options.databaseUrl, { id: options.nodeId, url }, { logger }),
    async ownerUrl(): Promise<string | undefined> {
      if (owner && Date.now() - owner.at < 1_000) return owner.url;
      const found = await readOwner(store.pool);
      // NOTE: an owner whose lease is not held (it died) is not asked: the request waits for the next.
      owner = found?.held ? { url: found.url, at: Date.now() } : undefined;
      return owner?.url;
    },
    onBusReconnect: (listener: () => void) => bus.onReconnect(listener),
    async close() {
      await windows.close();
      await bus.close();
    },
  };
}
