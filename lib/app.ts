/**
 * Builds one connector: store, services, Bayeux endpoint and HTTP server on one port. The
 * composition root (server.ts) and the integration tests both start the connector through here.
 */
import { mkdirSync } from "node:fs";
import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Duplex } from "node:stream";
import { BAYEUX_PATH, createBayeuxServer } from "./bayeux/faye-server";
import { presenceMappingOf } from "./config/load";
import type { ConnectorConfig } from "./config/schema";
import { createInProcessBus } from "./bus/in-process-bus";
import { createConnectorCore } from "./connector/core";
import type { OfferInviter } from "./connector/interactions/offers/offer-delivery";
import { createInvitations, type Invitations } from "./connector/invitations/invitations";
import { InvitationTokens, resolveInvitationKey } from "./connector/invitations/invitation-token";
import { systemClock, type Clock } from "./connector/ports";
import { SESSION_COOKIE, SessionService } from "./connector/sessions";
import { WindowTracker } from "./connector/window-tracker";
import type { AppDeps } from "./http/deps";
import { AppError } from "./errors";
import { checkDeclaredLength, isForeignOrigin, limitStreamedBody, MAX_BODY_BYTES, parseCookies, sendError } from "./http/io";
import { createRouter } from "./http/router";
import { publishReadSide } from "./http/first-paint-source";
import { routes } from "./http/routes";
import { applyNonPageHeaders, applyPageHeaders } from "./http/security-headers";
import type { Logger } from "./observability/logger";
import { createMetrics } from "./observability/metrics";
import { createGateways } from "./im/create-gateways";
import { GatewayChain } from "./im/gateway-chain";
import { createImMetrics } from "./im/im-metrics";
import { openSqliteStore } from "./store/sqlite-store";
import { createSignInServices } from "./auth/sign-in-services";
import { createHttpsServer, type TlsSettings } from "./tls/https-server";
import { createEmbeddedCallModel } from "./telephony/embedded-call-model";

/** Seconds the Bayeux server holds a /meta/connect; a silent window expires after twice this. */
export const BAYEUX_TIMEOUT_SECONDS = 15;

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
}

export interface ConnectorApp {
  server: Server;
  deps: AppDeps;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export async function createConnectorApp(options: ConnectorAppOptions): Promise<ConnectorApp> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
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
  bus.subscribe((topic, message) => bayeux.deliver(topic, message));
  const routing = config.routing;
  const { gateways, teamsBot } = await createGateways(config.im.gateways, { store, logger, workers: config.workers, consoleWrite: options.consoleWrite });
  const inviter: OfferInviter = {
    hasWindow: (worker) => tracker.count(worker) > 0,
    invite: (offered, offer) => invitations?.inviter.invite(offered, offer),
    wasUnseenInvitation: (offerId) => invitations?.inviter.wasUnseenInvitation(offerId) ?? false,
    afterRestart: (findOpen) => invitations?.inviter.afterRestart?.(findOpen),
  };
  // NOTE: known once listening; sign-in and invitation links use it when UCC_PUBLIC_URL is unset.
  let listenUrl = "http://127.0.0.1";
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
    dispositions: routing.dispositions,
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
    tokens: new InvitationTokens(resolveInvitationKey(options.dataDir)),
    inviteMessage: config["microsoft-ocs"]["invite-message"],
    workers: config.workers,
    publicUrl: () => options.publicUrl ?? listenUrl,
    windows: (worker) => tracker.count(worker),
  });
  customerInteraction = interactions.customerInteraction;
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
    signIn: createSignInServices({
      config,
      publicUrl: () => options.publicUrl ?? listenUrl,
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
  // The pages (Next.js, bundled apart) read the signed-in worker for their first paint through this.
  const unpublishReadSide = options.pages ? publishReadSide(deps) : () => {};

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? "/").split("?")[0];
    applyNonPageHeaders(res);
    if (pathname === BAYEUX_PATH || pathname.startsWith(`${BAYEUX_PATH}/`)) {
      // NOTE: faye buffers a request body whole and has no limit of its own: a declared length
      // over the cap is refused before a byte is read, a streamed body as soon as it passes it.
      const refuse = (error: AppError) => {
        logger.info({ reason: error.message }, "bayeux request refused");
        if (!res.headersSent) sendError(res, error);
        req.socket.destroySoon?.();
      };
      const refused = checkDeclaredLength(req, MAX_BODY_BYTES);
      if (refused) return refuse(refused);
      limitStreamedBody(req, MAX_BODY_BYTES, () => {
        refuse(new AppError("payload_too_large", `the body is over the ${MAX_BODY_BYTES}-byte limit`));
        req.destroy();
      });
      bayeux.handle(req, res);
      return;
    }
    if (await router.handle(req, res, deps)) return;
    if (options.pages) {
      applyPageHeaders(req, res, { dev: options.pages.dev });
      return options.pages.handle(req, res);
    }
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    onRequest(req, res).catch((error) => {
      logger.error({ err: error, url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, listener) : http.createServer(listener);
  // NOTE: keep Node's own timeouts above the Bayeux long poll, or held polls are cut.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname === BAYEUX_PATH) return bayeux.handleUpgrade(req, socket, head);
    if (options.pages) return options.pages.upgrade(req, socket, head);
    socket.destroy();
  });

  return {
    server,
    deps,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address() as AddressInfo;
          const shownHost = host.includes(":") ? `[${host}]` : host;
          listenUrl = `${server instanceof https.Server ? "https" : "http"}://${shownHost}:${address.port}`;
          // NOTE: windows reconnect only from now on: the restart grace counts from here.
          interactions.listening();
          resolve(listenUrl);
        });
      });
    },
    async close() {
      await invitations!.close();
      unpublishReadSide();
      interactions.stop();
      await interactions.settled();
      bayeux.close();
      tracker.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
