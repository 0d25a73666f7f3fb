/**
 * Handing an interaction to another worker, as pure transitions. An invitation is a normal offer
 * (a Preview with a countdown) made to the other worker while the first keeps the interaction:
 * - transfer (a chat, or a blind call transfer): on Accept the other worker takes it over;
 * - consult (calls): on Accept the two talk while the customer is held; then the first completes
 *   the transfer or cancels it;
 * - conference (calls): on Accept the other worker joins the call as a party.
 * A Reject or a countdown running out closes the invitation and the first worker keeps it all.
 */
import { resumeForWorker, hold } from "./call";
import { close, ok, refuse, type Interaction, type OpenOffer, type Result } from "./interaction";

export const INVITE_PURPOSES = ["transfer", "consult", "conference"] as const;
export type InvitePurpose = (typeof INVITE_PURPOSES)[number];

export interface Invite {
  purpose: InvitePurpose;
  /** The worker who asked. */
  by: string;
  note: string;
  /** Sent "to the queue": routing chose the worker. */
  toQueue: boolean;
  /** The offer to the other worker; `stage` says whether it was accepted (a consultation running). */
  offer: OpenOffer;
  stage: "offered" | "talking";
}

export interface Party {
  worker: string;
  role: "consult" | "conference";
  joinedAt: string;
}

export const TRANSFER_NOTE_MAX_CHARS = 500;

export function invite(
  i: Interaction,
  by: string,
  purpose: InvitePurpose,
  target: string,
  offerId: string,
  now: Date,
  timeoutMs: number,
  options: { note?: string; toQueue?: boolean } = {},
): Result {
  if (i.state !== "active" || i.worker !== by) return refuse("conflict", `the interaction is ${i.state}; only its worker can hand it on while it is active`);
  if (i.invite) return refuse("conflict", "an invitation to another worker is open already");
  if (target === by) return refuse("bad_request", "you cannot hand an interaction to yourself");
  if (i.parties?.some((p) => p.worker === target)) return refuse("bad_request", `${target} is on this call already`);
  if (purpose !== "transfer" && i.media !== "voice") return refuse("bad_request", `a ${purpose} is for calls`);
  let call = i.call;
  if (i.media === "voice") {
    if (!call || (call.state !== "established" && call.state !== "held")) return refuse("conflict", `the call is ${call?.state ?? "missing"}`);
    // NOTE: the customer waits on hold while the worker consults a colleague.
    if (purpose === "consult" && call.state === "established") {
      const held = hold(call, "worker");
      if (held.ok) call = held.call;
    }
  }
  const at = now.toISOString();
  const offer: OpenOffer = { id: offerId, worker: target, status: "offered", offeredAt: at, deadline: new Date(now.getTime() + timeoutMs).toISOString(), extended: false };
  const next: Invite = { purpose, by, note: options.note ?? "", toQueue: options.toQueue ?? false, offer, stage: "offered" };
  return ok({ ...i, invite: next, ...(call ? { call } : {}), updatedAt: at });
}

/** The invitation's offer, if `offerId` is it, made to `worker`, and still running. */
function openInvite(i: Interaction, offerId: string, worker: string | undefined, now: Date): Invite | ReturnType<typeof refuse> {
  const inv = i.invite;
  if (i.state !== "active" || !inv || inv.stage !== "offered" || inv.offer.id !== offerId) {
    return refuse("conflict", "this offer is no longer open: it was answered, timed out or withdrawn");
  }
  if (worker !== undefined && inv.offer.worker !== worker) return refuse("conflict", "this offer went to someone else");
  if (worker !== undefined && now.getTime() >= Date.parse(inv.offer.deadline)) return refuse("conflict", "this offer timed out");
  return inv;
}

export function acceptInvite(i: Interaction, offerId: string, worker: string, now: Date): Result {
  const inv = openInvite(i, offerId, worker, now);
  if ("refused" in inv) return inv;
  const at = now.toISOString();
  const closed = close(inv.offer, "accepted", at);
  if (inv.purpose === "transfer") {
    const { invite: _done, ...rest } = i;
    return ok({ ...rest, worker, ...(i.call ? { call: resumeForWorker(i.call) } : {}), updatedAt: at }, closed);
  }
  const party: Party = { worker, role: inv.purpose === "consult" ? "consult" : "conference", joinedAt: at };
  const parties = [...(i.parties ?? []), party];
  if (inv.purpose === "consult") return ok({ ...i, parties, invite: { ...inv, stage: "talking" }, updatedAt: at }, closed);
  const { invite: _done, ...rest } = i;
  return ok({ ...rest, parties, updatedAt: at }, closed);
}

/** The invited worker rejected it, or its countdown ran out: the first worker keeps everything. */
export function refuseInvite(i: Interaction, offerId: string, worker: string | undefined, now: Date, outcome: "rejected" | "timed-out"): Result {
  const inv = openInvite(i, offerId, worker, now);
  if ("refused" in inv) return inv;
  if (outcome === "timed-out" && now.getTime() < Date.parse(inv.offer.deadline)) return refuse("conflict", "this offer has not timed out yet");
  const at = now.toISOString();
  const { invite: _gone, ...rest } = i;
  return ok({ ...rest, updatedAt: at }, close(inv.offer, outcome, at));
}

/** The first worker completes a consultation: the consulted worker takes the customer over. */
export function completeTransfer(i: Interaction, by: string, now: Date): Result {
  const inv = i.invite;
  if (i.worker !== by || !inv || inv.purpose !== "consult" || inv.stage !== "talking") return refuse("conflict", "no consultation is running");
  const at = now.toISOString();
  const { invite: _done, ...rest } = i;
  const parties = (i.parties ?? []).filter((p) => p.worker !== inv.offer.worker);
  return ok({ ...rest, worker: inv.offer.worker, parties, ...(i.call ? { call: resumeForWorker(i.call) } : {}), updatedAt: at });
}

/** The first worker withdraws an invitation or ends a consultation; the customer stays with them. */
export function cancelInvite(i: Interaction, by: string, now: Date): Result {
  const inv = i.invite;
  if (i.worker !== by || !inv) return refuse("conflict", "no transfer is open");
  const at = now.toISOString();
  const { invite: _gone, ...rest } = i;
  if (inv.stage === "offered") return ok({ ...rest, updatedAt: at }, close(inv.offer, "withdrawn", at));
  return ok({ ...rest, parties: (i.parties ?? []).filter((p) => p.worker !== inv.offer.worker), updatedAt: at });
}

/** A party leaves the call (hangs up), or the call's worker removes them. */
export function removeParty(i: Interaction, party: string, now: Date): Result {
  if (!i.parties?.some((p) => p.worker === party)) return refuse("bad_request", `${party} is not on this call`);
  const at = now.toISOString();
  const parties = i.parties.filter((p) => p.worker !== party);
  const talking = i.invite?.stage === "talking" && i.invite.offer.worker === party;
  const { invite, ...rest } = i;
  return ok({ ...rest, ...(invite && !talking ? { invite } : {}), parties, updatedAt: at });
}
