/**
 * The interaction lifecycle and its offers (shared/DESIGN.md B4-B6) as pure transitions: each
 * takes the current interaction and returns the next one, or a refusal naming why. No I/O.
 * A call's own states live in call.ts, transfers and parties in transfer.ts, after-call work
 * in wrap-up.ts, and what may be done now in capabilities.ts.
 */
import { release, type Call } from "./call";
import type { Invite, Party } from "./transfer";
import type { WrapUp } from "./wrap-up";

export const MEDIA = ["chat", "voice"] as const;
export type Media = (typeof MEDIA)[number];

export const INTERACTION_STATES = ["queued", "offered", "active", "wrap-up", "done", "abandoned"] as const;
export type InteractionState = (typeof INTERACTION_STATES)[number];

/** How long a Preview waits for Accept or Reject unless configured otherwise. */
export const DEFAULT_PREVIEW_TIMEOUT_MS = 20_000;

/** An offer of one interaction to one worker, from Preview to its outcome. */
export type Offer =
  | { id: string; worker: string; status: "offered"; offeredAt: string; deadline: string; extended: boolean }
  | { id: string; worker: string; status: "accepted" | "rejected" | "timed-out" | "withdrawn"; offeredAt: string; deadline: string; extended: boolean; closedAt: string };

export type OpenOffer = Extract<Offer, { status: "offered" }>;
export type OfferOutcome = Exclude<Offer["status"], "offered">;

export interface Interaction {
  id: string;
  media: Media;
  from: string;
  subject: string;
  data: Record<string, string>;
  state: InteractionState;
  /** The worker it is offered to or handled by. */
  worker?: string;
  /** Set when an external routing engine chose the worker: only that worker is offered it. */
  target?: string;
  /** Workers who rejected it or let its Preview time out; they are not offered it again. */
  refusedBy: string[];
  /** The open offer while the state is `offered`. */
  offer?: OpenOffer;
  /** A voice interaction's call (the embedded call model). */
  call?: Call;
  /** A transfer, consultation or conference invitation to another worker, while one is open. */
  invite?: Invite;
  /** Other workers on the call: a consulted worker, conference parties. */
  parties?: Party[];
  /** After-call work once the interaction has ended. */
  wrapUp?: WrapUp;
  /** A chat's last customer activity (a message, typing) kept while it waits; absent: its creation. */
  customerActiveAt?: string;
  /** Set when the connector abandoned it (not the customer): the customer's page says why. */
  abandonedFor?: "customer-idle";
  createdAt: string;
  updatedAt: string;
}

export type Refusal = {
  refused: true;
  code: "conflict" | "forbidden" | "bad_request";
  message: string;
  /** For an action the state does not allow: the actions it does allow. */
  allowed?: string[];
};
export type Transition = { refused: false; interaction: Interaction; closedOffer?: Offer };
export type Result = Transition | Refusal;

export const refuse = (code: Refusal["code"], message: string): Refusal => ({ refused: true, code, message });
export const ok = (interaction: Interaction, closedOffer?: Offer): Transition => ({ refused: false, interaction, closedOffer });

export function isFinal(state: InteractionState): boolean {
  return state === "done" || state === "abandoned";
}

export function offer(i: Interaction, worker: string, offerId: string, now: Date, timeoutMs: number): Result {
  if (i.state !== "queued") return refuse("conflict", `the interaction is ${i.state}, not queued`);
  if (i.target && i.target !== worker) return refuse("forbidden", `the interaction is routed to ${i.target}`);
  if (i.refusedBy.includes(worker)) return refuse("conflict", `${worker} has refused this interaction`);
  const at = now.toISOString();
  return ok({
    ...i,
    state: "offered",
    worker,
    offer: { id: offerId, worker, status: "offered", offeredAt: at, deadline: new Date(now.getTime() + timeoutMs).toISOString(), extended: false },
    updatedAt: at,
  });
}

/** Checks that `offerId` is the open offer of this interaction, made to `worker`, and still running. */
function openOfferFor(i: Interaction, offerId: string, worker: string, now: Date): OpenOffer | Refusal {
  const current = i.offer;
  if (i.state !== "offered" || !current || current.id !== offerId) {
    return refuse("conflict", "this offer is no longer open: it was answered, timed out or withdrawn");
  }
  if (current.worker !== worker) return refuse("conflict", "this offer went to someone else");
  if (now.getTime() >= Date.parse(current.deadline)) return refuse("conflict", "this offer timed out");
  return current;
}

export function close(o: OpenOffer, status: OfferOutcome, at: string): Offer {
  return { ...o, status, closedAt: at };
}

export function accept(i: Interaction, offerId: string, worker: string, now: Date): Result {
  const open = openOfferFor(i, offerId, worker, now);
  if ("refused" in open) return open;
  const at = now.toISOString();
  return ok({ ...i, state: "active", worker, offer: undefined, updatedAt: at }, close(open, "accepted", at));
}

export function reject(i: Interaction, offerId: string, worker: string, now: Date): Result {
  const open = openOfferFor(i, offerId, worker, now);
  if ("refused" in open) return open;
  const at = now.toISOString();
  return ok(requeue(i, worker, at), close(open, "rejected", at));
}

/** The Preview's countdown ran out. Refused when the offer was already answered. */
export function timeOut(i: Interaction, offerId: string, now: Date): Result {
  const current = i.offer;
  if (i.state !== "offered" || !current || current.id !== offerId) return refuse("conflict", "this offer is no longer open");
  if (now.getTime() < Date.parse(current.deadline)) return refuse("conflict", "this offer has not timed out yet");
  const at = now.toISOString();
  return ok(requeue(i, current.worker, at), close(current, "timed-out", at));
}

/** The worker asks for more time, once per offer (WCAG 2.2.1). */
export function extend(i: Interaction, offerId: string, worker: string, now: Date, extraMs: number): Result {
  const open = openOfferFor(i, offerId, worker, now);
  if ("refused" in open) return open;
  if (open.extended) return refuse("conflict", "this offer was extended already");
  const deadline = new Date(Date.parse(open.deadline) + extraMs).toISOString();
  return ok({ ...i, offer: { ...open, deadline, extended: true }, updatedAt: now.toISOString() });
}

/** The customer leaves or hangs up, or the worker ends the chat or call. */
export function end(i: Interaction, now: Date): Result {
  const at = now.toISOString();
  switch (i.state) {
    case "queued":
      return ok({ ...i, state: "abandoned", updatedAt: at });
    case "offered":
      return ok({ ...i, state: "abandoned", offer: undefined, updatedAt: at }, i.offer && close(i.offer, "withdrawn", at));
    case "active": {
      // The call is released and whoever else was on it leaves; an open invitation is withdrawn.
      const { invite, parties: _gone, ...rest } = i;
      const released = i.call && release(i.call, at);
      const call = released && released.ok ? released.call : i.call;
      // NOTE: a consultation already accepted has no open offer to withdraw; its worker leaves with the parties.
      const open = invite?.stage === "offered" ? close(invite.offer, "withdrawn", at) : undefined;
      return ok({ ...rest, state: "wrap-up", ...(call ? { call } : {}), updatedAt: at }, open);
    }
    default:
      return refuse("conflict", `the interaction is ${i.state} already`);
  }
}

/** The worker finishes after-call work (Done, or its timer), with a disposition code and note if given. */
export function finish(i: Interaction, worker: string, now: Date, outcome: { disposition?: string; note?: string } = {}): Result {
  if (i.worker !== worker) return refuse("forbidden", "this interaction is someone else's");
  if (i.state !== "wrap-up") return refuse("conflict", `the interaction is ${i.state}, not in wrap-up`);
  const at = now.toISOString();
  const wrapUp = { ...(i.wrapUp ?? { startedAt: i.updatedAt, acw: false }), endedAt: at, ...outcome };
  return ok({ ...i, state: "done", wrapUp, updatedAt: at });
}

function requeue(i: Interaction, worker: string, at: string): Interaction {
  return {
    ...i,
    state: "queued",
    worker: undefined,
    offer: undefined,
    refusedBy: i.refusedBy.includes(worker) ? i.refusedBy : [...i.refusedBy, worker],
    updatedAt: at,
  };
}
