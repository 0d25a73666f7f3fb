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
import path from "node:path";
import { teamsBearerFor } from "./auth/teams-bearer";
import { bearerKind } from "./auth/bearer-kind";
import { createBayeuxServer } from "./bayeux/faye-server";
import { resolveSecrets } from "./config/secrets";
import { createInProcessBus, type Bus } from "./bus/in-process-bus";
import { customerInteraction } from "./connector/interactions/customer-access";
import { systemClock } from "./connector/ports";
import { SESSION_COOKIE, SessionService } from "./connector/sessions";
import { WindowTracker } from "./connector/window-tracker";
import type { ConnectorApp, ConnectorAppOptions } from "./composition/app-options";
import { startOwnerServices, type OwnerServices } from "./composition/owner-services";
import { localWindowCounts, type WindowCounts } from "./composition/window-counts";
import { resyncOnReconnect, wireBus } from "./composition/bus-wiring";
import { createRequestHandler } from "./composition/request-handler";
import { createOwnerForwarder } from "./cluster/forward-to-owner";
import { startElection, type Election } from "./cluster/owner-election";
import type { AppDeps } from "./http/deps";
import { isForeignOrigin, MAX_BODY_BYTES, parseCookies } from "./http/io";
import { createListeners } from "./http/listeners";
import { createRouter } from "./http/router";
import { publishReadSide } from "./http/first-paint-source";
import { nodeRoutes, ownerRoutes } from "./http/routes";
import type { EdgeSettings } from "./http/client-info";
import { parseCidr } from "./http/ip";
import { createMetrics } from "./observability/metrics";
import { wireCompanions } from "./composition/companion-wiring";
import { MAX_TEAMS_TOKEN_LENGTH } from "./auth/teams-token";
import { openSqliteStore } from "./store/sqlite-store";
import type { Store } from "./store/store";

/** Seconds the Bayeux server holds a /meta/connect; a silent window expires after twice this. */
export const BAYEUX_TIMEOUT_SECONDS = 15;

export { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from "./http/listeners";
export type { ClusterOptions } from "./cluster/cluster-adapters";
export type { ConnectorApp, ConnectorAppOptions } from "./composition/app-options";

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
  const companions = wireCompanions({ bus, store, config, mtls: Boolean(options.tls?.clientCa), metrics, logger, bayeux: () => bayeux, owner: () => owner?.companion });
  sessions.tellEndedWith((what) => bus.control({ type: "sessions-ended", ...what }));
  const bayeux = createBayeuxServer({
    async authenticate(req, message) {
      const companion = await companions.authenticate(req, message.ext);
      if (companion !== "not-companion") return companion;
      const token = (message.ext?.ucc as { customerToken?: unknown } | undefined)?.customerToken;
      if (typeof token === "string" && token.length <= 200) {
        const interactionId = await customerInteraction(store, token);
        return interactionId ? { kind: "customer", interactionId } : undefined;
      }
      // NOTE: inside Teams' iframe no cookie may come: the tab sends its Teams token in every message.
      const teamsToken = (message.ext?.ucc as { teamsToken?: unknown } | undefined)?.teamsToken;
      // NOTE: or the session the organisation sign-in in Teams' authentication window handed the tab.
      if (typeof teamsToken === "string" && bearerKind(teamsToken) === "session") return sessions.resolve(teamsToken);
      if (typeof teamsToken === "string" && teamsToken.length <= MAX_TEAMS_TOKEN_LENGTH) return teamsBearer?.resolve(teamsToken);
      return sessions.resolve(parseCookies(req)[SESSION_COOKIE]);
    },
    isForeignOrigin,
    tracker,
    metrics,
    logger,
    timeoutSeconds: options.bayeuxTimeoutSeconds ?? BAYEUX_TIMEOUT_SECONDS,
    maxFrameBytes: MAX_BODY_BYTES,
    companions: companions.link,
  });

  let owner: OwnerServices | undefined;
  windows.onChange((worker, count) => owner?.windowsChanged(worker, count));
  let takingOver: Promise<OwnerServices | undefined> | undefined;
  let unpublishReadSide = () => {};
  const { scopeOpenHere } = wireBus({ bus, bayeux, sessions, store, logger, ownerScopeOpen: () => owner?.scopeOpen });
  // NOTE: until this node owns the work (if ever), scoped sessions end here as it sees them end.
  sessions.checkScopesWith(scopeOpenHere);
  if (cluster) resyncOnReconnect(cluster.onBusReconnect, bayeux, logger);

  // NOTE: known once listening; sign-in and invitation links use it when UCC_PUBLIC_URL is unset.
  let listenUrl = "http://127.0.0.1";
  let mtlsUrl: string | undefined;
  const publicUrl = () => options.publicUrl ?? listenUrl;
  const teamsBearer = teamsBearerFor(config, { publicUrl, secrets, store, sessions, now: () => clock.now().getTime() });
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
      companionMetrics: companions.metrics,
      companionBus: bus,
      apiKey: options.apiKey,
      mtls: Boolean(options.tls?.clientCa),
      mtlsUrl: () => mtlsUrl,
      publicUrl,
      teamsBearer,
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
    sessions.checkScopesWith(scopeOpenHere);
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

  // NOTE: what every node has, whether or not it owns the work: nodeRoutes read only these fields
  // (health, readiness, metrics, a window's goodbye); the owner's services are not among them.
  const nodeDeps = {
    config,
    store,
    sessions,
    // NOTE: a window's goodbye may be signed in by a Teams token (no cookie in Teams' iframe).
    signIn: { bearer: teamsBearer },
    tracker,
    metrics,
    logger,
    windowCount: (worker: string) => windows.count(worker),
    ready,
    readiness: () => state === "ready",
    owns: () => owner !== undefined,
  } as unknown as AppDeps;
  const edge: EdgeSettings = {
    trustedProxies: config["trusted-proxies"].map((text) => parseCidr(text)!),
    ...(options.publicUrl ? { publicOrigin: new URL(options.publicUrl).origin } : {}),
    ...(cluster ? { peerKey: secrets.key("cluster-peers") } : {}),
  };
  const requests = createRequestHandler({
    bayeux,
    logger,
    node: { router: createRouter(nodeRoutes), deps: nodeDeps },
    ownerRouter: createRouter(ownerRoutes),
    owned: async () => owner ?? (takingOver ? await takingOver : undefined),
    ...(cluster
      ? { forward: createOwnerForwarder({ peerKey: secrets.key("cluster-peers"), findOwner: () => cluster.ownerUrl(), selfUrl: publicUrlForPeers, logger }) }
      : {}),
    ...(options.pages ? { pages: options.pages } : {}),
    draining: () => state === "draining",
  });

  const listeners = createListeners({
    tls: options.tls,
    timeouts: options.httpTimeouts,
    edge,
    logger,
    handle: requests.handle,
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
    companions.link.close();
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
      await requests.whenIdle(DRAIN_REQUESTS_MS);
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
