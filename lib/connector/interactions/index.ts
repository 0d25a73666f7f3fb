/**
 * Interactions from creation to done (B4-B6), composed from one module per operation. Every step
 * runs on the connector's one step runner (shared with presence), is written to the store, and is
 * announced and acknowledged only once that write is on disk; at start the queue, open offers and
 * their timers are rebuilt from the store.
 *
 * Where things live: create-interaction (new work), routing/dispatcher (routing passes, reaction
 * to presence), offers/ (make, deliver, answer, extend, expire, timers), chat-messages,
 * end-interaction and finish-interaction (ending and wrap-up), route-interaction (an external
 * router's choice), queries (durable reads), customer-access (the customer's token).
 */
import type { Store } from "../../store/store";
import type { Logger } from "../../observability/logger";
import type { Clock } from "../ports";
import type { PresenceService } from "../presence-service";
import type { StepRunner } from "../step-runner";
import { createInteractionAnnouncer } from "./announcer";
import { InteractionBook } from "./book";
import { createChatMessages } from "./chat-messages";
import type { InteractionContext, InteractionSettings } from "./context";
import { createCreateInteraction } from "./create-interaction";
import { customerInteraction } from "./customer-access";
import { createEndInteraction } from "./end-interaction";
import { createFinishInteraction } from "./finish-interaction";
import { createAnswerOffer } from "./offers/answer-offer";
import { scheduleExpiry } from "./offers/expire-offer";
import { createExtendOffer } from "./offers/extend-offer";
import type { OfferInviter } from "./offers/offer-delivery";
import { OfferTimers } from "./offers/offer-timers";
import { createQueries } from "./queries";
import { createRouteInteraction } from "./route-interaction";
import { createDispatcher } from "./routing/dispatcher";
import { WorkerBoard } from "./worker-board";

export type { NewInteraction } from "./create-interaction";

export interface InteractionsDeps extends InteractionSettings {
  store: Store;
  steps: StepRunner;
  clock: Clock;
  logger: Logger;
  presence: PresenceService;
  inviter?: OfferInviter;
}

export function createInteractions(deps: InteractionsDeps) {
  const { store, steps, clock, logger, presence } = deps;
  const settings: InteractionSettings = { policy: deps.policy, previewTimeoutMs: deps.previewTimeoutMs, presenceAfterTimeout: deps.presenceAfterTimeout };
  const book = new InteractionBook(store);
  const announce = createInteractionAnnouncer({ steps, clock, workerName: (id) => book.workerName(id), ...settings });
  let dispatcher: ReturnType<typeof createDispatcher> | undefined;
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
    kick: () => dispatcher?.kick(),
    inviter: deps.inviter,
  };
  dispatcher = createDispatcher(ctx);
  const answer = createAnswerOffer(ctx);
  const chat = createChatMessages(ctx);

  async function start(): Promise<void> {
    const workers = await store.listWorkers();
    const open = await store.listOpenInteractions();
    book.restore(workers, open);
    ctx.board.reset(
      workers.map((w) => ({ id: w.id, ready: presence.isReady(w.presence), idleSince: w.idleSince })),
      open,
    );
    // Offers open when the connector stopped run on to their deadlines; past ones time out now.
    for (const i of open) if (i.state === "offered") scheduleExpiry(ctx, i);
    presence.onChange(dispatcher!.onPresence);
    logger.info({ open: open.length, offered: ctx.timers.size }, "interactions restored");
    ctx.kick();
  }

  return {
    start,
    create: createCreateInteraction(ctx),
    accept: (workerId: string, interactionId: string, offerId: string) => answer("accept", workerId, interactionId, offerId),
    reject: (workerId: string, interactionId: string, offerId: string) => answer("reject", workerId, interactionId, offerId),
    extendOffer: createExtendOffer(ctx),
    route: createRouteInteraction(ctx),
    end: createEndInteraction(ctx),
    finish: createFinishInteraction(ctx),
    addMessage: chat.add,
    messages: chat.list,
    ...createQueries(ctx),
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
