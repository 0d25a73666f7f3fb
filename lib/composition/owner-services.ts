/**
 * What only the node that owns the work runs: the connector core (presence, routing, timers),
 * the IM gateways and invitations, and the services the HTTP routes use. One node builds it at
 * start; in a cluster, the node that takes ownership builds it then (lib/cluster/owner-election.ts),
 * rebuilding the queue, offers and timers from the store exactly as a restart does.
 */
import type { WorkerPrincipal } from "../bayeux/authorizer";
import type { BayeuxServer } from "../bayeux/faye-server";
import { presenceMappingOf } from "../config/load";
import type { ConnectorConfig } from "../config/schema";
import type { Secrets } from "../config/secrets";
import { createConnectorCore } from "../connector/core";
import type { OfferInviter } from "../connector/interactions/offers/offer-delivery";
import { createInvitations, type Invitations } from "../connector/invitations/invitations";
import { InvitationTokens } from "../connector/invitations/invitation-token";
import type { Clock, Notifier } from "../connector/ports";
import type { SessionService } from "../connector/sessions";
import type { WindowTracker } from "../connector/window-tracker";
import { createSignInServices } from "../auth/sign-in-services";
import type { TeamsBearer } from "../auth/teams-bearer";
import type { AppDeps } from "../http/deps";
import { createGateways } from "../im/create-gateways";
import { GatewayChain } from "../im/gateway-chain";
import { createImMetrics } from "../im/im-metrics";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Store } from "../store/store";
import { createEmbeddedCallModel } from "../telephony/embedded-call-model";
import { createCompanionCallControl } from "../telephony/companion-call-control";
import type { WindowCounts } from "./window-counts";
import type { Bus } from "../bus/in-process-bus";
import { createCompanionService, type CompanionService } from "../connector/companion/companion-service";
import type { CompanionMetrics } from "../connector/companion/companion-metrics";
import { createGraph, startTeamsPresence } from "./teams-presence";

export interface OwnerServicesOptions {
  config: ConnectorConfig;
  store: Store;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  secrets: Secrets;
  sessions: SessionService;
  /** This node's windows (the routes' window goodbye); `windows` counts them cluster-wide. */
  tracker: WindowTracker;
  windows: WindowCounts;
  bayeux: BayeuxServer;
  /** Ends a worker's Bayeux sessions on every node (sign-out). */
  dropWorkerEverywhere(workerId: string): void;
  companionMetrics: CompanionMetrics;
  /** The bus the desktop companions' messages travel between nodes on. */
  companionBus: Bus;
  apiKey: string;
  mtls: boolean;
  mtlsUrl: () => string | undefined;
  publicUrl: () => string;
  /** Teams tokens as a bearer (set with `teams-sso`); shared with the node's Bayeux server. */
  teamsBearer?: TeamsBearer;
  consoleWrite?: (line: string) => void;
  ready(): Promise<boolean>;
}

export interface OwnerServices {
  deps: AppDeps;
  /** Whether a scoped session's offer or interaction is still open. */
  scopeOpen(principal: WorkerPrincipal): boolean;
  /** A worker's open windows (on every node) changed: an invitation may no longer be needed. */
  windowsChanged(worker: string, count: number): void;
  /** The server listens: a restart grace (if any) counts from now. */
  listening(): void;
  /** The desktop companions (B11): pairing, their record, their calls. */
  companion: CompanionService;
  /** Stops routing and timers, lets the steps under way finish, closes the gateways. */
  close(): Promise<void>;
}

export async function startOwnerServices(options: OwnerServicesOptions): Promise<OwnerServices> {
  const { config, store, clock, logger, metrics, windows } = options;
  await store.syncWorkers(config.workers, clock.now().toISOString());
  // NOTE: the invitations are made after the step runner they report through; bound late.
  let invitations: Invitations | undefined;
  const routing = config.routing;
  // NOTE: one Graph adapter (one token cache) for Teams presence and the teams-activity gateway.
  const graph = createGraph(config, metrics);
  const { gateways, teamsBot } = await createGateways(config.im.gateways, { store, logger, workers: config.workers, teamsTenants: config["teams-sso"]?.tenants, consoleWrite: options.consoleWrite, ...(graph ? { graph: graph.port } : {}) });
  const inviter: OfferInviter = {
    hasWindow: (worker) => windows.count(worker) > 0,
    invite: (offered, offer) => invitations?.inviter.invite(offered, offer),
    wasUnseenInvitation: (offerId) => invitations?.inviter.wasUnseenInvitation(offerId) ?? false,
    afterRestart: (findOpen) => invitations?.inviter.afterRestart?.(findOpen),
    offerClosed: (worker, offerId, outcome) => invitations?.inviter.offerClosed?.(worker, offerId, outcome),
  };
  const companion = createCompanionService({
    store,
    clock,
    notifier: options.notifier,
    logger,
    metrics: options.companionMetrics,
    send: (worker, message) => options.companionBus.control({ type: "companion-down", worker, message }),
    dropEverywhere: (worker) => options.companionBus.control({ type: "drop-companion", worker }),
  });
  const uc = config["uc-connector"];
  // NOTE: a call matched to one on the worker's desktop softphone is controlled there; any other
  // goes to the embedded call model. A command gets gla-kpl-response-time to be carried out.
  const companionCalls = createCompanionCallControl({
    store,
    fallback: createEmbeddedCallModel(),
    send: (worker, message) => options.companionBus.control({ type: "companion-down", worker, message }),
    timeoutMs: uc["gla-kpl-response-time"] * 1000,
  });
  const { steps, presence, interactions, reporting } = createConnectorCore({
    store,
    notifier: companion.watchOffers(options.notifier),
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
    telephony: companionCalls,
    // NOTE: with no gateway configured there are no invitations: offers are Previews only.
    ...(gateways.length ? { inviter } : {}),
  });
  companion.bindCalls({
    windowMs: uc["gla-call-match-window"],
    callControl: companionCalls,
    softphoneCall: interactions.softphoneCall,
    accept: (worker, interactionId, offerId) => interactions.accept(worker, interactionId, offerId),
    farEndDtmf: (interactionId, digits) => interactions.customerCall(interactionId, "dtmf", { digits }),
  });
  const imMetrics = createImMetrics(metrics.registry);
  invitations = createInvitations({
    store,
    steps,
    clock,
    logger,
    metrics: imMetrics,
    chain: new GatewayChain(gateways, logger, imMetrics),
    tokens: new InvitationTokens(options.secrets.key("invitation-links")),
    inviteMessage: config["microsoft-ocs"]["invite-message"],
    workers: config.workers,
    publicUrl: options.publicUrl,
    windows: (worker) => windows.count(worker),
  });
  const scopeOpen = (principal: WorkerPrincipal) => principal.scopes?.some((scope) => interactions.isScopeOpen(principal.workerId, scope)) ?? false;
  options.sessions.checkScopesWith(scopeOpen);
  // NOTE: before the offers' timers are restored: one that runs out must know it was an invitation.
  await invitations.restore();
  await interactions.start({ graceFrom: "listening" });
  // NOTE: Teams presence runs with the core it feeds: on the owner only, stopped when it resigns.
  const teamsPresence = startTeamsPresence({ config, graph, store, clock, logger, steps, presence, publicUrl: options.publicUrl, secrets: options.secrets });
  const subscriptions = teamsPresence?.subscriptions;

  const deps: AppDeps = {
    config,
    store,
    sessions: options.sessions,
    tracker: options.tracker,
    presence,
    interactions,
    invitations,
    ...(teamsBot ? { teamsBot } : {}),
    reporting,
    metrics,
    logger,
    apiKey: options.apiKey,
    mtls: options.mtls,
    mtlsUrl: options.mtlsUrl,
    signIn: createSignInServices({
      config,
      publicUrl: options.publicUrl,
      oidcTransactionKey: options.secrets.key("oidc-transactions"),
      teamsHandoffKey: options.secrets.key("teams-handoffs"),
      sessions: options.sessions,
      dropBayeuxSessions: options.dropWorkerEverywhere,
      teamsBearer: options.teamsBearer,
      // NOTE: a worker who signs out is no longer watched on their behalf.
      ...(subscriptions ? { afterSignOut: (worker: string) => subscriptions.signedOut(worker) } : {}),
    }),
    ready: options.ready,
    windowCount: (worker) => windows.count(worker),
    companion,
    ...(teamsPresence ? { teamsPresence } : {}),
    ...(subscriptions ? { teamsTokens: subscriptions, graphNotifications: teamsPresence!.notifications! } : {}),
  };
  return {
    deps,
    companion,
    scopeOpen,
    windowsChanged: (worker, count) => invitations!.windowsChanged(worker, count),
    listening: () => interactions.listening(),
    async close() {
      companion.close();
      await teamsPresence?.stop();
      await invitations!.close();
      interactions.stop();
      await interactions.settled();
    },
  };
}
