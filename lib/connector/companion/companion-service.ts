/**
 * The desktop companions on the node that owns the work (B11): pairing, the record of each
 * worker's companion, and what their messages mean for calls (matching, the softphone's call
 * states, hang-ups and DTMF there). Nodes relay companions' sessions and messages here
 * (./companion-link.ts); what goes back to a companion is sent to every node, and the one
 * holding its session delivers it.
 */
import { randomUUID } from "node:crypto";
import type { CompanionDown, CompanionUp } from "../../companion/protocol";
import type { Interaction } from "../../domain/interaction";
import type { Logger } from "../../observability/logger";
import { PROTOCOL_VERSION, type CompanionView, type PushMessage } from "../../protocol";
import type { Store } from "../../store/store";
import type { CompanionCallControl } from "../../telephony/companion-call-control";
import { topics, type Clock, type Notifier, type Topic } from "../ports";
import { createCallMatcher, type SoftphoneCallOps } from "./call-matcher";
import { createCompanionRecord, type CompanionRecord } from "./companion-record";
import type { CompanionMetrics } from "./companion-metrics";
import { createPairing, type Pairing } from "./pairing";

export interface CompanionServiceDeps {
  store: Store;
  clock: Clock;
  notifier: Notifier;
  logger: Logger;
  metrics: CompanionMetrics;
  /** Sends to the worker's companion, on whichever node holds its session. */
  send(worker: string, message: CompanionDown): void;
  /** Ends the worker's companion sessions on every node. */
  dropEverywhere(worker: string): void;
}

/** What the calls side needs of the interactions, bound once they exist. */
export interface CompanionCallDeps {
  windowMs: number;
  callControl: CompanionCallControl;
  softphoneCall: SoftphoneCallOps & { closed(interactionId: string): Promise<void>; mirror(interactionId: string, state: "held" | "established"): Promise<unknown> };
  accept(worker: string, interactionId: string, offerId: string): Promise<unknown>;
  farEndDtmf(interactionId: string, digits: string): Promise<unknown>;
}

export interface CompanionService {
  pairing: Pairing;
  record: CompanionRecord;
  /** Spends a pairing code for the worker's companion; resolves with its credential. */
  pair(worker: string, code: string): Promise<string>;
  /** Forgets the worker's credentials and ends its companion's sessions; resolves with how many credentials there were. */
  unpair(worker: string): Promise<number>;
  /** The companion as the worker's own web client shows it: with whether it is paired. */
  viewFor(worker: string): Promise<CompanionView>;
  sessionChanged(worker: string, clientId: string, open: boolean): void;
  received(worker: string, clientId: string, message: CompanionUp): void;
  /** Wraps the core's notifier: a voice offer it announces is a candidate for matching. */
  watchOffers(notifier: Notifier): Notifier;
  /** Binds the call side once the interactions exist. */
  bindCalls(calls: CompanionCallDeps): void;
  close(): void;
}

export function createCompanionService(deps: CompanionServiceDeps): CompanionService {
  const pairing = createPairing(deps.store, deps.clock);
  const record = createCompanionRecord(deps);
  let calls: (CompanionCallDeps & { matcher: ReturnType<typeof createCallMatcher> }) | undefined;
  /** Softphone calls the connector declined (a Preview rejected or run out): their close is no hang-up. */
  const declined = new Set<string>();
  const warn = (what: Promise<unknown>, context: object) => void what.catch((error) => deps.logger.warn({ err: error, ...context }, "softphone event not applied"));

  /** The open interaction a softphone call was matched to (from the store after a restart). */
  async function interactionOf(worker: string, callId: string): Promise<Interaction | undefined> {
    const id = calls?.matcher.interactionOf(worker, callId);
    if (id) return deps.store.getInteraction(id);
    return (await deps.store.listOpenInteractions()).find((i) => i.call?.softphone?.worker === worker && i.call.softphone.callId === callId);
  }

  /** A Preview rejected or run out: the call ringing on that worker's softphone for it is declined there. */
  async function declineOnSoftphone(worker: string, interactionId: string) {
    const phone = (await deps.store.getInteraction(interactionId))?.call?.softphone;
    if (!phone || phone.worker !== worker || calls?.callControl.stateOf(worker, phone.callId) !== "ringing") return;
    declined.add(`${worker}\u0000${phone.callId}`);
    deps.send(worker, { type: "command", commandId: randomUUID(), callId: phone.callId, command: { kind: "hangup" } });
  }

  /**
   * Voice offers still open and unmatched when this core starts (a restart, or a takeover from a
   * node that died holding them in its matcher) wait one window more: the companion restates its
   * ringing calls after the handshake the new owner makes it do.
   */
  async function restoreOffers(matcher: ReturnType<typeof createCallMatcher>) {
    for (const i of await deps.store.listOpenInteractions()) {
      if (i.media !== "voice" || i.state !== "offered" || !i.offer || i.call?.state !== "ringing" || i.call.softphone) continue;
      matcher.offered({ worker: i.offer.worker, interactionId: i.id, from: i.from }, { restored: true });
    }
  }

  // NOTE: the credential is on disk before this (pairing waits for durability): pushed at once.
  const announcePaired = (worker: string, paired: boolean) =>
    deps.notifier.publish(topics.presence(worker), {
      v: PROTOCOL_VERSION,
      type: "companion",
      companion: { ...record.view(worker), paired, ...(paired ? { pairedAt: deps.clock.now().toISOString() } : {}) },
    });

  async function callChanged(worker: string, message: Extract<CompanionUp, { type: "call" }>) {
    if (!calls) return;
    calls.callControl.callState(worker, message.callId, message.state);
    if (message.state === "ringing") {
      // NOTE: only a desktop that can answer takes part in matching; others keep the embedded model.
      if (!record.view(worker).connected) return;
      // NOTE: a companion restates its calls after each handshake: one matched before a restart or takeover stays matched.
      if (!calls.matcher.interactionOf(worker, message.callId) && (await interactionOf(worker, message.callId))) return;
      calls.matcher.ringing({ worker, callId: message.callId, ...(message.peer ? { peer: message.peer } : {}) });
      return;
    }
    const i = await interactionOf(worker, message.callId);
    if (message.state === "closed") {
      calls.matcher.forget(worker, message.callId);
      // NOTE: a call the connector declined closes because of a Reject already kept, not a hang-up.
      if (i && !declined.delete(`${worker}\u0000${message.callId}`)) await calls.softphoneCall.closed(i.id);
    } else if (message.state === "established" && i?.state === "offered" && i.offer?.worker === worker) {
      // Answered in the companion's own prompt: the Preview is accepted for the worker.
      await calls.accept(worker, i.id, i.offer.id);
    } else if (i?.state === "active" && i.call?.softphone?.worker === worker) {
      // Held or resumed at the softphone itself: the call shown follows it.
      await calls.softphoneCall.mirror(i.id, message.state);
    }
  }

  return {
    pairing,
    record,
    async pair(worker, code) {
      const credential = await pairing.pair(worker, code);
      announcePaired(worker, true);
      return credential;
    },
    async unpair(worker) {
      const revoked = await pairing.revoke(worker);
      deps.dropEverywhere(worker);
      announcePaired(worker, false);
      return revoked;
    },
    async viewFor(worker) {
      const view = record.view(worker);
      return { ...view, paired: view.connected || (await deps.store.countCompanionCredentials(worker)) > 0 };
    },
    sessionChanged: (worker, clientId, open) => record.sessionChanged(worker, clientId, open),
    received(worker, _clientId, message) {
      record.heard(worker, message);
      if (message.type === "result") calls?.callControl.result(message.commandId, message.ok, message.error);
      else if (message.type === "call") warn(callChanged(worker, message), { worker, call: message.callId });
      else if (message.type === "dtmf" && calls) {
        const farEnd = calls;
        warn(
          interactionOf(worker, message.callId).then((i) => (i?.state === "active" ? farEnd.farEndDtmf(i.id, message.digit) : undefined)),
          { worker, call: message.callId },
        );
      }
    },
    watchOffers(notifier) {
      return {
        publish(topic: Topic, message: PushMessage) {
          notifier.publish(topic, message);
          // NOTE: every push passes here: only a worker's offers and their ends concern a companion,
          // and only a worker with one connected.
          if (topic.kind !== "worker" || (message.type !== "offer" && message.type !== "offer-closed")) return;
          const view = record.view(topic.worker);
          if (!view.connected) return;
          if (message.type === "offer-closed") {
            if (message.outcome !== "accepted") warn(declineOnSoftphone(topic.worker, message.interactionId), { worker: topic.worker, interaction: message.interactionId });
            return;
          }
          if (calls && message.offer.interaction.media === "voice" && !message.offer.handover && view.softphone === "ready") {
            calls.matcher.offered({ worker: topic.worker, interactionId: message.offer.interaction.id, from: message.offer.interaction.from });
          }
        },
      };
    },
    bindCalls(bound) {
      const matcher = createCallMatcher({ windowMs: bound.windowMs, clock: deps.clock, ops: bound.softphoneCall, metrics: deps.metrics, logger: deps.logger });
      calls = { ...bound, matcher };
      warn(restoreOffers(matcher), { restoring: "voice offers" });
    },
    close() {
      calls?.matcher.close();
    },
  };
}
