/**
 * Microsoft Graph when the `graph` section is configured: the one Graph adapter (for Teams
 * presence sync and the teams-activity IM gateway), and Teams presence sync over the owner's core.
 * Adapters are chosen here, not in the services.
 */
import type { ConnectorConfig } from "../config/schema";
import type { Clock } from "../connector/ports";
import type { PresenceService } from "../connector/presence-service";
import type { StepRunner } from "../connector/step-runner";
import { createTeamsPresenceSync, type TeamsPresenceSync } from "../connector/teams-presence-sync";
import { createGraphClient } from "../graph/graph-client";
import { createGraphMetrics, type GraphMetrics } from "../graph/graph-metrics";
import type { GraphPort } from "../graph/graph-port";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Store } from "../store/store";

export interface GraphAccess {
  port: GraphPort;
  metrics: GraphMetrics;
}

/** The Graph adapter, or undefined without a `graph` section. */
export function createGraph(config: ConnectorConfig, metrics: Metrics): GraphAccess | undefined {
  if (!config.graph) return undefined;
  const graphMetrics = createGraphMetrics(metrics.registry);
  return { port: createGraphClient(config.graph, { metrics: graphMetrics }), metrics: graphMetrics };
}

export interface TeamsPresenceOptions {
  graph: GraphAccess | undefined;
  config: ConnectorConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  steps: StepRunner;
  presence: PresenceService;
}

export function startTeamsPresence(options: TeamsPresenceOptions): TeamsPresenceSync | undefined {
  const graph = options.config.graph;
  if (!graph || !options.graph) return undefined;
  const sync = createTeamsPresenceSync({
    graph: options.graph.port,
    presence: options.presence,
    steps: options.steps,
    store: options.store,
    clock: options.clock,
    logger: options.logger.child({ component: "teams-presence" }),
    metrics: options.graph.metrics,
    workers: options.config.workers,
    map: graph["presence-map"],
    mode: options.config["microsoft-ocs"]["presence-sync-mode"],
    pollSeconds: graph["poll-seconds"],
  });
  sync.start();
  return sync;
}
