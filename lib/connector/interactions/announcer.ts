/**
 * What the interactions tell whom, as pushes on topics: the worker's Previews and their outcome,
 * the worker's accepted interactions, and the customer's chat. Every push goes through the step
 * runner, so it leaves only once the change it reports is on disk.
 */
import type { Interaction, Offer } from "../../domain/interaction";
import type { SelectablePresence } from "../../domain/presence";
import { PROTOCOL_VERSION, type ChatMessageView, type InteractionGone, type InteractionNotice, type MessageAdded, type Typing } from "../../protocol";
import type { ChatMessage } from "../../store/store";
import { topics, type Clock } from "../ports";
import type { StepRunner } from "../step-runner";
import { customerView, offerView, workerInteractionView } from "./views";

export function createInteractionAnnouncer(deps: {
  steps: StepRunner;
  clock: Clock;
  workerName(workerId: string): string | undefined;
  previewTimeoutMs: number;
  presenceAfterTimeout: SelectablePresence | "none";
  dispositions: readonly string[];
  /** An offer ended (once it is on disk): the IM invitation it may have had says so. */
  onOfferClosed?(worker: string, offerId: string, outcome: Exclude<Offer["status"], "offered">): void;
}) {
  const { steps, clock } = deps;
  return {
    /** The Preview of an open offer, to every open window of its worker. */
    offer(i: Interaction): void {
      const view = offerView(i, clock.now(), deps.previewTimeoutMs, deps.presenceAfterTimeout);
      if (view && i.worker) steps.announce(topics.offers(i.worker), { v: PROTOCOL_VERSION, type: "offer", offer: view });
    },

    /** The Preview of an invitation from another worker (a transfer, consultation or conference). */
    invitation(i: Interaction, messages?: ChatMessageView[]): void {
      const view = offerView(i, clock.now(), deps.previewTimeoutMs, deps.presenceAfterTimeout, { nameOf: deps.workerName, messages });
      const to = i.invite?.offer.worker;
      if (view && to) steps.announce(topics.offers(to), { v: PROTOCOL_VERSION, type: "offer", offer: view });
    },

    /** The interaction is no longer this worker's (handed on, or they left the call). */
    gone(worker: string, i: Interaction, reason: InteractionGone["reason"], to?: string): void {
      steps.announce(topics.interactions(worker), { v: PROTOCOL_VERSION, type: "interaction-gone", interactionId: i.id, from: i.from, reason, ...(to ? { to } : {}) });
    },

    notice(worker: string, i: Interaction, notice: InteractionNotice["notice"], who: string): void {
      steps.announce(topics.interactions(worker), { v: PROTOCOL_VERSION, type: "notice", interactionId: i.id, notice, who });
    },

    /** Someone types: to the other side only. */
    typing(i: Interaction, from: "worker" | "customer"): void {
      const push: Typing = { v: PROTOCOL_VERSION, type: "typing", interactionId: i.id, from };
      if (from === "worker") steps.announce(topics.chat(i.id), push);
      else if (i.worker && i.state === "active") steps.announce(topics.interactions(i.worker), push);
    },

    /** `invitationOutcome`: what the offer's IM invitation says when it differs (one nobody opened ran out, yet counts as a Reject). */
    offerClosed(i: Interaction, offer: Offer, invitationOutcome?: Exclude<Offer["status"], "offered">): void {
      if (offer.status === "offered") return;
      steps.announce(topics.offers(offer.worker), {
        v: PROTOCOL_VERSION,
        type: "offer-closed",
        offerId: offer.id,
        interactionId: i.id,
        outcome: offer.status,
      });
      const closed = deps.onOfferClosed;
      const outcome = invitationOutcome ?? offer.status;
      if (closed) steps.afterDurable(() => closed(offer.worker, offer.id, outcome));
    },

    offerExtended(workerId: string, interactionId: string, offerId: string, deadline: string): void {
      steps.announce(topics.offers(workerId), {
        v: PROTOCOL_VERSION,
        type: "offer-extended",
        offerId,
        interactionId,
        deadline,
        serverTime: clock.now().toISOString(),
      });
    },

    /** The interaction's state to the worker holding it (once accepted), the parties on its call, and its customer. */
    state(i: Interaction, worker: string | undefined = i.worker): void {
      if (i.state !== "queued" && i.state !== "offered") {
        const viewers = new Set([...(worker ? [worker] : []), ...(i.parties ?? []).map((p) => p.worker)]);
        for (const viewer of viewers) {
          steps.announce(topics.interactions(viewer), { v: PROTOCOL_VERSION, type: "interaction", interaction: workerInteractionView(i, viewer, deps.workerName, clock.now(), deps.dispositions) });
        }
      }
      steps.announce(topics.chat(i.id), {
        v: PROTOCOL_VERSION,
        type: "chat",
        chat: customerView(i, i.worker ? deps.workerName(i.worker) : undefined),
      });
    },

    message(i: Interaction, message: ChatMessage): void {
      const push: MessageAdded = { v: PROTOCOL_VERSION, type: "message", interactionId: i.id, message };
      steps.announce(topics.chat(i.id), push);
      if (i.worker && (i.state === "active" || i.state === "wrap-up")) steps.announce(topics.interactions(i.worker), push);
      // NOTE: a worker consulted on a chat transfer sees the transcript only once it is theirs.
    },
  };
}

export type InteractionAnnouncer = ReturnType<typeof createInteractionAnnouncer>;
