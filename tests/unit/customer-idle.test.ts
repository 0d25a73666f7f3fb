/**
 * A customer chat no one ends (routing.customer-idle-timeout), on a real SQLite store with fake
 * timers and Date: a queued or offered chat with no customer activity for that long is abandoned
 * (InteractionAbandoned {reason: "customer-idle"}, the offer withdrawn from the worker's window,
 * the customer's page told); a message or typing starts the wait again; an active chat is never
 * abandoned; after a restart the wait counts from the kept last activity.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { channels } from "../../lib/bayeux/channels";
import { startCore, type RunningCore } from "../support/core";
import { advanceAndSettle } from "../support/fake-time";

const T0 = Date.parse("2024-05-06T09:00:00.000Z");
const IDLE_S = 600;
const IDLE = IDLE_S * 1000;
const WORKERS = [{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }];

let core: RunningCore;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date(T0));
  core = await startCore(WORKERS, { previewTimeoutMs: 3_600_000, customerIdleSeconds: IDLE_S });
});
afterEach(async () => {
  await core.dispose();
  vi.useRealTimers();
});

const advance = (ms: number) => advanceAndSettle(ms, core.interactions);

const stateOf = async (id: string) => (await core.interactions.get(id)).state;
const abandonments = async (id: string) =>
  (await core.store.listEvents(0, 1000)).filter((e) => e.interaction === id && e.type === "InteractionAbandoned").map((e) => [e.worker, e.reasons]);
const pushes = (channel: string) => core.published.filter(([c]) => c === channel).map(([, m]) => m as unknown as Record<string, any>);

describe("a chat with no customer activity", () => {
  it("is abandoned when it has waited in the queue that long, and its customer's page is told", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await advance(IDLE - 1);
    expect(await stateOf(interaction.id)).toBe("queued");
    await advance(1);
    expect(await stateOf(interaction.id)).toBe("abandoned");
    expect(await abandonments(interaction.id)).toEqual([[undefined, { reason: "customer-idle" }]]);
    expect(pushes(channels.customerChat(interaction.id)).at(-1)).toMatchObject({ type: "chat", chat: { state: "abandoned", abandonedFor: "customer-idle" } });
  });

  it("is abandoned while offered: the Preview is withdrawn, the worker keeps their presence and room", async () => {
    await core.presence.setPresence("kw1", "available", "web-client");
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    const offer = (await core.interactions.get(interaction.id)).offer!;
    await advance(IDLE);
    expect(await stateOf(interaction.id)).toBe("abandoned");
    expect(await abandonments(interaction.id)).toEqual([["kw1", { reason: "customer-idle" }]]);
    expect(pushes(channels.workerOffers("kw1")).at(-1)).toMatchObject({ type: "offer-closed", offerId: offer.id, outcome: "withdrawn" });
    expect((await core.store.getWorker("kw1"))?.presence).toBe("available");
    // The room is free again: the next chat is offered to kw1.
    const next = await core.interactions.create({ media: "chat", from: "Lee" });
    expect((await core.interactions.get(next.interaction.id)).offer?.worker).toBe("kw1");
  });

  it.each(["message", "typing"] as const)("waits again from the customer's last %s", async (kind) => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await advance(IDLE / 2);
    if (kind === "message") await core.interactions.addMessage(interaction.id, { customer: true }, { text: "still there?" });
    else await core.interactions.typing(interaction.id, { customer: true });
    await advance(IDLE / 2);
    expect(await stateOf(interaction.id)).toBe("queued");
    await advance(IDLE / 2 - 1);
    expect(await stateOf(interaction.id)).toBe("queued");
    await advance(1);
    expect(await stateOf(interaction.id)).toBe("abandoned");
  });

  it("an active chat is never abandoned this way", async () => {
    await core.presence.setPresence("kw1", "available", "web-client");
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await core.interactions.accept("kw1", interaction.id, (await core.interactions.get(interaction.id)).offer!.id);
    await advance(IDLE * 3);
    expect(await stateOf(interaction.id)).toBe("active");
    expect(await abandonments(interaction.id)).toEqual([]);
  });

  it("after a restart the wait counts from the kept last activity", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await advance(IDLE / 2);
    await core.interactions.addMessage(interaction.id, { customer: true }, { text: "hello?" });
    await advance(IDLE / 4);
    core = await core.restart();
    // Due 600 s after the message (not after the creation, nor after the restart).
    await advance((IDLE * 3) / 4 - 1);
    expect(await stateOf(interaction.id)).toBe("queued");
    await advance(1);
    expect(await stateOf(interaction.id)).toBe("abandoned");
  });

  it("typing is kept too (at most every 15 s): after a restart the wait counts from it", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await advance(IDLE / 2);
    await core.interactions.typing(interaction.id, { customer: true });
    await advance(0);
    core = await core.restart();
    // Past the creation's due time (600 s), short of the typing's (900 s).
    await advance(IDLE / 2);
    expect(await stateOf(interaction.id)).toBe("queued");
    await advance(IDLE / 2);
    expect(await stateOf(interaction.id)).toBe("abandoned");
  });

  it("with the timeout 0, a waiting chat is never abandoned", async () => {
    core = await core.restart({ customerIdleSeconds: 0 });
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await advance(IDLE * 3);
    expect(await stateOf(interaction.id)).toBe("queued");
  });
});
