/**
 * Interactions from creation to done (B4-B6), composed from one module per operation. Every step
 * runs on the connector's one step runner (shared with presence), is written to the store, and is
 * announced and acknowledged only once that write is on disk; at start the queue, open offers and
 * their timers are rebuilt from the store.
 *
 * Where things live: create-interaction (new work), routing/dispatcher (routing passes, reaction
 * to presence), offers/ (make, deliver, answer, extend, expire, timers), chat-messages,
 * end-interaction and finish-interaction (ending and wrap-up), route-interaction (an external
 * router's choice), queries (durable reads), customer-access (the customer's token);
 * calls/ (the worker's call controls, the customer's side of a call), transfers/ (transfer,
 * consultation, conference: invitations to another worker), wrap-up/ (after-call work),
 * actions/act (every worker control as one call), typing.
 */
import type { Interaction } from "../../domain/interaction";
import type { Store } from "../../store/store";
import type { Logger } from "../../observability/logger";
import type { Clock } from "../ports";
import type { PresenceService } from "../presence-service";
import type { StepRunner } from "../step-runner";
import type { TelephonyPort } from "../../telephony/telephony";
import { createEmbeddedCallModel } from "../../telephony/embedded-call-model";
import { createAct } from "./actions/act";
import { createCallControls } from "./calls/call-controls";
import { createCustomerCall } from "./calls/customer-call";
import { createSoftphoneCall } from "./calls/softphone-call";
import { createAnswerTransfer } from "./transfers/answer-transfer";
import { createFinishTransfer } from "./transfers/finish-transfer";
import { createStartTransfer } from "./transfers/start-transfer";
import { createTransferTargets } from "./transfers/targets";
import { createTyping } from "./typing";
import { apiView, workerInteractionView } from "./views";
import { createInteractionAnnouncer } from "./announcer";
import { InteractionBook } from "./book";
import { createChatMessages } from "./chat-messages";
import type { InteractionContext, InteractionSettings } from "./context";
import { createCreateInteraction } from "./create-interaction";
import { createIdempotentCreate } from "./idempotent-create";
import { customerInteraction } from "./customer-access";
import { createEndInteraction } from "./end-interaction";
import { createFinishInteraction } from "./finish-interaction";
import { createAnswerOffer } from "./offers/answer-offer";
import { createExtendOffer } from "./offers/extend-offer";
import { resumeInvitations, type OfferInviter } from "./offers/offer-delivery";
import { OfferTimers } from "./offers/offer-timers";
import { createQueries } from "./queries";
import { createRecent } from "./recent";
import { restoreInteractions } from "./restore";
import { createCustomerIdle, type CustomerIdle } from "./customer-idle";
import { beginGrace, GraceState } from "./restart-grace";
import { createRouteInteraction } from "./route-interaction";
import { createDispatcher } from "./routing/dispatcher";
import { WorkerBoard } from "./worker-board";

export type { NewInteraction } from "./create-interaction";

export interface InteractionsDeps extends Omit<InteractionSettings, "wrapUpSeconds" | "dispositions" | "restartGraceSeconds" | "customerIdleSeconds"> {
  /** routing.customer-idle-timeout in seconds; default 0 (waiting chats are never abandoned). */
  customerIdleSeconds?: number;
  /** routing.restart-grace in seconds; default 0 (none). */
  restartGraceSeconds?: number;
  /** routing.wrap-up-time in seconds; default 0 (no After Call Work). */
  wrapUpSeconds?: number;
  /** routing.dispositions; default none. */
  dispositions?: readonly string[];
  /** The voice path; default the embedded call model (no audio). */
  telephony?: TelephonyPort;
  store: Store;
  steps: StepRunner;
  clock: Clock;
  logger: Logger;
  presence: PresenceService;
  inviter?: OfferInviter;
}

export function createInteractions(deps: InteractionsDeps) {
  const { store, steps, clock, logger, presence } = deps;
  const settings: InteractionSettings = {
    policy: deps.policy,
    previewTimeoutMs: deps.previewTimeoutMs,
    presenceAfterTimeout: deps.presenceAfterTimeout,
    wrapUpSeconds: deps.wrapUpSeconds ?? 0,
    dispositions: deps.dispositions ?? [],
    restartGraceSeconds: deps.restartGraceSeconds ?? 0,
    customerIdleSeconds: deps.customerIdleSeconds ?? 0,
  };
  const book = new InteractionBook(store);
  const announce = createInteractionAnnouncer({ steps, clock, workerName: (id) => book.workerName(id), ...settings });
  let dispatcher: ReturnType<typeof createDispatcher> | undefined;
  let customerIdle: CustomerIdle | undefined;
  const ctx: InteractionContext = {
    store,
    steps,
    clock,
    logger,
    presence,
    settings,
    book,
    board: new WorkerBoard(settings.policy),
    timers: new OfferTimers(clock),
    announce,
    telephony: deps.telephony ?? createEmbeddedCallModel(),
    kick: () => dispatcher?.kick(),
    inviter: deps.inviter,
    grace: new GraceState(),
    customerIdle: {
      watch: (i, notBefore) => customerIdle!.watch(i, notBefore),
      touched: (i) => customerIdle!.touched(i),
      typed: (interactionId) => customerIdle!.typed(interactionId),
    },
  };
  customerIdle = createCustomerIdle(ctx);
  dispatcher = createDispatcher(ctx);
  const answer = createAnswerOffer(ctx);
  const typing = createTyping(ctx);
  const messages = createChatMessages(ctx);
  const chat = {
    ...messages,
    add: async (...args: Parameters<typeof messages.add>) => {
      const kept = await messages.add(...args);
      typing.sent(args[0], args[1]);
      return kept;
    },
  };
  const answerTransfer = createAnswerTransfer(ctx);
  const end = createEndInteraction(ctx);
  const finish = createFinishInteraction(ctx);
  const act = createAct({
    chat,
    end,
    finish,
    control: createCallControls(ctx),
    startTransfer: createStartTransfer(ctx),
    finishTransfer: createFinishTransfer(ctx),
    isParty: (id, worker) => Boolean(book.openOne(id)?.parties?.some((p) => p.worker === worker)),
  });
  /** An offer id names either an interaction's own offer or an invitation from another worker. */
  const isInvitation = (interactionId: string, offerId: string) => book.openOne(interactionId)?.invite?.offer.id === offerId;
  const nameOf = (workerId: string) => book.workerName(workerId);

  let graceWaits = false;

  /**
   * Rebuilds from the store and starts routing. NOTE: the restart grace begins here unless
   * `graceFrom` is "listening" (the app: windows can only reconnect once the server listens);
   * then it begins with listening().
   */
  async function start(options: { graceFrom?: "start" | "listening" } = {}): Promise<void> {
    const grace = await restoreInteractions(ctx);
    presence.onChange(dispatcher!.onPresence);
    if (grace) ctx.grace.hold(Number.POSITIVE_INFINITY);
    if (grace && options.graceFrom === "listening") graceWaits = true;
    else if (grace) beginGrace(ctx);
    ctx.kick();
    if (!grace) resumeInvitations(ctx);
  }

  /** The server listens: the restart grace (if any) begins now. */
  function listening(): void {
    if (!graceWaits) return;
    graceWaits = false;
    beginGrace(ctx);
  }

  return {
    start,
    listening,
    create: createCreateInteraction(ctx),
    /** create() under an Idempotency-Key (the integration API). */
    createIdempotently: createIdempotentCreate(ctx),
    accept: (workerId: string, interactionId: string, offerId: string) =>
      isInvitation(interactionId, offerId) ? answerTransfer("accept", workerId, interactionId, offerId) : answer("accept", workerId, interactionId, offerId),
    reject: (workerId: string, interactionId: string, offerId: string) =>
      isInvitation(interactionId, offerId) ? answerTransfer("reject", workerId, interactionId, offerId) : answer("reject", workerId, interactionId, offerId),
    extendOffer: createExtendOffer(ctx),
    route: createRouteInteraction(ctx),
    end,
    finish,
    /** Any worker control by name (shared/CONTRACT.md; lib/domain/capabilities.ts). */
    act,
    customerCall: createCustomerCall(ctx),
    /** The worker's desktop softphone's side of a call (B11): matches, misses, hang-ups there. */
    softphoneCall: createSoftphoneCall(ctx, end),
    typing: typing.typing,
    addMessage: chat.add,
    messages: chat.list,
    /** The integration API's transcript read, whole or from after a message on. */
    messagesFrom: chat.listFrom,
    /** The newest page of a chat's transcript (what a worker's view carries). */
    latestMessages: chat.latest,
    /** An earlier page of a chat's transcript, for a worker involved in it. */
    messagePageFor: chat.pageFor,
    /** Workers who could take `interactionId` from `workerId` now (the transfer picker). */
    transferTargets: createTransferTargets(ctx),
    /** The interaction as `viewer` sees it in the web client. */
    viewFor: (viewer: string, i: Interaction) => workerInteractionView(i, viewer, nameOf, clock.now(), settings.dispositions),
    /** The interaction as the integration API shows it. */
    apiView: (i: Interaction) => apiView(i, nameOf),
    ...createQueries(ctx),
    /** The worker's finished interactions since a time (Recent interactions). */
    recentFor: createRecent(ctx),
    workerName: (workerId: string) => book.workerName(workerId),
    customerInteraction: (token: string) => customerInteraction(store, token),
    /** Resolves when every step asked for so far has run (tests, shutdown). */
    settled: () => steps.idle(),
    stop() {
      dispatcher!.stop();
      ctx.timers.dispose();
    },
  };
}

export type InteractionService = ReturnType<typeof createInteractions>;
