/**
 * Interactions from creation to done: the embedded routing engine, Previews and their timers,
 * and chat messages (B4-B6). Every step runs on one serial queue, is written to the store, and
 * announced (and acknowledged) only once that write is on disk; at start the queue, open offers
 * and their timers are rebuilt from the store.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import * as lifecycle from "../domain/interaction";
import type { Interaction, Media } from "../domain/interaction";
import { chooseWorker, type RoutingPolicy } from "../domain/routing";
import type { SelectablePresence } from "../domain/presence";
import { AppError, notFound } from "../errors";
import type { Logger } from "../observability/logger";
import type { ChatMessage, InteractionChange, MessageSender, NewEvent, Store, WorkerRecord } from "../store/store";
import { createInteractionAnnouncer } from "./interaction-announcer";
import { offerView } from "./interaction-views";
import { OfferTimers } from "./offer-timers";
import type { Clock, Notifier } from "./ports";
import type { PresenceService } from "./presence-service";
import { StepRunner } from "./step-runner";
import { WorkerBoard } from "./worker-board";

export interface InteractionServiceDeps {
  store: Store;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
  presence: PresenceService;
  policy: RoutingPolicy;
  previewTimeoutMs: number;
  presenceAfterTimeout: SelectablePresence | "none";
}

export interface NewInteraction {
  media: Media;
  from: string;
  subject?: string;
  data?: Record<string, string>;
  /** An external routing engine chose this worker: only it is offered the interaction. */
  worker?: string;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const HELD = new Set(["offered", "active", "wrap-up"]);

export function createInteractionService(deps: InteractionServiceDeps) {
  const { store, notifier, clock, logger, policy } = deps;
  const steps = new StepRunner(() => store.durable(), notifier);
  const board = new WorkerBoard(policy);
  const timers = new OfferTimers(clock);
  /** Interactions not done or abandoned, in the order they were created (the queue's order). */
  const open = new Map<string, Interaction>();
  const names = new Map<string, string>();
  const announce = createInteractionAnnouncer({
    steps,
    clock,
    workerName: (id) => names.get(id),
    previewTimeoutMs: deps.previewTimeoutMs,
    presenceAfterTimeout: deps.presenceAfterTimeout,
  });
  let dispatchPending = false;
  let stopped = false;

  const event = (type: string, i: Interaction, worker: string | undefined, at: string): NewEvent => ({
    at,
    type,
    ...(worker ? { worker } : {}),
    interaction: i.id,
  });

  async function persist(change: InteractionChange): Promise<void> {
    await store.updateInteraction(change);
    remember(change.interaction);
  }

  function remember(i: Interaction): void {
    if (lifecycle.isFinal(i.state)) open.delete(i.id);
    else open.set(i.id, i);
  }

  async function load(id: string): Promise<Interaction> {
    const i = open.get(id) ?? (await store.getInteraction(id));
    if (!i) throw notFound(`interaction "${id}"`);
    return i;
  }

  function unwrap(result: lifecycle.Result): lifecycle.Transition {
    if (result.refused) throw new AppError(result.code, result.message);
    return result;
  }

  /** The system's line in a chat's transcript ("… joined the chat"); none for a call. */
  function systemLines(i: Interaction, text: string): ChatMessage[] {
    return i.media === "chat" ? [{ id: `sys-${randomUUID()}`, from: "system", text, at: clock.now().toISOString() }] : [];
  }

  // --- routing ---

  /** Asks for a routing pass; passes asked for while one is waiting run as one. */
  function kick(): void {
    if (dispatchPending || stopped) return;
    dispatchPending = true;
    void steps
      .run(async () => {
        dispatchPending = false;
        await dispatch();
      })
      .catch((error) => logger.error({ err: error }, "routing pass failed"));
  }

  /** The offer of a queued interaction to the best candidate, as a change to keep; or none. */
  function planOffer(i: Interaction, candidates: ReturnType<WorkerBoard["candidates"]>): InteractionChange | undefined {
    const worker = chooseWorker(i, candidates, policy);
    if (!worker) return undefined;
    const now = clock.now();
    const at = now.toISOString();
    const { interaction } = unwrap(lifecycle.offer(i, worker, `o-${randomUUID()}`, now, deps.previewTimeoutMs));
    // NOTE: being offered work ends a worker's idle time, so offers spread over Ready workers.
    return { interaction, events: [event("InteractionOffered", interaction, worker, at)], idle: { worker, since: at } };
  }

  /** After an offer is kept: count it against the worker, start its timer, show the Preview. */
  function offered(interaction: Interaction): void {
    remember(interaction);
    board.take(interaction.worker!, interaction.media);
    board.setIdleSince(interaction.worker!, interaction.offer!.offeredAt);
    scheduleTimeout(interaction);
    announce.offer(interaction);
    announce.state(interaction);
  }

  async function dispatch(): Promise<void> {
    let candidates = board.candidates();
    for (const i of [...open.values()]) {
      if (candidates.length === 0) return;
      if (i.state !== "queued") continue;
      const change = planOffer(i, candidates);
      if (!change) continue;
      await store.updateInteraction(change);
      offered(change.interaction);
      candidates = board.candidates();
    }
  }

  function scheduleTimeout(i: Interaction): void {
    const offer = i.offer;
    if (!offer) return;
    timers.schedule(offer.id, offer.deadline, () => {
      void steps.run(() => expire(i.id, offer.id)).catch((error) => logger.error({ err: error, offer: offer.id }, "offer timeout failed"));
    });
  }

  async function expire(interactionId: string, offerId: string): Promise<void> {
    const i = open.get(interactionId);
    if (!i) return;
    const result = lifecycle.timeOut(i, offerId, clock.now());
    if (result.refused) {
      // Answered meanwhile; or, if it is still this offer, not quite due yet: wait the rest.
      if (i.state === "offered" && i.offer?.id === offerId) scheduleTimeout(i);
      return;
    }
    const worker = i.offer!.worker;
    const at = clock.now().toISOString();
    await persist({ interaction: result.interaction, closedOffer: result.closedOffer, events: [event("InteractionTimedOut", i, worker, at)] });
    board.release(worker, i.media);
    announce.offerClosed(i, result.closedOffer!);
    announce.state(result.interaction, worker);
    logger.info({ interaction: i.id, worker }, "offer timed out");
    // A worker who let a Preview run out has probably walked away: stop offering to them.
    if (deps.presenceAfterTimeout !== "none") {
      await deps.presence.setPresence(worker, deps.presenceAfterTimeout, "system").catch((error) => {
        logger.error({ err: error, worker }, "could not set presence after a timed-out offer");
      });
    }
    kick();
  }

  function onPresence(worker: WorkerRecord, previous: WorkerRecord["presence"]): void {
    const ready = deps.presence.isReady(worker.presence);
    const becameReady = ready && !deps.presence.isReady(previous);
    board.setReady(worker.id, ready, becameReady ? worker.idleSince : undefined);
    if (!becameReady) return;
    // Someone who becomes Ready again may be offered what they once refused, if it still waits.
    void steps
      .run(async () => {
        for (const i of [...open.values()]) {
          if (i.state !== "queued" || !i.refusedBy.includes(worker.id)) continue;
          await persist({ interaction: { ...i, refusedBy: i.refusedBy.filter((w) => w !== worker.id) }, events: [] });
        }
      })
      .then(kick, (error) => logger.error({ err: error }, "could not clear refusals"));
  }

  // --- operations ---

  async function start(): Promise<void> {
    const workers = await store.listWorkers();
    for (const w of workers) names.set(w.id, w.name);
    const interactions = await store.listOpenInteractions();
    for (const i of interactions) open.set(i.id, i);
    board.reset(
      workers.map((w) => ({ id: w.id, ready: deps.presence.isReady(w.presence), idleSince: w.idleSince })),
      interactions,
    );
    // Offers open when the connector stopped run on to their deadlines; past ones time out now.
    for (const i of interactions) if (i.state === "offered") scheduleTimeout(i);
    deps.presence.onChange(onPresence);
    logger.info({ open: interactions.length, offered: timers.size }, "interactions restored");
    kick();
  }

  function create(input: NewInteraction): Promise<{ interaction: Interaction; customerToken: string }> {
    return steps.run(async () => {
      if (input.worker && !names.has(input.worker)) throw notFound(`worker "${input.worker}"`);
      const at = clock.now().toISOString();
      const interaction: Interaction = {
        id: randomUUID(),
        media: input.media,
        from: input.from,
        subject: input.subject ?? "",
        data: input.data ?? {},
        state: "queued",
        ...(input.worker ? { target: input.worker } : {}),
        refusedBy: [],
        createdAt: at,
        updatedAt: at,
      };
      const customerToken = randomBytes(24).toString("base64url");
      const queuedEvent = event("InteractionQueued", interaction, input.worker, at);
      // NOTE: with nobody waiting ahead of it, a new interaction is offered in the same commit
      // as its creation: one disk sync, not two, before the Preview goes out.
      const nobodyAhead = ![...open.values()].some((o) => o.state === "queued");
      const offer = nobodyAhead ? planOffer(interaction, board.candidates()) : undefined;
      if (offer) {
        await store.createInteraction({ ...offer, events: [queuedEvent, ...offer.events] }, hashToken(customerToken));
        offered(offer.interaction);
        return { interaction: offer.interaction, customerToken };
      }
      await store.createInteraction({ interaction, events: [queuedEvent] }, hashToken(customerToken));
      remember(interaction);
      kick();
      return { interaction, customerToken };
    });
  }

  function answer(kind: "accept" | "reject", workerId: string, interactionId: string, offerId: string) {
    return steps.run(async () => {
      const i = await load(interactionId);
      const now = clock.now();
      const at = now.toISOString();
      const result = unwrap(kind === "accept" ? lifecycle.accept(i, offerId, workerId, now) : lifecycle.reject(i, offerId, workerId, now));
      timers.cancel(offerId);
      const type = kind === "accept" ? "InteractionAccepted" : "InteractionRejected";
      const messages = kind === "accept" ? systemLines(i, `${names.get(workerId) ?? workerId} joined the chat`) : [];
      await persist({ interaction: result.interaction, closedOffer: result.closedOffer, events: [event(type, i, workerId, at)], messages });
      announce.offerClosed(i, result.closedOffer!);
      if (kind === "accept") {
        announce.state(result.interaction);
        for (const m of messages) announce.message(result.interaction, m);
      } else {
        board.release(workerId, i.media);
        announce.state(result.interaction, workerId);
        kick();
      }
      return result.interaction;
    });
  }

  function extendOffer(workerId: string, interactionId: string, offerId: string) {
    return steps.run(async () => {
      const i = await load(interactionId);
      const { interaction } = unwrap(lifecycle.extend(i, offerId, workerId, clock.now(), deps.previewTimeoutMs));
      await persist({ interaction, events: [] });
      scheduleTimeout(interaction);
      announce.offerExtended(workerId, offerId, interaction.offer!.deadline);
      return interaction;
    });
  }

  /** The customer leaves or hangs up (by: customer), or the worker ends it (by: the worker's id). */
  function end(interactionId: string, by: { customer: true } | { worker: string }) {
    return steps.run(async () => {
      const i = await load(interactionId);
      if ("worker" in by && i.worker !== by.worker) throw new AppError("forbidden", "this interaction is someone else's");
      if ("worker" in by && i.state !== "active") throw new AppError("conflict", `the interaction is ${i.state}, not active`);
      const result = unwrap(lifecycle.end(i, clock.now()));
      const at = clock.now().toISOString();
      const next = result.interaction;
      const type = next.state === "abandoned" ? "InteractionAbandoned" : "InteractionEnded";
      if (result.closedOffer) timers.cancel(result.closedOffer.id);
      const messages =
        next.state === "wrap-up"
          ? systemLines(next, "customer" in by ? "The customer left the chat" : `${names.get(i.worker!) ?? i.worker} ended the chat`)
          : [];
      await persist({ interaction: next, closedOffer: result.closedOffer, events: [event(type, i, i.worker, at)], messages });
      if (result.closedOffer) {
        board.release(result.closedOffer.worker, i.media);
        announce.offerClosed(i, result.closedOffer);
      }
      announce.state(next);
      for (const m of messages) announce.message(next, m);
      if (result.closedOffer) kick();
      return next;
    });
  }

  /** An external routing engine picks (another) worker for a queued interaction. */
  function route(interactionId: string, workerId: string) {
    return steps.run(async () => {
      const i = await load(interactionId);
      if (!names.has(workerId)) throw notFound(`worker "${workerId}"`);
      if (i.state !== "queued") throw new AppError("conflict", `the interaction is ${i.state}; only a queued one can be routed`);
      const interaction: Interaction = { ...i, target: workerId, refusedBy: i.refusedBy.filter((w) => w !== workerId), updatedAt: clock.now().toISOString() };
      await persist({ interaction, events: [event("InteractionRouted", interaction, workerId, interaction.updatedAt)] });
      kick();
      return interaction;
    });
  }

  /** The worker is done with after-call work: the interaction is done and the capacity free. */
  function finish(workerId: string, interactionId: string) {
    return steps.run(async () => {
      const i = await load(interactionId);
      const { interaction } = unwrap(lifecycle.finish(i, workerId, clock.now()));
      const at = interaction.updatedAt;
      await persist({ interaction, events: [event("InteractionDone", i, workerId, at)], idle: { worker: workerId, since: at } });
      board.release(workerId, i.media);
      board.setIdleSince(workerId, at);
      announce.state(interaction);
      kick();
      return interaction;
    });
  }

  function addMessage(interactionId: string, sender: { customer: true } | { worker: string }, input: { id?: string; text: string }) {
    return steps.run(async () => {
      const i = await load(interactionId);
      if (i.media !== "chat") throw new AppError("conflict", "this interaction is a call, not a chat");
      if ("worker" in sender) {
        if (i.worker !== sender.worker || !HELD.has(i.state) || i.state === "offered") throw new AppError("forbidden", "this chat is not yours");
        if (i.state !== "active") throw new AppError("conflict", `the chat is ${i.state}; messages can no longer be sent`);
      } else if (i.state !== "queued" && i.state !== "offered" && i.state !== "active") {
        throw new AppError("conflict", `the chat is ${i.state}; messages can no longer be sent`);
      }
      const from: MessageSender = "worker" in sender ? "worker" : "customer";
      const { message, created } = await store.appendMessage(i.id, { id: input.id ?? `m-${randomUUID()}`, from, text: input.text, at: clock.now().toISOString() });
      if (created) announce.message(i, message);
      return { message, created };
    });
  }

  return {
    start,
    create,
    accept: (workerId: string, interactionId: string, offerId: string) => answer("accept", workerId, interactionId, offerId),
    reject: (workerId: string, interactionId: string, offerId: string) => answer("reject", workerId, interactionId, offerId),
    extendOffer,
    route,
    end,
    finish,
    addMessage,
    get: load,
    messages: async (interactionId: string) => {
      await load(interactionId);
      return store.listMessages(interactionId);
    },
    /** The worker's open Previews, for a window that (re)connects. */
    offersFor(workerId: string) {
      const now = clock.now();
      return [...open.values()]
        .filter((i) => i.state === "offered" && i.offer?.worker === workerId)
        .map((i) => offerView(i, now, deps.previewTimeoutMs, deps.presenceAfterTimeout)!);
    },
    /** Interactions the worker accepted and has not finished. */
    heldBy(workerId: string) {
      return [...open.values()].filter((i) => i.worker === workerId && (i.state === "active" || i.state === "wrap-up"));
    },
    /** Ids of everything the worker holds: offered, active or in wrap-up. */
    idsHeldBy(workerId: string) {
      return [...open.values()].filter((i) => i.worker === workerId && HELD.has(i.state)).map((i) => i.id);
    },
    workerName: (workerId: string) => names.get(workerId),
    customerInteraction: (token: string) => store.interactionIdForCustomerToken(hashToken(token)),
    /** Resolves when every step asked for so far has run (tests, shutdown). */
    settled: () => steps.idle(),
    stop() {
      stopped = true;
      timers.dispose();
    },
  };
}

export type InteractionService = ReturnType<typeof createInteractionService>;
