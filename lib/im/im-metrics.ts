/** The IM gateways' Prometheus metrics, registered on the connector's own registry. */
import { Counter, Histogram, type Registry } from "prom-client";

export interface ImMetrics {
  /** Invitations by outcome: sent (some gateway delivered it) or failed (every gateway failed). */
  invitations: Counter<"outcome">;
  /** Each gateway's attempts by outcome (ok, failed). */
  gatewayAttempts: Counter<"gateway" | "outcome">;
  gatewayDuration: Histogram<"gateway">;
}

export function createImMetrics(registry: Registry): ImMetrics {
  return {
    invitations: new Counter({
      name: "ucc_invitations_total",
      help: "IM invitations to workers with no window open, by outcome (sent, failed)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
    gatewayAttempts: new Counter({
      name: "ucc_im_gateway_attempts_total",
      help: "Deliveries tried through each IM gateway, by outcome (ok, failed)",
      labelNames: ["gateway", "outcome"],
      registers: [registry],
    }),
    gatewayDuration: new Histogram({
      name: "ucc_im_gateway_duration_seconds",
      help: "How long each IM gateway took to deliver or fail, retries included",
      labelNames: ["gateway"],
      buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}
