/** The Store contract's interactions, idempotency keys and transcripts (see store-contract.ts). */
import { describe, expect, it } from "vitest";
import type { Interaction } from "../../lib/domain/interaction";
import type { ChatMessage, IdempotencyRecord } from "../../lib/store/store";
import type { StoreUnderTest } from "./store-contract";

const T = (s: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, s)).toISOString();

export const newInteraction = (id: string, overrides: Partial<Interaction> = {}): Interaction => ({
  id,
  media: "chat",
  from: "Customer",
  subject: "Billing",
  data: { z: "last", a: "first" },
  state: "queued",
  refusedBy: [],
  createdAt: T(0),
  updatedAt: T(0),
  ...overrides,
});

const msg = (n: number, from: ChatMessage["from"] = "customer"): ChatMessage => ({ id: `m${n}`, from, text: `text ${n}`, at: T(n) });

const keyRecord = (key: string, createdAt: string, interaction = "i1"): IdempotencyRecord => ({
  apiKey: "crm",
  key,
  requestHash: "h".repeat(64),
  interaction,
  status: 201,
  body: `{"id":"${interaction}","state":"queued"}`,
  sealedToken: "sealed",
  createdAt,
});

export function describeInteractionContract(name: string, subject: StoreUnderTest): void {
  describe(`${name}: interactions`, () => {
    it("keeps a new interaction whole, with its events, messages, idle time and presence change in one write", async () => {
      const store = subject.store;
      await store.syncWorkers([{ id: "kw1", name: "Alex" }], T(0));
      const full = newInteraction("i1", {
        media: "voice",
        state: "active",
        worker: "kw1",
        target: "kw1",
        refusedBy: ["kw2", "kw3"],
        call: { state: "held", muted: true, heldBy: "worker", ringingAt: T(1), establishedAt: T(2), dtmfSent: "12", dtmfReceived: "" },
        parties: [{ worker: "kw2", role: "consult", joinedAt: T(3) }],
        wrapUp: { startedAt: T(4), acw: true, presenceBefore: "available", disposition: "sale" },
        customerActiveAt: T(5),
        updatedAt: T(6),
      });
      const events = await store.createInteraction(
        {
          interaction: full,
          events: [{ at: T(6), type: "InteractionAccepted", worker: "kw1", interaction: "i1" }, { at: T(6), type: "RequestAgentNotReady", worker: "kw1" }],
          idle: { worker: "kw1", since: T(6) },
          messages: [msg(1, "system")],
          presence: { worker: "kw1", presence: "busy", at: T(6) },
        },
        "token-hash",
      );
      expect(events.map((e) => [e.seq, e.type])).toEqual([[1, "InteractionAccepted"], [2, "RequestAgentNotReady"]]);
      expect(await store.getInteraction("i1")).toEqual(full);
      expect(Object.keys((await store.getInteraction("i1"))!.data)).toEqual(["z", "a"]);
      expect(await store.interactionIdForCustomerToken("token-hash")).toBe("i1");
      expect(await store.interactionIdForCustomerToken("other")).toBeUndefined();
      expect(await store.listMessages("i1")).toEqual([msg(1, "system")]);
      expect(await store.getWorker("kw1")).toMatchObject({ presence: "busy", presenceSince: T(6), idleSince: T(6) });
      expect(await store.getInteraction("nope")).toBeUndefined();
    });

    it("keeps each lifecycle step with the offer it closed; a step that fails writes none of it", async () => {
      const store = subject.store;
      await store.syncWorkers([{ id: "kw1", name: "Alex" }], T(0));
      await store.createInteraction({ interaction: newInteraction("i1"), events: [] });
      const offer = { id: "o1", worker: "kw1", status: "offered" as const, offeredAt: T(1), deadline: T(21), extended: false };
      const offered = newInteraction("i1", { state: "offered", worker: "kw1", offer, updatedAt: T(1) });
      await store.updateInteraction({ interaction: offered, events: [{ at: T(1), type: "InteractionOffered", worker: "kw1", interaction: "i1" }] });
      expect(await store.getInteraction("i1")).toEqual(offered);
      const accepted = newInteraction("i1", { state: "active", worker: "kw1", updatedAt: T(2) });
      const events = await store.updateInteraction({
        interaction: accepted,
        closedOffer: { ...offer, status: "accepted", closedAt: T(2) },
        events: [{ at: T(2), type: "InteractionAccepted", worker: "kw1", interaction: "i1" }],
      });
      expect(events).toEqual([{ seq: 2, at: T(2), type: "InteractionAccepted", worker: "kw1", interaction: "i1" }]);
      expect(await store.getInteraction("i1")).toEqual(accepted);
      // A presence change for a worker the store does not know fails the whole step.
      const failing = { interaction: { ...accepted, state: "wrap-up" as const, updatedAt: T(3) }, events: [{ at: T(3), type: "X", worker: "ghost" }], presence: { worker: "ghost", presence: "away" as const, at: T(3) } };
      await expect(store.updateInteraction(failing)).rejects.toThrow();
      expect(await store.getInteraction("i1")).toEqual(accepted);
      expect(await store.listEvents(2, 10)).toEqual([]);
      await expect(store.updateInteraction({ interaction: newInteraction("ghost"), events: [] })).rejects.toThrow(/not in the store/);
    });

    it("lists open interactions oldest first, without the done or abandoned", async () => {
      const store = subject.store;
      await store.createInteraction({ interaction: newInteraction("b", { createdAt: T(2) }), events: [] });
      await store.createInteraction({ interaction: newInteraction("a", { createdAt: T(1) }), events: [] });
      await store.createInteraction({ interaction: newInteraction("c", { createdAt: T(2) }), events: [] });
      await store.createInteraction({ interaction: newInteraction("d", { createdAt: T(0), state: "done" }), events: [] });
      await store.createInteraction({ interaction: newInteraction("e", { createdAt: T(0) }), events: [] });
      await store.updateInteraction({ interaction: newInteraction("e", { state: "abandoned", abandonedFor: "customer-idle" }), events: [] });
      expect((await store.listOpenInteractions()).map((i) => i.id)).toEqual(["a", "b", "c"]);
      expect(await store.getInteraction("e")).toMatchObject({ state: "abandoned", abandonedFor: "customer-idle" });
    });

    it("keeps an idempotency key with its interaction, answers it until it is too old, and purges old keys", async () => {
      const store = subject.store;
      const first = keyRecord("k1", T(10));
      await store.createInteraction({ interaction: newInteraction("i1"), events: [] }, undefined, { record: first, purgeBefore: T(0) });
      expect(await store.getIdempotencyRecord("crm", "k1", T(5))).toEqual(first);
      expect(await store.getIdempotencyRecord("crm", "k1", T(11))).toBeUndefined();
      expect(await store.getIdempotencyRecord("other", "k1", T(0))).toBeUndefined();
      const second = keyRecord("k2", T(30), "i2");
      await store.createInteraction({ interaction: newInteraction("i2"), events: [] }, undefined, { record: second, purgeBefore: T(20) });
      expect(await store.getIdempotencyRecord("crm", "k1", T(0))).toBeUndefined();
      expect(await store.getIdempotencyRecord("crm", "k2", T(0))).toEqual(second);
    });
  });

  describe(`${name}: transcripts`, () => {
    it("appends a message once per id (a retried send answers the one kept), oldest first", async () => {
      const store = subject.store;
      expect(await store.appendMessage("i1", msg(1))).toEqual({ message: msg(1), created: true });
      expect(await store.appendMessage("i1", { ...msg(1), text: "again" })).toEqual({ message: msg(1), created: false });
      await store.appendMessage("i1", msg(2, "worker"));
      await store.appendMessage("i2", msg(1));
      expect(await store.listMessages("i1")).toEqual([msg(1), msg(2, "worker")]);
      expect(await store.listMessages("none")).toEqual([]);
    });

    it("pages backwards and forwards, says whether more lie beyond, and gives nothing for a cursor of another chat", async () => {
      const store = subject.store;
      for (let n = 1; n <= 5; n++) await store.appendMessage("i1", msg(n));
      await store.appendMessage("i2", msg(9));
      const ids = (page: { messages: ChatMessage[] }) => page.messages.map((m) => m.id);
      const last = await store.listMessagePage("i1", { limit: 2 });
      expect([ids(last), last.more]).toEqual([["m4", "m5"], true]);
      const before = await store.listMessagePage("i1", { limit: 2, before: "m4" });
      expect([ids(before), before.more]).toEqual([["m2", "m3"], true]);
      const start = await store.listMessagePage("i1", { limit: 3, before: "m3" });
      expect([ids(start), start.more]).toEqual([["m1", "m2"], false]);
      const first = await store.listMessagePage("i1", { limit: 2, after: null });
      expect([ids(first), first.more]).toEqual([["m1", "m2"], true]);
      const after = await store.listMessagePage("i1", { limit: 3, after: "m2" });
      expect([ids(after), after.more]).toEqual([["m3", "m4", "m5"], false]);
      expect(await store.listMessagePage("i1", { limit: 2, after: "m9" })).toEqual({ messages: [], more: false });
      expect(await store.listMessagePage("i1", { limit: 2, before: "m9" })).toEqual({ messages: [], more: false });
      expect((await store.listMessagePage("i1", { limit: 10 })).messages[0]).toEqual(msg(1));
    });
  });
}
