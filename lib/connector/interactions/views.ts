/** How an interaction looks to each audience: the integration API, the worker, the customer. */
import type { Interaction } from "../../domain/interaction";
import { type CustomerChatView, type OfferView, type WorkerInteractionView } from "../../protocol";
import type { SelectablePresence } from "../../domain/presence";

export interface ApiInteractionView {
  id: string;
  media: Interaction["media"];
  from: string;
  subject: string;
  data: Record<string, string>;
  state: Interaction["state"];
  worker: string | null;
}

export function apiView(i: Interaction): ApiInteractionView {
  return { id: i.id, media: i.media, from: i.from, subject: i.subject, data: i.data, state: i.state, worker: i.worker ?? null };
}

export function workerInteractionView(i: Interaction): WorkerInteractionView {
  return { id: i.id, media: i.media, from: i.from, subject: i.subject, data: i.data, state: i.state, updatedAt: i.updatedAt };
}

export function customerView(i: Interaction, workerName: string | undefined): CustomerChatView {
  const joined = i.state === "active" || i.state === "wrap-up" || i.state === "done";
  return { id: i.id, state: i.state, subject: i.subject, from: i.from, ...(joined && workerName ? { workerName } : {}) };
}

export function offerView(
  i: Interaction,
  now: Date,
  timeoutMs: number,
  presenceAfterTimeout: SelectablePresence | "none",
): OfferView | undefined {
  if (!i.offer) return undefined;
  return {
    id: i.offer.id,
    interaction: { id: i.id, media: i.media, from: i.from, subject: i.subject, data: i.data },
    offeredAt: i.offer.offeredAt,
    deadline: i.offer.deadline,
    serverTime: now.toISOString(),
    timeoutMs,
    extended: i.offer.extended,
    presenceAfterTimeout,
  };
}

