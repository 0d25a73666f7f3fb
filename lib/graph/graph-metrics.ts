/**
 * Teams presence sync's Prometheus metrics, on the connector's own registry. NOTE: a node may own
 * the work, resign and own it again in one process: the metrics are registered once and reused.
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { GraphOutcome } from "./graph-failure";

export interface GraphMetrics {
  /** 1 while every worker's Teams presence was read and written as it should be; else 0. */
  inSync: Gauge;
  /** Unix time (seconds) since which Teams presence is out of sync; 0 while in sync. */
  outOfSyncSince: Gauge;
  /** Graph requests by operation and outcome. */
  requests: Counter<"operation" | "outcome">;
}

function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createGraphMetrics(registry: Registry): GraphMetrics {
  return {
    inSync: once(registry, "ucc_graph_presence_in_sync", () => new Gauge({
      name: "ucc_graph_presence_in_sync",
      help: "1 while Teams presence (Microsoft Graph) is in sync with the connector's, 0 while Graph cannot be read or written",
      registers: [registry],
    })),
    outOfSyncSince: once(registry, "ucc_graph_presence_out_of_sync_since_seconds", () => new Gauge({
      name: "ucc_graph_presence_out_of_sync_since_seconds",
      help: "Unix time since which Teams presence is out of sync; 0 while in sync",
      registers: [registry],
    })),
    requests: once(registry, "ucc_graph_requests_total", () => new Counter({
      name: "ucc_graph_requests_total",
      help: "Microsoft Graph requests by operation and outcome (ok, throttled, server-error, unreachable, refused, token-failed)",
      labelNames: ["operation", "outcome"],
      registers: [registry],
    })),
  };
}

export type GraphOperation = "user" | "get-presences" | "set-presence" | "clear-presence" | "activity-notification" | "obo-token" | "subscribe" | "renew-subscription" | "delete-subscription";
export type { GraphOutcome };
