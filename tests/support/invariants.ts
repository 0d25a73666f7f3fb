/**
 * What must hold of a connector's interactions at any moment, whatever crashed when (B4, B6):
 * read from the SQLite file itself (read-only, beside the running connector) and from the
 * reporting events, and returned as a list of problems (empty when all is well).
 */
import Database from "better-sqlite3";
import path from "node:path";
import { offerDiscipline, type ReportingEventView } from "./interactions";

export interface StoredInteraction {
  id: string;
  media: "chat" | "voice";
  state: string;
  worker: string | null;
  target: string | null;
  refusedBy: string[];
  offer: { id: string; worker: string; status: string; offeredAt: string; deadline: string; extended: boolean } | null;
  createdAt: string;
}

export interface StoreSnapshot {
  interactions: StoredInteraction[];
  closedOffers: Array<{ id: string; interaction: string; worker: string; status: string }>;
  workers: Array<{ id: string; presence: string }>;
}

export function readStoreSnapshot(dataDir: string): StoreSnapshot {
  const db = new Database(path.join(dataDir, "connector.sqlite"), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT id, media, state, worker, target, refused_by, offer, created_at FROM interactions ORDER BY created_at, rowid").all() as Array<{
      id: string;
      media: "chat" | "voice";
      state: string;
      worker: string | null;
      target: string | null;
      refused_by: string;
      offer: string | null;
      created_at: string;
    }>;
    return {
      interactions: rows.map((r) => ({
        id: r.id,
        media: r.media,
        state: r.state,
        worker: r.worker,
        target: r.target,
        refusedBy: JSON.parse(r.refused_by),
        offer: r.offer ? JSON.parse(r.offer) : null,
        createdAt: r.created_at,
      })),
      closedOffers: db.prepare("SELECT id, interaction, worker, status FROM offers").all() as StoreSnapshot["closedOffers"],
      workers: db.prepare("SELECT id, presence FROM workers WHERE configured = 1 ORDER BY id").all() as StoreSnapshot["workers"],
    };
  } finally {
    db.close();
  }
}

const HOLDS = new Set(["offered", "active", "wrap-up"]);

/** Every rule the store and the events must keep; returns the problems found. */
export function checkInvariants(snapshot: StoreSnapshot, events: readonly ReportingEventView[], maxChats: number): string[] {
  const problems: string[] = [];
  const closedIds = new Set(snapshot.closedOffers.map((o) => o.id));
  const openOfferIds = new Set<string>();
  const held = new Map<string, { chats: number; calls: number }>();

  for (const i of snapshot.interactions) {
    if (i.state === "offered") {
      if (!i.offer) problems.push(`${i.id} is offered without an open offer`);
      else {
        if (i.offer.status !== "offered") problems.push(`${i.id} is offered but its offer is ${i.offer.status}`);
        if (i.offer.worker !== i.worker) problems.push(`${i.id} is offered to ${i.worker} but its offer names ${i.offer.worker}`);
        if (closedIds.has(i.offer.id)) problems.push(`${i.id}'s open offer ${i.offer.id} is also recorded as closed`);
        if (openOfferIds.has(i.offer.id)) problems.push(`offer id ${i.offer.id} is open on two interactions`);
        openOfferIds.add(i.offer.id);
        if (i.target && i.offer.worker !== i.target) problems.push(`${i.id} is routed to ${i.target} but offered to ${i.offer.worker}`);
        if (i.refusedBy.includes(i.offer.worker)) problems.push(`${i.id} is offered to ${i.offer.worker}, who refused it`);
      }
    } else if (i.offer) {
      problems.push(`${i.id} is ${i.state} but still has an open offer`);
    }
    if (HOLDS.has(i.state)) {
      if (!i.worker) problems.push(`${i.id} is ${i.state} without a worker`);
      else {
        const load = held.get(i.worker) ?? { chats: 0, calls: 0 };
        if (i.media === "voice") load.calls++;
        else load.chats++;
        held.set(i.worker, load);
      }
    }
  }
  for (const [worker, load] of held) {
    if (load.chats > maxChats) problems.push(`${worker} holds ${load.chats} chats (max-chats ${maxChats})`);
    if (load.calls > 1) problems.push(`${worker} holds ${load.calls} calls`);
    if (load.calls > 0 && load.chats > 0) problems.push(`${worker} holds a call and ${load.chats} chats`);
  }

  const discipline = offerDiscipline(events);
  problems.push(...discipline.problems);
  const storeOpen = new Map(snapshot.interactions.filter((i) => i.state === "offered").map((i) => [i.id, i.worker ?? "?"]));
  for (const [id, worker] of storeOpen) {
    if (discipline.openOffer.get(id) !== worker) {
      problems.push(`${id} is offered to ${worker} in the store but the events say ${discipline.openOffer.get(id) ?? "no open offer"}`);
    }
  }
  for (const [id, worker] of discipline.openOffer) {
    if (!storeOpen.has(id)) problems.push(`the events leave ${id} offered to ${worker} but the store does not`);
  }

  const known = new Set(snapshot.interactions.map((i) => i.id));
  const queuedEvents = new Map<string, number>();
  for (const ev of events) {
    if (ev.type === "InteractionQueued" && ev.interaction) queuedEvents.set(ev.interaction, (queuedEvents.get(ev.interaction) ?? 0) + 1);
    if (ev.interaction && !known.has(ev.interaction)) problems.push(`event ${ev.seq} ${ev.type} names unknown interaction ${ev.interaction}`);
  }
  for (const i of snapshot.interactions) {
    const n = queuedEvents.get(i.id) ?? 0;
    if (n !== 1) problems.push(`${i.id} has ${n} InteractionQueued events`);
  }
  return problems;
}

/**
 * B4 in the event log: no InteractionOffered to a worker whose last presence report was
 * NotReady or Logout; and a Preview that ran out commits with the presence it causes, so when
 * `presenceAfterTimeout` is set, an InteractionTimedOut is followed at once (the next seq) by
 * that worker's report, unless the worker already had that presence.
 */
export function readinessDiscipline(events: readonly ReportingEventView[], options: { timeoutSetsPresence: boolean }): string[] {
  const problems: string[] = [];
  const ready = new Map<string, boolean>();
  for (let k = 0; k < events.length; k++) {
    const ev = events[k];
    if (!ev.worker) continue;
    if (ev.type === "RequestAgentReady") ready.set(ev.worker, true);
    else if (ev.type === "RequestAgentNotReady" || ev.type === "RequestAgentLogout") ready.set(ev.worker, false);
    else if (ev.type === "InteractionOffered" && ready.get(ev.worker) !== true) {
      problems.push(`seq ${ev.seq}: ${ev.interaction} offered to ${ev.worker}, whose last report was not Ready`);
    } else if (ev.type === "InteractionTimedOut" && options.timeoutSetsPresence && ready.get(ev.worker) === true) {
      const next = events[k + 1];
      if (!next || next.seq !== ev.seq + 1 || next.worker !== ev.worker || !next.type.startsWith("RequestAgent")) {
        problems.push(`seq ${ev.seq}: ${ev.worker}'s timed-out offer of ${ev.interaction} is not followed at once by the presence it causes`);
      }
    }
  }
  return problems;
}
