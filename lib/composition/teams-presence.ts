/**
 * Builds Teams presence sync when the `graph` section is configured: the Graph adapter and the
 * sync service over the owner's core. Adapters are chosen here, not in the service.
 */
import type { ConnectorConfig } from "../config/schema";
import type { Clock } from "../connector/ports";
import type { PresenceService } from "../connector/presence-service";
import type { StepRunner } from "../connector/step-runner";
import { createTeamsPresenceSync, type TeamsPresenceSync } from "../connector/teams-presence-sync";
import { createGraphClient } from "../graph/graph-client";
import { createGraphMetrics } from "../graph/graph-metrics";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Store } from "../store/store";

export interface TeamsPresenceOptions {
  config: ConnectorConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  steps: StepRunner;
  presence: PresenceService;
}

export function startTeamsPresence(options: TeamsPresenceOptions): TeamsPresenceSync | undefined {
  const graph = options.config.graph;
  if (!graph) return undefined;
  const metrics = createGraphMetrics(options.metrics.registry);
  const sync = createTeamsPresenceSync({
    graph: createGraphClient(graph, { metrics, logger: options.logger }),
    presence: options.presence,
    steps: options.steps,
    store: options.store,
    clock: options.clock,
    logger: options.logger.child({ component: "teams-presence" }),
    metrics,
    workers: options.config.workers,
    map: graph["presence-map"],
    mode: options.config["microsoft-ocs"]["presence-sync-mode"],
    pollSeconds: graph["poll-seconds"],
  });
  sync.start();
  return sync;
}
