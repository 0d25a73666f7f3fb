/**
 * What every node wires for the desktop companions (B11): their metrics, the link that answers
 * and relays what they publish (lib/connector/companion/companion-link.ts), the proof of who a
 * companion is at its handshake, and the bus listener that hands relayed sessions and messages to
 * the owner's companion service when this node owns the work.
 */
import type { IncomingMessage } from "node:http";
import type { CompanionPrincipal } from "../bayeux/authorizer";
import type { BayeuxServer } from "../bayeux/faye-server";
import type { Bus } from "../bus/in-process-bus";
import { readControl } from "../cluster/control-messages";
import type { ConnectorConfig } from "../config/schema";
import { authenticateCompanion } from "../connector/companion/companion-auth";
import { createCompanionLink, type CompanionLink } from "../connector/companion/companion-link";
import { createCompanionMetrics, type CompanionMetrics } from "../connector/companion/companion-metrics";
import type { CompanionService } from "../connector/companion/companion-service";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Store } from "../store/store";

export interface CompanionWiring {
  metrics: CompanionMetrics;
  link: CompanionLink;
  /** The companion a Bayeux message proves, undefined when its proof fails, "not-companion" when it claims none. */
  authenticate(req: IncomingMessage, ext: unknown): Promise<CompanionPrincipal | undefined | "not-companion">;
}

export function wireCompanions(deps: {
  bus: Bus;
  store: Store;
  config: ConnectorConfig;
  mtls: boolean;
  metrics: Metrics;
  logger: Logger;
  bayeux(): BayeuxServer;
  /** The owner's companion service, while this node owns the work. */
  owner(): CompanionService | undefined;
}): CompanionWiring {
  const { bus, config } = deps;
  const metrics = createCompanionMetrics(deps.metrics.registry);
  const uc = config["uc-connector"];
  const link = createCompanionLink({
    bus,
    bayeux: deps.bayeux,
    keepAlive: { intervalSeconds: uc["gla-kpl-time"], responseSeconds: uc["gla-kpl-response-time"] },
    metrics,
    logger: deps.logger,
  });
  // NOTE: companions' sessions and messages, relayed by whichever node holds them, are the owner's.
  bus.onControl((raw) => {
    const message = readControl(raw);
    const service = deps.owner();
    if (message?.type === "companion-session") service?.sessionChanged(message.worker, message.clientId, message.open);
    else if (message?.type === "companion-up") service?.received(message.worker, message.clientId, message.message);
  });
  const auth = { store: deps.store, mtls: deps.mtls, isWorker: (id: string) => config.workers.some((w) => w.id === id) };
  return { metrics, link, authenticate: (req, ext) => authenticateCompanion(auth, req, ext) };
}
