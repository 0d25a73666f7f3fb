/** The desktop companions' Prometheus metrics (B11), on the connector's own registry. */
import { Counter, Gauge, type Registry } from "prom-client";

export interface CompanionMetrics {
  /** Workers whose companion holds a Bayeux session now (set by the node that owns the work). */
  connected: Gauge;
  /** Heartbeats this node answered. */
  heartbeats: Counter;
  /** Times a companion stayed silent longer than gla-kpl-time + gla-kpl-response-time. */
  heartbeatMisses: Counter;
  /** Call matching outcomes: matched, not-matched. */
  matches: Counter<"outcome">;
}

/** NOTE: a node that takes the work over again builds its services again; metrics are made once per registry. */
function once<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createCompanionMetrics(registry: Registry): CompanionMetrics {
  return {
    connected: once(registry, "ucc_companions_connected", () => new Gauge({ name: "ucc_companions_connected", help: "Workers whose desktop companion is connected now", registers: [registry] })),
    heartbeats: once(registry, "ucc_companion_heartbeats_total", () => new Counter({ name: "ucc_companion_heartbeats_total", help: "Desktop companion heartbeats answered", registers: [registry] })),
    heartbeatMisses: once(
      registry,
      "ucc_companion_heartbeat_misses_total",
      () => new Counter({ name: "ucc_companion_heartbeat_misses_total", help: "Desktop companions silent longer than gla-kpl-time + gla-kpl-response-time", registers: [registry] }),
    ),
    matches: once(
      registry,
      "ucc_call_matches_total",
      () => new Counter({ name: "ucc_call_matches_total", help: "Voice interactions matched to a softphone call, by outcome (matched, not-matched)", labelNames: ["outcome"], registers: [registry] }),
    ),
  };
}
