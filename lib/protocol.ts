/**
 * Every message the connector pushes to a browser over Bayeux, as one discriminated union.
 * Bump PROTOCOL_VERSION when a message changes shape; the client ignores versions it does not know.
 */
import type { Action } from "./domain/capabilities";
import type { CallState } from "./domain/call";
import type { InteractionState, Media, OfferOutcome } from "./domain/interaction";
import type { Presence, SelectablePresence } from "./domain/presence";
import type { InvitePurpose } from "./domain/transfer";

/** 2: interactions carry capabilities, call, participants, invitation and wrap-up; typing, notices. */
export const PROTOCOL_VERSION = 2;

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
  /** Set when another worker hands this interaction on: why, who, their note. */
  handover?: { purpose: InvitePurpose; by: string; note: string };
  /** A chat's transcript so far, for a chat handed on by another worker. */
  messages?: ChatMessageView[];
}

export interface ChatMessageView {
  id: string;
  from: "customer" | "worker" | "system";
  text: string;
  at: string;
}

export interface CallView {
  state: CallState;
  muted: boolean;
  heldBy?: "worker" | "customer";
  /** When the call was answered, by the connector's clock: the call timer counts from here. */
  establishedAt?: string;
  dtmfSent: string;
  dtmfReceived: string;
  /** The call is on the worker's desktop phone (B11): the companion carries the controls out there. */
  desktop?: boolean;
}

export interface ParticipantView {
  role: "customer" | "worker" | "consult" | "conference";
  /** A worker's id (absent for the customer). */
  id?: string;
  name: string;
}

export interface InviteView {
  purpose: InvitePurpose;
  to: { id: string; name: string };
  note: string;
  toQueue: boolean;
  /** `talking`: the consulted worker accepted and the two talk while the customer waits. */
  stage: "offered" | "talking";
}

export interface WrapUpView {
  acw: boolean;
  /** The disposition codes to pick from (routing.dispositions); empty: no picker. */
  dispositions: string[];
  /** When after-call work ends by itself, by the connector's clock. */
  until?: string;
  disposition?: string;
  note?: string;
}

/** A finished interaction in the worker's Recent interactions (GET /api/kw/recent). */
export interface RecentInteractionView {
  id: string;
  media: Media;
  from: string;
  subject: string;
  /** When it became done, by the connector's clock. */
  doneAt: string;
  /** The disposition code the worker picked, if any (the client shows its label). */
  disposition?: string;
  note?: string;
}

/** An interaction a worker accepted (or joined), as the web client shows it. */
export interface WorkerInteractionView {
  id: string;
  media: Media;
  from: string;
  subject: string;
  data: Record<string, string>;
  state: InteractionState;
  updatedAt: string;
  /** The viewer's part: the interaction's worker, or a party on its call. */
  role: "owner" | "party";
  /** What the viewer may do now; the client enables exactly these. */
  capabilities: Action[];
  call?: CallView;
  participants: ParticipantView[];
  invite?: InviteView;
  wrapUp?: WrapUpView;
  /** The connector's clock when this view was made, to correct timers for skew. */
  serverTime: string;
}

export type PresenceChanged = V & { type: "presence"; presence: Presence; since: string };
export type OfferMade = V & { type: "offer"; offer: OfferView };
export type OfferExtended = V & { type: "offer-extended"; offerId: string; interactionId: string; deadline: string; serverTime: string };
export type OfferClosed = V & { type: "offer-closed"; offerId: string; interactionId: string; outcome: OfferOutcome };
export type InteractionChanged = V & { type: "interaction"; interaction: WorkerInteractionView };
export type MessageAdded = V & { type: "message"; interactionId: string; message: ChatMessageView };
/** Someone is typing in a chat (pushed, never kept). */
export type Typing = V & { type: "typing"; interactionId: string; from: "worker" | "customer" };
/** The interaction is no longer the viewer's: handed to another worker, or the viewer left it. */
export type InteractionGone = V & { type: "interaction-gone"; interactionId: string; from: string; reason: "transferred" | "left" | "ended"; to?: string };
/** Something happened to the viewer's interaction that needs saying (a refused transfer…). */
export type InteractionNotice = V & {
  type: "notice";
  interactionId: string;
  notice: "transfer-rejected" | "transfer-timed-out" | "party-joined" | "party-left";
  who: string;
};

/** What the customer of a chat sees of it. */
export interface CustomerChatView {
  id: string;
  state: InteractionState;
  subject: string;
  from: string;
  /** The name of the worker who joined, once one has. */
  workerName?: string;
  /** Set when the connector closed the waiting chat because the customer did nothing for too long. */
  abandonedFor?: "customer-idle";
}
export type CustomerChatChanged = V & { type: "chat"; chat: CustomerChatView };
/** The worker's desktop companion (B11) as the connector sees it: connected or not, its softphone. */
export interface CompanionView {
  connected: boolean;
  softphone: "ready" | "absent";
  /** For the worker's own web client: whether a credential of a companion is kept (paired). */
  paired?: boolean;
  /** On the push a pairing makes: when (ISO). A pairing code shown before it is spent now. */
  pairedAt?: string;
}
/** The worker's desktop companion connected, went, or its softphone changed (on the presence stream). */
export type CompanionChanged = V & { type: "companion"; companion: CompanionView };
/** Teams presence (Microsoft Graph) is out of sync since that ISO time, or in sync again (null). */
export type TeamsPresenceSync = V & { type: "teams-presence"; outOfSyncSince: string | null };

export type PushMessage =
  | PresenceChanged
  | OfferMade
  | OfferExtended
  | OfferClosed
  | InteractionChanged
  | MessageAdded
  | Typing
  | InteractionGone
  | InteractionNotice
  | CompanionChanged
  | CustomerChatChanged
  | TeamsPresenceSync;

export function isPushMessage(value: unknown): value is PushMessage {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { v?: unknown }).v === PROTOCOL_VERSION &&
    typeof (value as { type?: unknown }).type === "string"
  );
}
