/** How an interaction looks to each audience: the integration API, the worker, the customer. */
import { capabilities, roleOf, type Action } from "../../domain/capabilities";
import type { Interaction } from "../../domain/interaction";
import type { SelectablePresence } from "../../domain/presence";
import type { CallView, ChatMessageView, CustomerChatView, InviteView, OfferView, ParticipantView, WorkerInteractionView, WrapUpView } from "../../protocol";

/** A worker's display name (the id when unknown). */
export type NameOf = (workerId: string) => string | undefined;

export interface ApiInteractionView {
  id: string;
  media: Interaction["media"];
  from: string;
  subject: string;
  data: Record<string, string>;
  state: Interaction["state"];
  worker: string | null;
  /** What the interaction's worker may do now. */
  capabilities: Action[];
  call?: { state: CallView["state"]; muted: boolean; heldBy?: "worker" | "customer"; establishedAt?: string };
  participants: ParticipantView[];
  invite?: InviteView;
  disposition?: { code?: string; note?: string };
}

const basics = (i: Interaction) => ({ id: i.id, media: i.media, from: i.from, subject: i.subject, data: i.data, state: i.state });

export function apiView(i: Interaction, nameOf: NameOf = () => undefined): ApiInteractionView {
  const disposition = i.wrapUp && (i.wrapUp.disposition !== undefined || i.wrapUp.note) ? { ...(i.wrapUp.disposition !== undefined ? { code: i.wrapUp.disposition } : {}), ...(i.wrapUp.note ? { note: i.wrapUp.note } : {}) } : undefined;
  return {
    ...basics(i),
    worker: i.worker ?? null,
    capabilities: i.worker ? capabilities(i, i.worker) : [],
    ...(i.call ? { call: callSummary(i.call) } : {}),
    participants: participantsOf(i, nameOf),
    ...(i.invite ? { invite: inviteView(i, nameOf) } : {}),
    ...(disposition ? { disposition } : {}),
  };
}

/** A call's state as every audience sees it; the web client also sees the digits each way. */
function callSummary(call: NonNullable<Interaction["call"]>) {
  return { state: call.state, muted: call.muted, ...(call.heldBy ? { heldBy: call.heldBy } : {}), ...(call.establishedAt ? { establishedAt: call.establishedAt } : {}) };
}

export function participantsOf(i: Interaction, nameOf: NameOf): ParticipantView[] {
  const out: ParticipantView[] = [{ role: "customer", name: i.from }];
  if (i.worker && i.state !== "queued" && i.state !== "offered") out.push({ role: "worker", id: i.worker, name: nameOf(i.worker) ?? i.worker });
  for (const p of i.parties ?? []) out.push({ role: p.role, id: p.worker, name: nameOf(p.worker) ?? p.worker });
  return out;
}

function inviteView(i: Interaction, nameOf: NameOf): InviteView | undefined {
  const inv = i.invite;
  if (!inv) return undefined;
  const to = inv.offer.worker;
  return { purpose: inv.purpose, to: { id: to, name: nameOf(to) ?? to }, note: inv.note, toQueue: inv.toQueue, stage: inv.stage };
}

function wrapUpView(i: Interaction, dispositions: readonly string[]): WrapUpView | undefined {
  const w = i.wrapUp;
  if (!w) return undefined;
  return {
    acw: w.acw,
    dispositions: [...dispositions],
    ...(w.until ? { until: w.until } : {}),
    ...(w.disposition ? { disposition: w.disposition } : {}),
    ...(w.note ? { note: w.note } : {}),
  };
}

/** The interaction as `viewer` sees it in the web client: with what they may do now. */
export function workerInteractionView(i: Interaction, viewer: string, nameOf: NameOf, now: Date, dispositions: readonly string[] = []): WorkerInteractionView {
  return {
    ...basics(i),
    updatedAt: i.updatedAt,
    role: roleOf(i, viewer) ?? (i.worker === viewer ? "owner" : "party"),
    capabilities: capabilities(i, viewer),
    ...(i.call ? { call: { ...callSummary(i.call), dtmfSent: i.call.dtmfSent, dtmfReceived: i.call.dtmfReceived, ...(i.call.softphone?.worker === viewer ? { desktop: true } : {}) } } : {}),
    participants: participantsOf(i, nameOf),
    ...(i.invite ? { invite: inviteView(i, nameOf) } : {}),
    ...(i.wrapUp ? { wrapUp: wrapUpView(i, dispositions) } : {}),
    serverTime: now.toISOString(),
  };
}

export function customerView(i: Interaction, workerName: string | undefined): CustomerChatView {
  const joined = i.state === "active" || i.state === "wrap-up" || i.state === "done";
  return { id: i.id, state: i.state, subject: i.subject, from: i.from, ...(joined && workerName ? { workerName } : {}), ...(i.abandonedFor ? { abandonedFor: i.abandonedFor } : {}) };
}

/**
 * The Preview of an open offer: the interaction's own offer, or an invitation from another
 * worker (with who asked, their note and, for a chat, the transcript so far).
 */
export function offerView(
  i: Interaction,
  now: Date,
  timeoutMs: number,
  presenceAfterTimeout: SelectablePresence | "none",
  handover?: { nameOf: NameOf; messages?: ChatMessageView[] },
): OfferView | undefined {
  const offer = i.invite?.stage === "offered" ? i.invite.offer : i.offer;
  if (!offer) return undefined;
  const inv = i.invite?.stage === "offered" ? i.invite : undefined;
  return {
    id: offer.id,
    interaction: { id: i.id, media: i.media, from: i.from, subject: i.subject, data: i.data },
    offeredAt: offer.offeredAt,
    deadline: offer.deadline,
    serverTime: now.toISOString(),
    timeoutMs,
    // NOTE: an invitation from another worker cannot be extended (only the routing's own offer
    // can): it is shown as used up, so the Preview does not offer More time.
    extended: inv ? true : offer.extended,
    presenceAfterTimeout,
    ...(inv ? { handover: { purpose: inv.purpose, by: handover?.nameOf(inv.by) ?? inv.by, note: inv.note } } : {}),
    ...(inv && handover?.messages ? { messages: handover.messages } : {}),
  };
}
