/**
 * The restart grace (routing.restart-grace) on a real SQLite store with fake timers and Date: after
 * a start, nothing is offered and nothing runs out until the grace is over; deadlines that passed
 * while the connector was down move to its end (offers, transfer invitations, after-call work);
 * with grace 0 the old behaviour (a deadline that passed fires at once).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Interaction } from "../../lib/domain/interaction";
import type { OfferInviter } from "../../lib/connector/interactions/offers/offer-delivery";
import { withDeadlinesFrom } from "../../lib/connector/interactions/restart-grace";
import { startCore, type RunningCore } from "../support/core";
import { advanceAndSettle } from "../support/fake-time";

const T0 = Date.parse("2024-05-06T09:00:00.000Z");
const TIMEOUT = 5_000;
const GRACE = 15;
const OUTAGE = 60_000;
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const WORKERS = [{ id: "kw1", name: "Alex" }, { id: "kw2", name: "Sam" }];

let core: RunningCore;

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date(T0));
  core = await startCore(WORKERS, { previewTimeoutMs: TIMEOUT, restartGraceSeconds: GRACE, wrapUpSeconds: 10 });
  await core.presence.setPresence("kw1", "available", "web-client");
});
afterEach(async () => {
  await core.dispose();
  vi.useRealTimers();
});

const advance = (ms: number) => advanceAndSettle(ms, core.interactions);

/** The connector stops, the outage lasts `OUTAGE` ms (no timer runs), and it starts again. */
async function outageThenStart(grace = GRACE): Promise<void> {
  await core.interactions.settled();
  core.interactions.stop();
  vi.setSystemTime(new Date(Date.now() + OUTAGE));
  core = await core.restart({ restartGraceSeconds: grace });
  await core.interactions.settled();
}

const eventsOf = async (id: string) => (await core.store.listEvents(0, 1000)).filter((e) => e.interaction === id).map((e) => e.type);

describe("the restart grace", () => {
  it("an offer whose deadline passed while the connector was down stays open until the grace is over", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    expect((await core.interactions.get(interaction.id)).offer).toMatchObject({ worker: "kw1", deadline: iso(TIMEOUT) });

    await outageThenStart();
    const restarted = Date.now();
    const open = await core.interactions.get(interaction.id);
    expect(open).toMatchObject({ state: "offered", offer: { worker: "kw1", deadline: new Date(restarted + GRACE * 1000).toISOString() } });
    // A window that reconnects in the grace is shown the Preview, with the time that is left.
    expect((await core.interactions.offersFor("kw1")).map((o) => o.interaction.id)).toEqual([interaction.id]);

    await advance(GRACE * 1000 - 1);
    expect((await core.interactions.get(interaction.id)).state).toBe("offered");
    expect((await core.store.getWorker("kw1"))?.presence).toBe("available");
    expect(await eventsOf(interaction.id)).not.toContain("InteractionTimedOut");

    await advance(1);
    expect((await core.interactions.get(interaction.id)).state).toBe("queued");
    expect(await eventsOf(interaction.id)).toContain("InteractionTimedOut");
  });

  it("nothing is offered in the grace; what waits is offered once it is over", async () => {
    await outageThenStart();
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    expect((await core.interactions.get(interaction.id)).state).toBe("queued");
    await advance(GRACE * 1000 - 1);
    expect((await core.interactions.get(interaction.id)).state).toBe("queued");
    await advance(1);
    expect(await core.interactions.get(interaction.id)).toMatchObject({ state: "offered", offer: { worker: "kw1" } });
  });

  it("after-call work that should have ended while the connector was down ends when the grace is over", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await core.interactions.accept("kw1", interaction.id, (await core.interactions.get(interaction.id)).offer!.id);
    await core.interactions.end(interaction.id, { customer: true });
    expect((await core.store.getWorker("kw1"))?.presence).toBe("after-call-work");

    await outageThenStart();
    expect((await core.interactions.get(interaction.id)).state).toBe("wrap-up");
    await advance(GRACE * 1000 - 1);
    expect((await core.interactions.get(interaction.id)).state).toBe("wrap-up");
    await advance(1);
    expect((await core.interactions.get(interaction.id)).state).toBe("done");
    expect((await core.store.getWorker("kw1"))?.presence).toBe("available");
  });

  it("a transfer invitation that ran out while the connector was down runs out when the grace is over", async () => {
    await core.presence.setPresence("kw2", "available", "web-client");
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await core.interactions.accept("kw1", interaction.id, (await core.interactions.get(interaction.id)).offer!.id);
    await core.interactions.act("kw1", interaction.id, "transfer", { to: "kw2" });
    expect((await core.interactions.get(interaction.id)).invite?.stage).toBe("offered");

    await outageThenStart();
    await advance(GRACE * 1000 - 1);
    expect((await core.interactions.get(interaction.id)).invite?.stage).toBe("offered");
    expect((await core.store.getWorker("kw2"))?.presence).toBe("available");
    await advance(1);
    expect(await core.interactions.get(interaction.id)).toMatchObject({ state: "active", worker: "kw1" });
    expect((await core.interactions.get(interaction.id)).invite).toBeUndefined();
    expect(await eventsOf(interaction.id)).toContain("InteractionTimedOut");
  });

  it("a hand-over made in the grace to a worker with no window goes out as an invitation only once the grace is over", async () => {
    await core.presence.setPresence("kw2", "available", "web-client");
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await core.interactions.accept("kw1", interaction.id, (await core.interactions.get(interaction.id)).offer!.id);
    const invited: string[] = [];
    const inviter: OfferInviter = { hasWindow: (w) => w === "kw1", invite: (_i, offer) => void invited.push(offer.id), wasUnseenInvitation: () => true };
    await core.interactions.settled();
    core.interactions.stop();
    core = await core.restart({ inviter });

    await core.interactions.act("kw1", interaction.id, "transfer", { to: "kw2" });
    const offerId = (await core.interactions.get(interaction.id)).invite!.offer.id;
    await advance(GRACE * 1000 - 1);
    expect(invited).toEqual([]);
    await advance(1);
    expect(invited).toEqual([offerId]);
  });

  it("with grace 0, an offer whose deadline passed times out at start (the old behaviour)", async () => {
    const { interaction } = await core.interactions.create({ media: "chat", from: "Pat" });
    await outageThenStart(0);
    await advance(0);
    expect((await core.interactions.get(interaction.id)).state).toBe("queued");
    expect((await core.store.getWorker("kw1"))?.presence).toBe("away");
  });

  it("moves a transfer invitation's deadline and the wrap-up's end, never one that is later", () => {
    const floor = iso(75_000);
    const base = { id: "i1", media: "chat" as const, from: "Pat", subject: "", data: {}, refusedBy: [] as string[], createdAt: iso(0), updatedAt: iso(0) };
    const offer = { id: "o2", worker: "kw2", status: "offered", offeredAt: iso(0), deadline: iso(5_000), extended: false } as const;
    const inviting = { ...base, state: "active", worker: "kw1", invite: { purpose: "transfer", by: "kw1", note: "", toQueue: false, offer, stage: "offered" } } as Interaction;
    expect(withDeadlinesFrom(inviting, floor)?.invite?.offer.deadline).toBe(floor);
    const late = { ...inviting, invite: { ...inviting.invite!, offer: { ...offer, deadline: iso(90_000) } } } as Interaction;
    expect(withDeadlinesFrom(late, floor)).toBeUndefined();
    const wrapping = { ...base, state: "wrap-up", worker: "kw1", wrapUp: { startedAt: iso(0), acw: true, until: iso(10_000) } } as Interaction;
    expect(withDeadlinesFrom(wrapping, floor)?.wrapUp?.until).toBe(floor);
  });
});
