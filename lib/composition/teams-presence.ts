/**
 * Microsoft Graph when the `graph` section is configured: the one Graph adapter (for Teams
 * presence sync and the teams-activity IM gateway), and Teams presence sync over the owner's core,
 * with change notifications when Graph can reach the connector and workers sign in through Teams.
 * Adapters are chosen here, not in the services.
 */
import type { ConnectorConfig } from "../config/schema";
import type { Secrets } from "../config/secrets";
import type { Clock } from "../connector/ports";
import type { PresenceService } from "../connector/presence-service";
import type { StepRunner } from "../connector/step-runner";
import { createTeamsPresenceSubscriptions, type TeamsPresenceSubscriptions } from "../connector/teams-presence-subscriptions";
import { createTeamsPresenceSync, type TeamsPresenceSync } from "../connector/teams-presence-sync";
import { createGraphNotifications, type GraphNotifications } from "../connector/teams-presence-notifications";
import { presenceUserOf } from "../http/routes/graph-notifications-schema";
import { takesFromUc } from "../domain/teams-presence";
import { createGraphClient } from "../graph/graph-client";
import { createGraphMetrics, type GraphMetrics } from "../graph/graph-metrics";
import type { GraphPort } from "../graph/graph-port";
import { createGraphSubscriptions } from "../graph/graph-subscriptions";
import { GRAPH_NOTIFICATIONS_PATH } from "../http/routes/graph-notifications-path";
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
  publicUrl: () => string;
  secrets: Secrets;
}

/** The sync; with change notifications (see notificationsOff) its subscriptions and their receiver too. Stopping it stops both. */
export type TeamsPresence = TeamsPresenceSync & { subscriptions?: TeamsPresenceSubscriptions; notifications?: GraphNotifications };

/** Why change notifications cannot run here (then polling alone keeps Teams presence), or undefined. */
function notificationsOff(config: ConnectorConfig): string | undefined {
  if (!takesFromUc(config["microsoft-ocs"]["presence-sync-mode"])) return undefined;
  const sso = config["teams-sso"];
  if (!sso) return "teams-sso is not configured (a presence subscription needs the worker's Teams token, exchanged on-behalf-of)";
  if (sso["client-id"].toLowerCase() !== config.graph!["client-id"].toLowerCase()) {
    return "teams-sso.client-id and graph.client-id differ (the on-behalf-of exchange needs the one app registration the Teams token is for)";
  }
  return undefined;
}

export function startTeamsPresence(options: TeamsPresenceOptions): TeamsPresence | undefined {
  const graph = options.config.graph;
  if (!graph || !options.graph) return undefined;
  const logger = options.logger.child({ component: "teams-presence" });
  const off = notificationsOff(options.config);
  if (off) logger.info(`Teams presence: polling only, no change notifications: ${off}`);
  let subscriptions: TeamsPresenceSubscriptions | undefined;
  const sync = createTeamsPresenceSync({
    graph: options.graph.port,
    presence: options.presence,
    steps: options.steps,
    store: options.store,
    clock: options.clock,
    logger,
    metrics: options.graph.metrics,
    workers: options.config.workers,
    map: graph["presence-map"],
    mode: options.config["microsoft-ocs"]["presence-sync-mode"],
    pollSeconds: graph["poll-seconds"],
    subscribed: (worker) => subscriptions?.live(worker) ?? false,
  });
  if (!off && takesFromUc(options.config["microsoft-ocs"]["presence-sync-mode"])) {
    subscriptions = createTeamsPresenceSubscriptions({
      graph: createGraphSubscriptions(graph, { metrics: options.graph.metrics }),
      userIdOf: (worker) => sync.userIdOf(worker),
      // NOTE: read when a worker subscribes: the public URL is known once the connector listens.
      notificationUrl: () => `${options.publicUrl().replace(/\/$/, "")}${GRAPH_NOTIFICATIONS_PATH}`,
      key: options.secrets.key("graph-notifications"),
      logger,
      now: () => options.clock.now().getTime(),
    });
  }
  sync.start();
  if (!subscriptions) return sync;
  const notifications = createGraphNotifications({ subscriptions, sync, userOf: presenceUserOf, logger });
  return {
    ...sync,
    subscriptions,
    notifications,
    async stop() {
      subscriptions.stop();
      await sync.stop();
    },
  };
}
