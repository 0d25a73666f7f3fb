/** Prometheus metrics of one connector instance (its own registry, so tests can run several). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  windowsOpen: Gauge;
  bayeuxSessions: Gauge;
  presenceChanges: Counter<"presence" | "source">;
  httpDuration: Histogram<"method" | "route" | "status">;
  stepFailures: Counter<"step">;
  stepSeconds: Histogram<"phase">;
  bayeuxPushes: Counter;
}

/** Steps and disk syncs take from a tenth of a millisecond to a stall: buckets that tell them apart. */
const FINE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 1];

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: "ucc_" });
  return {
    registry,
    windowsOpen: new Gauge({
      name: "ucc_windows_open",
      help: "Web client windows of Knowledge Workers open now",
      registers: [registry],
    }),
    bayeuxSessions: new Gauge({
      name: "ucc_bayeux_sessions",
      help: "Bayeux sessions (handshaken clients) the server holds now",
      registers: [registry],
    }),
    presenceChanges: new Counter({
      name: "ucc_presence_changes_total",
      help: "Presence changes kept and reported, by new presence and source",
      labelNames: ["presence", "source"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "ucc_http_request_duration_seconds",
      help: "HTTP request durations of the connector's own routes",
      labelNames: ["method", "route", "status"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    stepFailures: new Counter({
      name: "ucc_step_failures_total",
      help: "Connector steps that failed to be kept (a store write or disk sync failed), by step",
      labelNames: ["step"],
      registers: [registry],
    }),
    stepSeconds: new Histogram({
      name: "ucc_step_seconds",
      help: "Where a connector step's time goes, by phase: queued (behind the steps before it), running (its reads and writes), kept (waiting for the disk sync that covers its writes)",
      labelNames: ["phase"],
      buckets: FINE_BUCKETS,
      registers: [registry],
    }),
    bayeuxPushes: new Counter({
      name: "ucc_bayeux_pushes_total",
      help: "Pushes handed to Bayeux for a channel with subscribers on this node",
      registers: [registry],
    }),
  };
}

/** What the embedded store did since it opened; counted by the store, read when /metrics is. */
export interface StoreActivity {
  commits: number;
  syncs: number;
  /** Told how long each sync took (set once /metrics counts them). */
  observeSync?(seconds: number): void;
}

/** The embedded store's commits and disk syncs (the benchmark reads them per chat). */
export function countStoreActivity(registry: Registry, activity: StoreActivity): void {
  new Counter({
    name: "ucc_store_commits_total",
    help: "Write transactions committed by the embedded store",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(activity.commits);
    },
  });
  new Counter({
    name: "ucc_store_syncs_total",
    help: "fdatasync calls that made the embedded store's commits durable (one covers every commit made before it)",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(activity.syncs);
    },
  });
  const syncSeconds = new Histogram({
    name: "ucc_store_sync_seconds",
    help: "How long each fdatasync of the embedded store took (the event loop waits for it, once per turn that wrote)",
    buckets: FINE_BUCKETS,
    registers: [registry],
  });
  activity.observeSync = (seconds) => syncSeconds.observe(seconds);
}
