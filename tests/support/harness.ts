/**
 * Starts a real connector for integration tests: the demo configuration (or another), SQLite in
 * a fresh temp dir, an HTTP server on a free loopback port, and helpers to call it as an
 * integrator (Bearer API key), sign in as a worker (dev sign-in cookie) and open Bayeux clients.
 * `restart()` closes it and starts a new one on the same data dir.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createConnectorApp, type ConnectorApp, type ConnectorAppOptions } from "../../lib/app";
import { loadConfig, parseConfig } from "../../lib/config/load";
import type { ConnectorConfig } from "../../lib/config/schema";
import { createLogger } from "../../lib/observability/logger";
import type { TlsSettings } from "../../lib/tls/https-server";
import { BayeuxClient, handshake, newCometD, type BayeuxClientOptions } from "./bayeux";
import { rawRequest, type RawRequestOptions, type RawResponse } from "./http";
import { devSignIn } from "./sign-in";

export const DEMO_CONFIG_FILE = fileURLToPath(new URL("../../config/demo.json", import.meta.url));

/** The demo configuration as a fresh raw JSON object, for tests that change one option. */
export function demoConfigRaw(): Record<string, any> {
  return JSON.parse(readFileSync(DEMO_CONFIG_FILE, "utf8"));
}

export function tempDir(prefix = "ucc-test-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A worker as GET /api/v1/workers/{id} shows it. */
export interface WorkerView {
  id: string;
  name: string;
  presence: string;
  presenceSince?: string;
  ready?: boolean;
  windows: number;
  interactions: string[];
  /** The worker's desktop companion (B11). */
  companion?: { connected: boolean; softphone: "ready" | "absent" };
}

export interface StartOptions {
  /** A raw configuration object (validated like a file) or an already parsed one; default: demo. */
  config?: Record<string, unknown> | ConnectorConfig;
  /** Reuse a data dir (e.g. to restart); default: a fresh temp dir, removed by cleanup(). */
  dataDir?: string;
  apiKey?: string;
  bayeuxTimeoutSeconds?: number;
  /** Where the connector logs (default: nowhere). */
  logger?: ConnectorAppOptions["logger"];
  /** Node's request limits (default: the connector's own). */
  httpTimeouts?: ConnectorAppOptions["httpTimeouts"];
  /** Whether cleanup() removes the data dir; default: when this harness created it. */
  removeDataDir?: boolean;
  /** Where the console IM gateway's lines go; default: nowhere (tests read them from here). */
  consoleWrite?: (line: string) => void;
  /** UCC_PUBLIC_URL (default: the URL it listens on). */
  publicUrl?: string;
  /** Serve HTTPS (and MTLS with a client CA); `request` and `api` then need their own https client. */
  tls?: TlsSettings;
  /** Listen on this port (default: a free one). */
  port?: number;
  /** UCC_SECRET (default: unset, the node's own secret in its data dir). */
  secret?: string;
  /** Several nodes: this node's share of a cluster (PostgreSQL and Redis). */
  cluster?: ConnectorAppOptions["cluster"];
  /** How long drain() answers 503 on /readyz before it lets go. */
  drainNoticeMs?: number;
}

export interface Connector {
  url: string;
  apiKey: string;
  dataDir: string;
  app: ConnectorApp;
  /** A request with the integration API key. */
  api(method: string, pathname: string, body?: RawRequestOptions["body"], headers?: Record<string, string>): Promise<RawResponse>;
  /** A request with no credentials at all (or only the headers given). */
  request(pathname: string, options?: RawRequestOptions): Promise<RawResponse>;
  /** Dev sign-in (POST /signin, as the form does); resolves with the Cookie header value "ucc_session=...". */
  signIn(workerId: string): Promise<string>;
  /** A worker as the integration API shows it (fails the test on a non-200). */
  worker(workerId: string): Promise<WorkerView>;
  /** Reporting events after `after`. */
  events(after?: number): Promise<Array<{ seq: number; at: string; type: string; worker: string; interaction?: string; reasons?: Record<string, string> }>>;
  /** A handshaken Bayeux client; rejects with HandshakeRefused when the server refuses. */
  bayeux(options?: BayeuxClientOptions): Promise<BayeuxClient>;
  /** A configured Bayeux client that has not handshaken yet (tracked for cleanup). */
  cometd(options?: BayeuxClientOptions): ReturnType<typeof newCometD>;
  /** Resolves once every step asked for so far (routing passes included) has run, been kept and announced. */
  settled(): Promise<void>;
  /** Closes this connector and starts another on the same data dir, API key and config. */
  restart(): Promise<Connector>;
  /** Disconnects the Bayeux clients and closes the connector (the data dir stays). */
  close(): Promise<void>;
  /** close() and remove the data dir when this harness created it. */
  cleanup(): Promise<void>;
}

const logger = createLogger("silent");

/**
 * NOTE: tests start and restart connectors at once and expect offers at once: the restart grace
 * (routing.restart-grace, default 15 s) is 0 here unless the test's raw configuration names it.
 */
function withTestGrace(config: ConnectorConfig, raw: StartOptions["config"]): ConnectorConfig {
  const named = raw !== undefined && (raw as { routing?: Record<string, unknown> }).routing?.["restart-grace"] !== undefined;
  return named ? config : { ...config, routing: { ...config.routing, "restart-grace": 0 } };
}

export async function startConnector(options: StartOptions = {}): Promise<Connector> {
  const config: ConnectorConfig = withTestGrace(
    options.config === undefined ? loadConfig(DEMO_CONFIG_FILE).config : parseConfig(options.config),
    options.config,
  );
  const ownsDataDir = options.removeDataDir ?? options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir();
  const apiKey = options.apiKey ?? `test-key-${Math.random().toString(36).slice(2)}-0123456789`;

  const app = await createConnectorApp({
    config,
    dataDir,
    apiKey,
    logger: options.logger ?? logger,
    bayeuxTimeoutSeconds: options.bayeuxTimeoutSeconds,
    httpTimeouts: options.httpTimeouts,
    consoleWrite: options.consoleWrite ?? (() => undefined),
    publicUrl: options.publicUrl,
    tls: options.tls,
    secret: options.secret,
    cluster: options.cluster,
    drainNoticeMs: options.drainNoticeMs,
  });
  const url = await app.listen(options.port ?? 0, "127.0.0.1");
  const clients = new Set<ReturnType<typeof newCometD>>();
  let closed = false;

  const connector: Connector = {
    url,
    apiKey,
    dataDir,
    app,
    api(method, pathname, body, headers = {}) {
      return rawRequest(url + pathname, {
        method,
        body,
        headers: { authorization: `Bearer ${apiKey}`, ...headers },
      });
    },
    request(pathname, requestOptions) {
      return rawRequest(url + pathname, requestOptions);
    },
    signIn(workerId) {
      return devSignIn(url, workerId);
    },
    async worker(workerId) {
      const res = await connector.api("GET", `/api/v1/workers/${encodeURIComponent(workerId)}`);
      if (res.status !== 200) throw new Error(`GET worker ${workerId} answered ${res.status}: ${res.text}`);
      return res.json;
    },
    async events(after = 0) {
      const res = await connector.api("GET", `/api/v1/events?after=${after}`);
      if (res.status !== 200) throw new Error(`GET events answered ${res.status}: ${res.text}`);
      return res.json;
    },
    cometd(clientOptions) {
      const cometd = newCometD(url, clientOptions);
      clients.add(cometd);
      return cometd;
    },
    async bayeux(clientOptions) {
      const cometd = connector.cometd(clientOptions);
      await handshake(cometd);
      return new BayeuxClient(cometd);
    },
    settled: () => app.deps.interactions.settled(),
    async restart() {
      await connector.close();
      return startConnector({ ...options, config, dataDir, apiKey, removeDataDir: ownsDataDir });
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...clients].map((c) => new BayeuxClient(c).disconnect(2_000)));
      clients.clear();
      await app.close();
    },
    async cleanup() {
      await connector.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return connector;
}
