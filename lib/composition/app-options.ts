/** What a connector node is built from and what it offers (lib/app.ts builds it). */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { ClusterOptions } from "../cluster/cluster-adapters";
import type { ConnectorConfig } from "../config/schema";
import type { Secrets } from "../config/secrets";
import type { Clock } from "../connector/ports";
import type { AppDeps } from "../http/deps";
import type { HttpTimeouts } from "../http/listeners";
import type { Logger } from "../observability/logger";
import type { TlsSettings } from "../tls/https-server";

export interface ConnectorAppOptions {
  config: ConnectorConfig;
  dataDir: string;
  apiKey: string;
  logger: Logger;
  clock?: Clock;
  bayeuxTimeoutSeconds?: number;
  /** Serves everything that is not the connector's own (the Next.js pages). */
  pages?: {
    handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
    /** Next.js dev mode: its hot reload needs eval, which the pages' CSP then allows. */
    dev?: boolean;
  };
  defaultMetrics?: boolean;
  /** Where the console IM gateway writes its lines (default stdout). */
  consoleWrite?: (line: string) => void;
  /** UCC_PUBLIC_URL (also the base of invitation links); default: the URL the connector listens on. */
  publicUrl?: string;
  /** Serve HTTPS and WSS (and MTLS when it names a client CA) instead of plain HTTP. */
  tls?: TlsSettings;
  /**
   * UCC_SECRET, or its keys already resolved; unset: this node's own secret, kept in the data
   * dir (lib/config/secrets.ts). Required with `cluster`.
   */
  secret?: string | Secrets;
  /** Node's request limits; default DEFAULT_HTTP_TIMEOUTS (tests shorten them). */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Several nodes: the shared PostgreSQL store and Redis bus, and who this node is. */
  cluster?: ClusterOptions;
  /** How long a draining node answers 503 on /readyz before it lets go (the balancer's checks); default 3 s. */
  drainNoticeMs?: number;
}

export interface ConnectorApp {
  server: Server;
  /** The owner's services; throws on a node that does not own the work now. */
  readonly deps: AppDeps;
  /** Whether this node owns the work now. */
  isOwner(): boolean;
  /** Where people reach the connector: UCC_PUBLIC_URL, else where it listens. */
  publicUrl(): string;
  /** Listens on the pages' port (and the MTLS port, when configured); resolves with the pages' URL. */
  listen(port: number, host: string): Promise<string>;
  /** The MTLS listener's URL once listening (only with MTLS). */
  mtlsUrl(): string | undefined;
  /** The MTLS listener (only with MTLS). */
  mtlsServer: Server | undefined;
  /**
   * SIGTERM: /readyz turns 503 and new handshakes are refused; after the balancer has seen it,
   * the steps under way finish, the work is handed over, the windows are sent elsewhere; then closes.
   */
  drain(): Promise<void>;
  close(): Promise<void>;
}
