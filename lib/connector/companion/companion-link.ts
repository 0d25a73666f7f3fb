/**
 * What every node does for the desktop companions whose Bayeux sessions it holds (B11): answers
 * each `test` and `heartbeat` at once (the link's health is this node's), watches for companions
 * that fall silent, and relays sessions and messages to the node that owns the work through
 * control messages; it delivers what the owner sends back. It reads no core state.
 */
import type { CompanionHooks, BayeuxServer } from "../../bayeux/faye-server";
import type { Bus } from "../../bus/in-process-bus";
import { readControl } from "../../cluster/control-messages";
import type { Logger } from "../../observability/logger";
import type { CompanionMetrics } from "./companion-metrics";

export interface KeepAlive {
  /** gla-kpl-time: seconds between a companion's heartbeats. */
  intervalSeconds: number;
  /** gla-kpl-response-time: seconds the connector has to answer one. */
  responseSeconds: number;
}

export interface CompanionLinkDeps {
  bus: Bus;
  /** Bound late: the Bayeux server is built with these hooks. */
  bayeux(): BayeuxServer;
  keepAlive: KeepAlive;
  metrics: CompanionMetrics;
  logger: Logger;
}

export interface CompanionLink extends CompanionHooks {
  close(): void;
}

export function createCompanionLink(deps: CompanionLinkDeps): CompanionLink {
  const { bus, keepAlive, metrics, logger } = deps;
  // NOTE: a companion silent longer than a heartbeat's interval plus its answer time has missed one.
  const silenceMs = (keepAlive.intervalSeconds + keepAlive.responseSeconds) * 1000;
  const silence = new Map<string, NodeJS.Timeout>();
  const watch = (clientId: string, workerId: string) => {
    clearTimeout(silence.get(clientId));
    const timer = setTimeout(() => {
      silence.delete(clientId);
      metrics.heartbeatMisses.inc();
      logger.warn({ worker: workerId, clientId, silentSeconds: silenceMs / 1000 }, "desktop companion missed its heartbeat");
    }, silenceMs);
    timer.unref();
    silence.set(clientId, timer);
  };
  const deliver = (workerId: string, message: Parameters<BayeuxServer["deliverCompanion"]>[1]) =>
    void deps.bayeux().deliverCompanion(workerId, message).catch((error) => logger.warn({ err: error, worker: workerId }, "companion delivery failed"));

  bus.onControl((raw) => {
    const message = readControl(raw);
    if (message?.type === "companion-down") deliver(message.worker, message.message);
    else if (message?.type === "drop-companion") deps.bayeux().dropCompanion(message.worker);
  });

  return {
    opened(clientId, workerId) {
      watch(clientId, workerId);
      bus.control({ type: "companion-session", worker: workerId, clientId, open: true });
    },
    closed(clientId, workerId) {
      clearTimeout(silence.get(clientId));
      silence.delete(clientId);
      bus.control({ type: "companion-session", worker: workerId, clientId, open: false });
    },
    received(clientId, workerId, message) {
      watch(clientId, workerId);
      if (message.type === "test") deliver(workerId, { type: "ack", seq: message.seq, keepAlive });
      else if (message.type === "heartbeat") {
        metrics.heartbeats.inc();
        deliver(workerId, { type: "ack", seq: message.seq });
      }
      bus.control({ type: "companion-up", worker: workerId, clientId, message });
    },
    close() {
      for (const timer of silence.values()) clearTimeout(timer);
      silence.clear();
    },
  };
}
