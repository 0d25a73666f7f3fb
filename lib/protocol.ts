/**
 * Every message the connector pushes to a browser over Bayeux, as one discriminated union.
 * Bump PROTOCOL_VERSION when a message changes shape; the client ignores versions it does not know.
 */
import type { InteractionState, Media, OfferOutcome } from "./domain/interaction";
import type { Presence, SelectablePresence } from "./domain/presence";

export const PROTOCOL_VERSION = 1;

type V = { v: typeof PROTOCOL_VERSION };

/** What a worker's Preview shows of an offer. */
export interface OfferView {
  id: string;
  interaction: { id: string; media: Media; from: string; subject: string; data: Record<string, string> };
  offeredAt: string;
  /** ISO time the offer runs out, by the connector's clock. */
  deadline: string;
  /** The connector's clock when this view was made, so the countdown can correct for skew. */
  serverTime: string;
  /** The full length of the countdown, in ms. */
  timeoutMs: number;
  /** Whether more time was asked for already (once per offer). */
  extended: boolean;
  /** The presence the worker is set to if the countdown runs out, or none. */
  presenceAfterTimeout: SelectablePresence | "none";
}

export interface ChatMessageView {
  id: string;
  from: "customer" | "worker" | "system";
  text: string;
  at: string;
}

/** An interaction a worker accepted, as the web client shows it. */
export interface WorkerInteractionView {
  id: string;
  media: Media;
  from: string;
  subject: string;
  data: Record<string, string>;
  state: InteractionState;
  updatedAt: string;
}

export type PresenceChanged = V & { type: "presence"; presence: Presence; since: string };
export type OfferMade = V & { type: "offer"; offer: OfferView };
export type OfferExtended = V & { type: "offer-extended"; offerId: string; deadline: string; serverTime: string };
export type OfferClosed = V & { type: "offer-closed"; offerId: string; interactionId: string; outcome: OfferOutcome };
export type InteractionChanged = V & { type: "interaction"; interaction: WorkerInteractionView };
export type MessageAdded = V & { type: "message"; interactionId: string; message: ChatMessageView };

/** What the customer of a chat sees of it. */
export interface CustomerChatView {
  id: string;
  state: InteractionState;
  subject: string;
  from: string;
  /** The name of the worker who joined, once one has. */
  workerName?: string;
}
export type CustomerChatChanged = V & { type: "chat"; chat: CustomerChatView };

export type PushMessage =
  | PresenceChanged
  | OfferMade
  | OfferExtended
  | OfferClosed
  | InteractionChanged
  | MessageAdded
  | CustomerChatChanged;

export function isPushMessage(value: unknown): value is PushMessage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { v?: unknown }).v === PROTOCOL_VERSION &&
    typeof (value as { type?: unknown }).type === "string"
  );
}
