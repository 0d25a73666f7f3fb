/**
 * Builds one connector: store, services, Bayeux endpoint and HTTP server on one port. The
 * composition root (server.ts) and the integration tests both start the connector through here.
 */
import { mkdirSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import path from "node:path";
import type { Duplex } from "node:stream";
import type { WorkerPrincipal } from "./bayeux/authorizer";
import { interactionOfPush } from "./bayeux/channels";
import { createBayeuxServer } from "./bayeux/faye-server";
import { isCometdPath } from "./bayeux/transport-gate";
import { presenceMappingOf } from "./config/load";
import type { ConnectorConfig } from "./config/schema";
import { resolveSecrets, type Secrets } from "./config/secrets";
import { createInProcessBus } from "./bus/in-process-bus";
import { createConnectorCore } from "./connector/core";
import type { OfferInviter } from "./connector/interactions/offers/offer-delivery";
import { createInvitations, type Invitations } from "./connector/invitations/invitations";
import { InvitationTokens } from "./connector/invitations/invitation-token";
import { systemClock, type Clock } from "./connector/ports";
import { SESSION_COOKIE, SessionService } from "./connector/sessions";
import { WindowTracker } from "./connector/window-tracker";
import type { AppDeps } from "./http/deps";
import { serveCometd } from "./http/cometd-route";
import { isForeignOrigin, MAX_BODY_BYTES, parseCookies } from "./http/io";
import { createListeners, type HttpTimeouts } from "./http/listeners";
import { createRouter } from "./http/router";
import { publishReadSide } from "./http/first-paint-source";
import { routes } from "./http/routes";
import { applyNonPageHeaders, applyPageHeaders } from "./http/security-headers";
import type { EdgeSettings } from "./http/client-info";
import { parseCidr } from "./http/ip";
import type { Logger } from "./observability/logger";
import { createMetrics } from "./observability/metrics";
import { createGateways } from "./im/create-gateways";
import { GatewayChain } from "./im/gateway-chain";
import { createImMetrics } from "./im/im-metrics";
import { openSqliteStore } from "./store/sqlite-store";
import { createSignInServices } from "./auth/sign-in-services";
import type { TlsSettings } from "./tls/https-server";
import { createEmbeddedCallModel } from "./telephony/embedded-call-model";

/** Seconds the Bayeux server holds a /meta/connect; a silent window expires after twice this. */
export const BAYEUX_TIMEOUT_SECONDS = 15;

export { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from "./http/listeners";

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
   * dir (lib/config/secrets.ts).
   */
  secret?: string | Secrets;
  /** Node's request limits; default DEFAULT_HTTP_TIMEOUTS (tests shorten them). */
  httpTimeouts?: Partial<HttpTimeouts>;
}

export interface ConnectorApp {
  server: Server;
  deps: AppDeps;
  /** Listens on the pages' port (and the MTLS port, when configured); resolves with the pages' URL. */
  listen(port: number, host: string): Promise<string>;
  /** The MTLS listener's URL once listening (only with MTLS). */
  mtlsUrl(): string | undefined;
  /** The MTLS listener (only with MTLS). */
  mtlsServer: Server | undefined;
  close(): Promise<void>;
}

export async function createConnectorApp(options: ConnectorAppOptions): Promise<ConnectorApp> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
  const secrets = typeof options.secret === "object" ? options.secret : resolveSecrets({ secret: options.secret, dataDir: options.dataDir });
  const store = openSqliteStore(path.join(options.dataDir, "connector.sqlite"), {
    onCheckpointError: (message) => logger.warn({ reason: message }, "background WAL checkpoint failed"),
  });
  await store.syncWorkers(config.workers, clock.now().toISOString());

  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics });
  // NOTE: the invitations are made after the step runner they report through; bound late.
  let invitations: Invitations | undefined;
  const tracker = new WindowTracker({
    onChange: (worker, count) => {
      metrics.windowsOpen.set(tracker.total());
      invitations?.windowsChanged(worker, count);
    },
  });
  const sessions = new SessionService(store, clock);
  // NOTE: the interaction service is made after the Bayeux server it announces through, and the
  // Bayeux server asks it who a customer token belongs to; the late binding breaks the cycle.
  let customerInteraction: (token: string) => Promise<string | undefined> = async () => undefined;
  const bayeux = createBayeuxServer({
    async authenticate(req, message) {
      const customerToken = (message.ext?.ucc as { customerToken?: unknown } | undefined)?.customerToken;
      if (typeof customerToken === "string" && customerToken.length <= 200) {
        const interactionId = await customerInteraction(customerToken);
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
  const bus = createInProcessBus();
  // NOTE: once a push about an interaction has gone out (its last one included), the Bayeux
  // sessions scoped to it whose scope ended are dropped; the cookie already stopped resolving.
  let scopeOpen: (principal: WorkerPrincipal) => boolean = () => false;
  bus.subscribe((topic, message) => {
    const delivered = bayeux.deliver(topic, message);
    const interactionId = topic.kind === "worker" ? interactionOfPush(message) : undefined;
    if (interactionId !== undefined) void delivered.then(() => bayeux.endScopes(interactionId, scopeOpen));
  });
  const routing = config.routing;
  const { gateways, teamsBot } = await createGateways(config.im.gateways, { store, logger, workers: config.workers, teamsTenants: config["teams-sso"]?.tenants, consoleWrite: options.consoleWrite });
  const inviter: OfferInviter = {
    hasWindow: (worker) => tracker.count(worker) > 0,
    invite: (offered, offer) => invitations?.inviter.invite(offered, offer),
    wasUnseenInvitation: (offerId) => invitations?.inviter.wasUnseenInvitation(offerId) ?? false,
    afterRestart: (findOpen) => invitations?.inviter.afterRestart?.(findOpen),
  };
  // NOTE: known once listening; sign-in and invitation links use it when UCC_PUBLIC_URL is unset.
  let listenUrl = "http://127.0.0.1";
  let mtlsUrl: string | undefined;
  const { steps, presence, interactions, reporting } = createConnectorCore({
    store,
    notifier: bus,
    clock,
    logger,
    metrics,
    mapping: presenceMappingOf(config),
    syncMode: config["microsoft-ocs"]["presence-sync-mode"],
    policy: { maxChats: routing["max-chats"] },
    previewTimeoutMs: routing["preview-timeout"] * 1000,
    presenceAfterTimeout: routing["presence-after-timeout"],
    wrapUpSeconds: routing["wrap-up-time"],
    dispositions: routing.dispositions.map((d) => d.code),
    restartGraceSeconds: routing["restart-grace"],
    customerIdleSeconds: routing["customer-idle-timeout"],
    // NOTE: the one telephony adapter today; a voice bridge is chosen here when one exists.
    telephony: createEmbeddedCallModel(),
    // NOTE: with no gateway configured there are no invitations: offers are Previews only.
    ...(gateways.length ? { inviter } : {}),
  });
  const imMetrics = createImMetrics(metrics.registry);
  invitations = createInvitations({
    store,
    steps,
    clock,
    logger,
    metrics: imMetrics,
    chain: new GatewayChain(gateways, logger, imMetrics),
    tokens: new InvitationTokens(secrets.key("invitation-links")),
    inviteMessage: config["microsoft-ocs"]["invite-message"],
    workers: config.workers,
    publicUrl: () => options.publicUrl ?? listenUrl,
    windows: (worker) => tracker.count(worker),
  });
  customerInteraction = interactions.customerInteraction;
  scopeOpen = (principal) => principal.scopes?.some((scope) => interactions.isScopeOpen(principal.workerId, scope)) ?? false;
  sessions.checkScopesWith(scopeOpen);
  // NOTE: before the offers' timers are restored: one that runs out must know it was an invitation.
  await invitations.restore();
  await interactions.start({ graceFrom: "listening" });

  const deps: AppDeps = {
    config,
    store,
    sessions,
    tracker,
    presence,
    interactions,
    invitations,
    ...(teamsBot ? { teamsBot } : {}),
    reporting,
    metrics,
    logger,
    apiKey: options.apiKey,
    mtls: Boolean(options.tls?.clientCa),
    mtlsUrl: () => mtlsUrl,
    signIn: createSignInServices({
      config,
      publicUrl: () => options.publicUrl ?? listenUrl,
      oidcTransactionKey: secrets.key("oidc-transactions"),
      sessions,
      dropBayeuxSessions: (workerId) => bayeux.dropWorker(workerId),
    }),
    // The store answers a read (a failure throws, and /healthz says 503).
    ready: async () => {
      await store.listEvents(Number.MAX_SAFE_INTEGER, 1);
      return true;
    },
  };
  const router = createRouter(routes);
  const edge: EdgeSettings = {
    trustedProxies: config["trusted-proxies"].map((text) => parseCidr(text)!),
    ...(options.publicUrl ? { publicOrigin: new URL(options.publicUrl).origin } : {}),
  };
  // The pages (Next.js, bundled apart) read the signed-in worker for their first paint through this.
  const unpublishReadSide = options.pages ? publishReadSide(deps) : () => {};

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? "/").split("?")[0];
    applyNonPageHeaders(res);
    if (isCometdPath(pathname)) return serveCometd(req, res, bayeux, logger);
    if (await router.handle(req, res, deps)) return;
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

  return {
    server,
    deps,
    async listen(port, host) {
      ({ url: listenUrl, mtlsUrl } = await listeners.listen(port, host));
      // NOTE: windows reconnect only from now on: the restart grace counts from here.
      interactions.listening();
      return listenUrl;
    },
    mtlsUrl: () => mtlsUrl,
    mtlsServer: listeners.mtlsServer,
    async close() {
      await invitations!.close();
      unpublishReadSide();
      interactions.stop();
      await interactions.settled();
      bayeux.close();
      tracker.dispose();
      await listeners.close();
      await store.close();
    },
  };
}
