/**
 * The connector's services without HTTP or Bayeux, on a real SQLite store in a temp dir: presence,
 * interactions and reporting as lib/connector/core.ts builds them, with the pushes recorded by the
 * Bayeux channel their topic maps to.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { channelOf } from "../../lib/bayeux/channels";
import { createConnectorCore, type ConnectorCore } from "../../lib/connector/core";
import type { OfferInviter } from "../../lib/connector/interactions/offers/offer-delivery";
import type { Clock } from "../../lib/connector/ports";
import { DEFAULT_PRESENCE_MAPPING, type SelectablePresence } from "../../lib/domain/presence";
import { createLogger } from "../../lib/observability/logger";
import { createMetrics } from "../../lib/observability/metrics";
import type { PushMessage } from "../../lib/protocol";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";

export interface CoreOptions {
  previewTimeoutMs: number;
  presenceAfterTimeout?: SelectablePresence | "none";
  maxChats?: number;
  clock?: Clock;
  /** Wraps the real store, e.g. to make some writes fail. */
  wrapStore?: (store: Store) => Store;
  /** routing.wrap-up-time (seconds); default 0. */
  wrapUpSeconds?: number;
  /** routing.restart-grace (seconds); default 0. It begins at start (the clock is the test's). */
  restartGraceSeconds?: number;
  /** routing.customer-idle-timeout (seconds); default 0 (off). */
  customerIdleSeconds?: number;
  /** IM invitations (e.g. one that records them); default none. */
  inviter?: OfferInviter;
  /** A data dir to reuse (a restart on the same store); default a fresh one, removed by dispose(). */
  dataDir?: string;
}

export interface RunningCore extends ConnectorCore {
  store: Store;
  dataDir: string;
  published: Array<[string, PushMessage]>;
  metrics: ReturnType<typeof createMetrics>;
  /** Stops timers, waits for every step, closes the store and removes the data dir. */
  dispose(): Promise<void>;
  /** Stops this core as a crash would leave it (the store as written) and starts another on the same data dir. */
  restart(changes?: Partial<CoreOptions>): Promise<RunningCore>;
}

export async function startCore(workers: readonly { id: string; name: string }[], options: CoreOptions): Promise<RunningCore> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "ucc-core-"));
  const real = openSqliteStore(path.join(dataDir, "connector.sqlite"));
  const store = options.wrapStore ? options.wrapStore(real) : real;
  const clock = options.clock ?? { now: () => new Date() };
  await store.syncWorkers(workers, clock.now().toISOString());
  const published: Array<[string, PushMessage]> = [];
  const metrics = createMetrics();
  const core = createConnectorCore({
    store,
    notifier: { publish: (topic, message) => void published.push([channelOf(topic), message]) },
    clock,
    logger: createLogger("silent"),
    metrics,
    mapping: DEFAULT_PRESENCE_MAPPING,
    syncMode: "two-way",
    policy: { maxChats: options.maxChats ?? 3 },
    previewTimeoutMs: options.previewTimeoutMs,
    presenceAfterTimeout: options.presenceAfterTimeout ?? "away",
    wrapUpSeconds: options.wrapUpSeconds,
    restartGraceSeconds: options.restartGraceSeconds,
    customerIdleSeconds: options.customerIdleSeconds,
    inviter: options.inviter,
  });
  await core.interactions.start();
  return {
    ...core,
    store,
    dataDir,
    published,
    metrics,
    async dispose() {
      core.interactions.stop();
      await core.interactions.settled();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async restart(changes = {}) {
      core.interactions.stop();
      await core.interactions.settled();
      await store.close();
      return startCore(workers, { ...options, ...changes, dataDir });
    },
  };
}
