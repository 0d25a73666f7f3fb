/**
 * The connector's services over one store and one step runner: presence, interactions and
 * reporting. lib/app.ts builds it with the real adapters; unit tests build it on a real SQLite
 * store with a recording notifier.
 */
import type { PresenceMappingOptions, SelectablePresence } from "../domain/presence";
import type { RoutingPolicy } from "../domain/routing";
import type { PresenceSyncMode } from "../domain/teams-presence";
import { AppError } from "../errors";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { Store } from "../store/store";
import type { TelephonyPort } from "../telephony/telephony";
import { createInteractions } from "./interactions";
import type { OfferInviter } from "./interactions/offers/offer-delivery";
import type { Clock, Notifier } from "./ports";
import { createPresenceService } from "./presence-service";
import { createReporting } from "./reporting";
import { StepRunner } from "./step-runner";

export interface ConnectorCoreDeps {
  store: Store;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  mapping: PresenceMappingOptions;
  syncMode: PresenceSyncMode;
  policy: RoutingPolicy;
  previewTimeoutMs: number;
  presenceAfterTimeout: SelectablePresence | "none";
  /** IM invitations for workers with no window open (B7). */
  inviter?: OfferInviter;
  /** routing.wrap-up-time (seconds); default 0. */
  wrapUpSeconds?: number;
  /** routing.dispositions; default none. */
  dispositions?: readonly string[];
  /** routing.restart-grace (seconds); default 0 (none). */
  restartGraceSeconds?: number;
  /** routing.customer-idle-timeout (seconds); default 0 (never). */
  customerIdleSeconds?: number;
  /** The voice path; default the embedded call model. */
  telephony?: TelephonyPort;
}

export function createConnectorCore(deps: ConnectorCoreDeps) {
  const { store, clock, logger, metrics } = deps;
  // NOTE: one step runner for presence and interactions: every presence change and routing
  // decision has one order, so an offer never follows its worker's NotReady in the event log.
  const steps = new StepRunner({
    durable: () => store.durable(),
    notifier: deps.notifier,
    isRefusal: (error) => error instanceof AppError,
    observe: (phase, seconds) => metrics.stepSeconds.observe({ phase }, seconds),
    onFailure: (step, error) => {
      metrics.stepFailures.inc({ step });
      logger.error({ err: error, step }, "a connector step could not be kept");
    },
  });
  const presence = createPresenceService({ store, steps, clock, metrics, mapping: deps.mapping, syncMode: deps.syncMode });
  const interactions = createInteractions({
    store,
    steps,
    clock,
    logger,
    presence,
    policy: deps.policy,
    previewTimeoutMs: deps.previewTimeoutMs,
    presenceAfterTimeout: deps.presenceAfterTimeout,
    inviter: deps.inviter,
    wrapUpSeconds: deps.wrapUpSeconds,
    dispositions: deps.dispositions,
    restartGraceSeconds: deps.restartGraceSeconds,
    customerIdleSeconds: deps.customerIdleSeconds,
    telephony: deps.telephony,
  });
  return { steps, presence, interactions, reporting: createReporting(store) };
}

export type ConnectorCore = ReturnType<typeof createConnectorCore>;
