/**
 * Builds one connector node: store, bus, Bayeux endpoint and HTTP server on one port. The
 * composition root (server.ts) and the integration tests both start the connector through here.
 *
 * Alone (the default), the node owns the work from the start: SQLite store, in-process bus.
 * With `cluster` (UCC_DATABASE_URL and UCC_REDIS_URL), nodes share a PostgreSQL store and a Redis
 * bus; one of them owns the work at a time (lib/cluster/owner-election.ts) and serves the API and
 * pages, the others hold their browsers' /cometd connections and forward every other request to
 * it (lib/cluster/forward-to-owner.ts). Pushes reach every node's Bayeux server through the bus.
 */
import { mkdirSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
import { interactionOfPush } from "./bayeux/channels";
import { createBayeuxServer } from "./bayeux/faye-server";
import { isCometdPath } from "./bayeux/transport-gate";
import type { ConnectorConfig } from "./config/schema";
import { resolveSecrets, type Secrets } from "./config/secrets";
import { createInProcessBus, type Bus } from "./bus/in-process-bus";
import { customerInteraction } from "./connector/interactions/customer-access";
import { scopeOpenIn } from "./connector/interactions/scope-open";
import { systemClock, type Clock } from "./connector/ports";
import { SESSION_COOKIE, SessionService } from "./connector/sessions";
import { WindowTracker } from "./connector/window-tracker";
import { startOwnerServices, type OwnerServices } from "./composition/owner-services";
import { localWindowCounts, type WindowCounts } from "./composition/window-counts";
import { readControl } from "./cluster/control-messages";
import { createOwnerForwarder } from "./cluster/forward-to-owner";
import { startElection, type Election } from "./cluster/owner-election";
import type { AppDeps } from "./http/deps";
import { serveCometd } from "./http/cometd-route";
import { isForeignOrigin, MAX_BODY_BYTES, parseCookies } from "./http/io";
import { createListeners, type HttpTimeouts } from "./http/listeners";
import { createRouter } from "./http/router";
import { publishReadSide } from "./http/first-paint-source";
import { nodeRoutes, ownerRoutes } from "./http/routes";
import { applyNonPageHeaders, applyPageHeaders } from "./http/security-headers";
import { clientAddress, carriesProxyHeaders, isSecureRequest, requestHost, type EdgeSettings } from "./http/client-info";
import { parseCidr } from "./http/ip";
import type { Logger } from "./observability/logger";
import { createMetrics } from "./observability/metrics";
import { openSqliteStore } from "./store/sqlite-store";
import type { Store } from "./store/store";
import { hasTrustedClientCertificate, viaMtlsListener, type TlsSettings } from "./tls/https-server";
import type { ClusterOptions } from "./cluster/cluster-adapters";

/** Seconds the Bayeux server holds a /meta/connect; a silent window expires after twice this. */
export const BAYEUX_TIMEOUT_SECONDS = 15;

export { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from "./http/listeners";
export type { ClusterOptions } from "./cluster/cluster-adapters";

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

type NodeState = "starting" | "ready" | "draining";

/** How long a drain waits for the requests under way to be answered. */
const DRAIN_REQUESTS_MS = 10_000;

export async function createConnectorApp(options: ConnectorAppOptions): Promise<ConnectorApp> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
  const secrets =
    typeof options.secret === "object"
      ? options.secret
      : resolveSecrets({
          secret: options.secret,
          dataDir: options.dataDir,
          ...(options.cluster ? { requiredBecause: "UCC_DATABASE_URL and UCC_REDIS_URL are set: several nodes share the work" } : {}),
        });
  // NOTE: loaded only for several nodes: one node never loads the PostgreSQL and Redis clients.
  const cluster = options.cluster ? await (await import("./cluster/cluster-adapters")).openClusterAdapters(options.cluster, logger) : undefined;
  const store: Store =
    cluster?.store ??
    openSqliteStore(path.join(options.dataDir, "connector.sqlite"), {
      onCheckpointError: (message) => logger.warn({ reason: message }, "background WAL checkpoint failed"),
    });
  const bus: Bus = cluster?.bus ?? createInProcessBus();
  let state: NodeState = "starting";

  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics });
  // NOTE: the tracker is made after the counts it feeds; its count is read late.
  const local = localWindowCounts((worker) => tracker.count(worker));
  const tracker = new WindowTracker({
    onChange: (worker, count) => {
      metrics.windowsOpen.set(tracker.total());
      if (cluster) cluster.windows.local(worker, count);
      else local.changed(worker, count);
    },
  });
  const windows: WindowCounts = cluster?.windows ?? local;
  const sessions = new SessionService(store, clock);
  sessions.tellEndedWith((what) => bus.control({ type: "sessions-ended", ...what }));
  // NOTE: a node that does not own the work cannot tell whether a scope ended; the owner's check
  // (and its deletion of the session) decides, and this node's cache follows within its TTL.
  sessions.checkScopesWith(() => true);
  const bayeux = createBayeuxServer({
    async authenticate(req, message) {
      const token = (message.ext?.ucc as { customerToken?: unknown } | undefined)?.customerToken;
      if (typeof token === "string" && token.length <= 200) {
        const interactionId = await customerInteraction(store, token);
        return interactionId ? { kind: "customer", interactionId } : undefined;
      }
      return sessions.resolve(parseCookies(req)[SESSION_COOKIE]);
    },
    isForeignOrigin,
    tracker,
    metrics,
    logger,
    timeoutSeconds: options.bayeuxTimeoutSeconds ?? BAYEUX_TIMEOUT_SECONDS,
    maxFrameBytes: MAX_BODY_BYTES,
  });

  let owner: OwnerServices | undefined;
  windows.onChange((worker, count) => owner?.windowsChanged(worker, count));
  let takingOver: Promise<OwnerServices | undefined> | undefined;
  let unpublishReadSide = () => {};
  // NOTE: once a push about an interaction has gone out (its last one included), the Bayeux
  // sessions scoped to it whose scope ended are dropped; the cookie already stopped resolving.
  const endScopesAfter = async (interactionId: string) => {
    if (owner) return void bayeux.endScopes(interactionId, owner.scopeOpen);
    const i = await store.getInteraction(interactionId);
    bayeux.endScopes(interactionId, (p) => p.scopes?.some((s) => s.interaction !== interactionId || scopeOpenIn(i, p.workerId, s)) ?? false);
  };
  bus.subscribe((topic, message) => {
    const delivered = bayeux.deliver(topic, message);
    const interactionId = topic.kind === "worker" ? interactionOfPush(message) : undefined;
    if (interactionId !== undefined) void delivered.then(() => endScopesAfter(interactionId)).catch((error) => logger.warn({ err: error }, "could not check scoped sessions"));
  });
  bus.onControl((raw) => {
    const message = readControl(raw);
    if (!message) return logger.warn({ type: raw.type }, "unknown control message dropped");
    if (message.type === "drop-worker") bayeux.dropWorker(message.worker);
    else if (message.type === "sessions-ended") sessions.forget("key" in message ? { key: message.key } : { worker: message.worker });
    // NOTE: a new owner may not have announced what its predecessor committed last; every window
    // handshakes again and refetches what it shows (lib/client/use-live-worker.ts).
    else if (message.type === "owner-changed") bayeux.dropAll();
  });
  cluster?.onBusReconnect(() => {
    // NOTE: pushes published while Redis was away are not replayed: the windows re-sync instead.
    logger.warn("the bus is back: windows on this node re-sync");
    bayeux.dropAll();
  });

  // NOTE: known once listening; sign-in and invitation links use it when UCC_PUBLIC_URL is unset.
  let listenUrl = "http://127.0.0.1";
  let mtlsUrl: string | undefined;
  const publicUrl = () => options.publicUrl ?? listenUrl;
  const ready = async () => {
    await store.listEvents(Number.MAX_SAFE_INTEGER, 1);
    return true;
  };

  async function becomeOwner(epoch?: number): Promise<OwnerServices> {
    if (epoch !== undefined) cluster?.store.fence(epoch);
    const services = await startOwnerServices({
      config,
      store,
      notifier: bus,
      clock,
      logger,
      metrics,
      secrets,
      sessions,
      tracker,
      windows,
      bayeux,
      dropWorkerEverywhere: (worker) => bus.control({ type: "drop-worker", worker }),
      apiKey: options.apiKey,
      mtls: Boolean(options.tls?.clientCa),
      mtlsUrl: () => mtlsUrl,
      publicUrl,
      consoleWrite: options.consoleWrite,
      ready,
    });
    // NOTE: the pages (Next.js, bundled apart) read the signed-in worker for their first paint through this.
    if (options.pages) unpublishReadSide = publishReadSide(services.deps);
    sessions.checkScopesWith(services.scopeOpen);
    return services;
  }

  async function stopOwning(): Promise<void> {
    const services = owner ?? (await takingOver);
    owner = undefined;
    takingOver = undefined;
    sessions.checkScopesWith(() => true);
    unpublishReadSide();
    await services?.close().catch((error) => logger.warn({ err: error }, "owner services did not close cleanly"));
  }

  let election: Election | undefined;
  if (!cluster) owner = await becomeOwner();
  // NOTE: a node asks for the work once it listens: the URL it records for its peers is its own then.
  const startElectionOnce = () => {
    if (!cluster || election || closing) return;
    election = startElection({
      lease: () => cluster.lease(publicUrlForPeers()),
      async becomeOwner(epoch) {
        const starting = becomeOwner(epoch);
        takingOver = starting;
        const services = await starting;
        owner = services;
        takingOver = undefined;
        services.listening();
        bus.control({ type: "owner-changed", epoch });
      },
      stopOwning: () => stopOwning(),
      logger,
      pollMs: options.cluster?.electionPollMs,
    });
  };
  function publicUrlForPeers(): string {
    return options.cluster?.nodeUrl ?? listenUrl;
  }

  const nodeDeps = {
    config,
    store,
    sessions,
    tracker,
    metrics,
    logger,
    windowCount: (worker: string) => windows.count(worker),
    ready,
    readiness: () => state === "ready",
  } as unknown as AppDeps;
  const nodeRouter = createRouter(nodeRoutes);
  const router = createRouter(ownerRoutes);
  const edge: EdgeSettings = {
    trustedProxies: config["trusted-proxies"].map((text) => parseCidr(text)!),
    ...(options.publicUrl ? { publicOrigin: new URL(options.publicUrl).origin } : {}),
    ...(cluster ? { peerKey: secrets.key("cluster-peers") } : {}),
  };
  const forward = cluster
    ? createOwnerForwarder({
        peerKey: secrets.key("cluster-peers"),
        findOwner: () => cluster.ownerUrl(),
        selfUrl: publicUrlForPeers,
        clientInfo: (req) => ({
          address: clientAddress(req),
          secure: isSecureRequest(req),
          host: requestHost(req),
          proxied: carriesProxyHeaders(req),
          mtls: viaMtlsListener(req) && hasTrustedClientCertificate(req),
        }),
        logger,
      })
    : undefined;

  // NOTE: requests other than Bayeux's (which are held open on purpose) a drain waits for.
  let inFlight = 0;
  let onIdle = () => {};
  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (isCometdPath(pathname)) {
      applyNonPageHeaders(res);
      return serveCometd(req, res, bayeux, logger);
    }
    inFlight++;
    res.once("close", () => {
      if (--inFlight === 0) onIdle();
    });
    // NOTE: a draining node closes each connection after its answer, so clients reconnect elsewhere.
    if (state === "draining") res.setHeader("connection", "close");
    return serve(req, res, pathname);
  };
  const serve = async (req: IncomingMessage, res: ServerResponse, pathname: string) => {
    if (nodeRouter.owns(req)) {
      applyNonPageHeaders(res);
      return void (await nodeRouter.handle(req, res, nodeDeps));
    }
    const services = owner ?? (takingOver ? await takingOver : undefined);
    if (!services && forward) {
      // NOTE: the pages' static files are the same on every node: served here, not forwarded.
      if (options.pages && pathname.startsWith("/_next/static/")) {
        applyPageHeaders(req, res, { dev: options.pages.dev });
        return options.pages.handle(req, res);
      }
      return forward(req, res);
    }
    applyNonPageHeaders(res);
    if (services && (await router.handle(req, res, services.deps))) return;
    if (options.pages) {
      applyPageHeaders(req, res, { dev: options.pages.dev });
      return options.pages.handle(req, res);
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  };

  const listeners = createListeners({
    tls: options.tls,
    timeouts: options.httpTimeouts,
    edge,
    logger,
    handle: onRequest,
    upgradeBayeux: (req, socket, head) => bayeux.handleUpgrade(req, socket, head),
    ...(options.pages ? { upgradePages: options.pages.upgrade } : {}),
  });
  const { server } = listeners;

  let closing: Promise<void> | undefined;
  let noticeCut = () => {};
  function close(): Promise<void> {
    noticeCut();
    closing ??= closeOnce();
    return closing;
  }
  async function closeOnce(): Promise<void> {
    if (election) await election.resign();
    else await stopOwning();
    bayeux.close();
    tracker.dispose();
    await listeners.close();
    await cluster?.close();
    await store.close();
  }

  return {
    server,
    get deps() {
      if (!owner) throw new Error("this node does not own the work now");
      return owner.deps;
    },
    isOwner: () => owner !== undefined,
    publicUrl,
    async listen(port, host) {
      ({ url: listenUrl, mtlsUrl } = await listeners.listen(port, host));
      state = "ready";
      // NOTE: windows reconnect only from now on: the restart grace counts from here.
      owner?.listening();
      startElectionOnce();
      return listenUrl;
    },
    mtlsUrl: () => mtlsUrl,
    mtlsServer: listeners.mtlsServer,
    async drain() {
      if (state === "draining") return;
      state = "draining";
      bayeux.refuseHandshakes();
      // NOTE: the balancer takes this node out after its next failed checks; until then requests
      // still arrive and are served. One node alone has nobody to hand over to: no wait.
      const noticeMs = options.drainNoticeMs ?? (cluster ? 3_000 : 0);
      logger.info({ noticeMs }, "draining: /readyz answers 503");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, noticeMs);
        // NOTE: a close() meanwhile (a second signal, a test) cuts the notice short.
        noticeCut = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (closing) return closing;
      listeners.stopAccepting();
      await new Promise<void>((resolve) => {
        if (inFlight === 0) return resolve();
        const bound = setTimeout(resolve, DRAIN_REQUESTS_MS);
        onIdle = () => {
          clearTimeout(bound);
          resolve();
        };
      });
      if (election) await election.resign();
      else await stopOwning();
      const moved = bayeux.dropAll();
      logger.info({ windows: moved }, "drained: the work is handed over, windows sent elsewhere");
      election = undefined;
      await close();
    },
    close,
  };
}
