/**
 * The interaction service's offer timers on a real SQLite store with fake timers and Date:
 * timeouts at the deadline (not before, not later), presence after a timeout, extend, and a
 * restart (a new service on the same store) that keeps every open offer's original deadline.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { channelOf } from "../../lib/bayeux/channels";
import { createConnectorCore } from "../../lib/connector/core";
import type { InteractionService } from "../../lib/connector/interactions";
import type { Clock, Topic } from "../../lib/connector/ports";
import type { PresenceService } from "../../lib/connector/presence-service";
import { DEFAULT_PRESENCE_MAPPING, type SelectablePresence } from "../../lib/domain/presence";
import { createLogger } from "../../lib/observability/logger";
import { createMetrics } from "../../lib/observability/metrics";
import type { PushMessage } from "../../lib/protocol";
import { openSqliteStore } from "../../lib/store/sqlite-store";
import type { Store } from "../../lib/store/store";
import { advanceAndSettle } from "../support/fake-time";

const T0 = Date.parse("2024-05-06T09:00:00.000Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const TIMEOUT = 5_000;

let dir: string;
let store: Store;
let published: Array<[string, PushMessage]>;
/** How far the connector's clock lags behind the (fake) machine time, to model a timer firing early. */
let lagMs: number;
const clock: Clock = { now: () => new Date(Date.now() - lagMs) };
const services: InteractionService[] = [];

interface Running {
  svc: InteractionService;
  presence: PresenceService;
}

async function startService(options: { presenceAfterTimeout?: SelectablePresence | "none"; maxChats?: number } = {}): Promise<Running> {
  // Pushes are recorded by the Bayeux channel their topic maps to, as a browser would see them.
  const notifier = { publish: (topic: Topic, message: PushMessage) => void published.push([channelOf(topic), message]) };
  const core = createConnectorCore({
    store,
    notifier,
    clock,
    logger: createLogger("silent"),
    metrics: createMetrics(),
    mapping: DEFAULT_PRESENCE_MAPPING,
    syncMode: "two-way",
    policy: { maxChats: options.maxChats ?? 3 },
    previewTimeoutMs: TIMEOUT,
    presenceAfterTimeout: options.presenceAfterTimeout ?? "away",
  });
  services.push(core.interactions);
  await core.interactions.start();
  return { svc: core.interactions, presence: core.presence };
}

const advance = advanceAndSettle;

const typesFor = async (id: string) => (await store.listEvents(0, 1000)).filter((e) => e.interaction === id).map((e) => [e.type, e.worker, e.at]);

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  vi.setSystemTime(new Date(T0));
  lagMs = 0;
  published = [];
  dir = mkdtempSync(path.join(os.tmpdir(), "ucc-isvc-"));
  store = openSqliteStore(path.join(dir, "connector.sqlite"));
  await store.syncWorkers(
    [
      { id: "kw1", name: "Alex" },
      { id: "kw2", name: "Sam" },
    ],
    iso(-60_000),
  );
});

afterEach(async () => {
  for (const svc of services.splice(0)) svc.stop();
  vi.useRealTimers();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** kw1 made available at T0-2s, kw2 at T0-1s: kw1 is the longer idle. */
async function twoAvailable(presence: PresenceService): Promise<void> {
  vi.setSystemTime(new Date(T0 - 2000));
  await presence.setPresence("kw1", "available", "web-client");
  vi.setSystemTime(new Date(T0 - 1000));
  await presence.setPresence("kw2", "available", "web-client");
  vi.setSystemTime(new Date(T0));
}

describe("offer timeout", () => {
  it("times out at the deadline, not a millisecond before: event, offer-closed, worker away, offered to the next", async () => {
    const { svc, presence } = await startService();
    await twoAvailable(presence);
    await svc.settled();
    const { interaction } = await svc.create({ media: "chat", from: "Pat" });
    await svc.settled();
    const offered = await svc.get(interaction.id);
    expect(offered).toMatchObject({ state: "offered", worker: "kw1", offer: { deadline: iso(TIMEOUT) } });
    const offerId = offered.offer!.id;

    await advance(TIMEOUT - 1, svc);
    expect((await svc.get(interaction.id)).offer?.id).toBe(offerId);

    await advance(1, svc);
    const next = await svc.get(interaction.id);
    expect(next).toMatchObject({ state: "offered", worker: "kw2", refusedBy: ["kw1"] });
    expect(await typesFor(interaction.id)).toEqual([
      ["InteractionQueued", undefined, iso(0)],
      ["InteractionOffered", "kw1", iso(0)],
      ["InteractionTimedOut", "kw1", iso(TIMEOUT)],
      ["InteractionOffered", "kw2", iso(TIMEOUT)],
    ]);
    expect((await store.getWorker("kw1"))?.presence).toBe("away");
    const awayEvent = (await store.listEvents(0, 1000)).find((e) => e.worker === "kw1" && e.reasons?.KW_UC_STATUS === "away");
    expect(awayEvent).toMatchObject({ type: "RequestAgentNotReady", at: iso(TIMEOUT) });
    expect(published).toContainEqual(["/kw/kw1/offers", { v: 2, type: "offer-closed", offerId, interactionId: interaction.id, outcome: "timed-out" }]);
    expect(published.filter(([ch, m]) => ch === "/kw/kw2/offers" && m.type === "offer")).toHaveLength(1);
  });

  it.each<[SelectablePresence | "none", string]>([
    ["none", "available"],
    ["busy", "busy"],
  ])("presence-after-timeout %s leaves the worker %s", async (setting, expected) => {
    const { svc, presence } = await startService({ presenceAfterTimeout: setting });
    await presence.setPresence("kw1", "available", "web-client");
    const { interaction } = await svc.create({ media: "chat", from: "Pat" });
    await svc.settled();
    await advance(TIMEOUT, svc);
    expect((await store.getWorker("kw1"))?.presence).toBe(expected);
    // kw1 refused it by letting it run out, so it waits for someone else.
    expect((await svc.get(interaction.id)).state).toBe("queued");
  });

  it("extend moves the timer to the new deadline; a second extend is a conflict", async () => {
    const { svc, presence } = await startService();
    await presence.setPresence("kw1", "available", "web-client");
    const { interaction } = await svc.create({ media: "chat", from: "Pat" });
    await svc.settled();
    const offerId = (await svc.get(interaction.id)).offer!.id;
    await advance(3000, svc);
    const extended = await svc.extendOffer("kw1", interaction.id, offerId);
    expect(extended.offer).toMatchObject({ deadline: iso(2 * TIMEOUT), extended: true });
    expect(published.at(-1)).toEqual(["/kw/kw1/offers", { v: 2, type: "offer-extended", offerId, interactionId: interaction.id, deadline: iso(2 * TIMEOUT), serverTime: iso(3000) }]);
    await expect(svc.extendOffer("kw1", interaction.id, offerId)).rejects.toMatchObject({ code: "conflict" });

    await advance(TIMEOUT - 3000, svc); // the original deadline passes
    expect((await svc.get(interaction.id)).state).toBe("offered");
    await advance(TIMEOUT - 1, svc);
    expect((await svc.get(interaction.id)).state).toBe("offered");
    await advance(1, svc);
    expect((await svc.get(interaction.id)).state).toBe("queued");
    expect((await typesFor(interaction.id)).at(-1)).toEqual(["InteractionTimedOut", "kw1", iso(2 * TIMEOUT)]);
  });

  it("an accepted offer's timer does nothing when its time comes", async () => {
    const { svc, presence } = await startService();
    await presence.setPresence("kw1", "available", "web-client");
    const { interaction } = await svc.create({ media: "chat", from: "Pat" });
    await svc.settled();
    await svc.accept("kw1", interaction.id, (await svc.get(interaction.id)).offer!.id);
    await advance(TIMEOUT * 3, svc);
    expect((await svc.get(interaction.id)).state).toBe("active");
    expect((await store.getWorker("kw1"))?.presence).toBe("available");
    expect((await typesFor(interaction.id)).map(([type]) => type)).toEqual(["InteractionQueued", "InteractionOffered", "InteractionAccepted"]);
  });

  // Regression: Node timers can fire a millisecond or two before Date.now() reaches the deadline
  // (measured: about 1 in 150 timers). The offer must still time out, not stay open for good.
  // This models that early firing with a clock 2 ms behind.
  it("a timer that fires a little early (by the clock) still times the offer out", async () => {
    const { svc, presence } = await startService();
    await presence.setPresence("kw1", "available", "web-client");
    await presence.setPresence("kw2", "available", "web-client");
    const { interaction } = await svc.create({ media: "chat", from: "Pat" });
    await svc.settled();
    expect((await svc.get(interaction.id)).state).toBe("offered");
    lagMs = 2; // at the moment the timer fires, the clock reads deadline - 2 ms
    await advance(TIMEOUT, svc);
    lagMs = 0;
    await advance(60_000, svc);
    const after = await svc.get(interaction.id);
    expect(after.refusedBy).toContain("kw1");
    expect(after.offer?.worker).not.toBe("kw1");
  });
});

describe("restart (a new service on the same store)", () => {
  it("keeps the open offer with its deadline, re-announces nothing new, and times it out at the original deadline", async () => {
    const first = await startService();
    await twoAvailable(first.presence);
    const a = await first.svc.create({ media: "chat", from: "A" });
    const b = await first.svc.create({ media: "chat", from: "B" });
    const c = await first.svc.create({ media: "voice", from: "C" });
    await first.svc.settled();
    const before = await Promise.all([a, b, c].map((x) => first.svc.get(x.interaction.id)));
    expect(before.map((i) => [i.state, i.worker])).toEqual([
      ["offered", "kw1"],
      ["offered", "kw2"],
      ["queued", undefined], // a call needs a worker with nothing else
    ]);
    const eventsBefore = await store.listEvents(0, 1000);

    await advance(2000, first.svc);
    first.svc.stop(); // the process dies: its timers are gone, the store stays

    const second = await startService();
    expect(await store.listEvents(0, 1000)).toEqual(eventsBefore);
    const after = await Promise.all([a, b, c].map((x) => second.svc.get(x.interaction.id)));
    expect(after.map((i) => i.offer)).toEqual(before.map((i) => i.offer));
    expect((await second.svc.offersFor("kw1")).map((o) => [o.id, o.deadline])).toEqual([[before[0].offer!.id, iso(TIMEOUT)]]);
    expect(await second.svc.idsHeldBy("kw2")).toEqual([b.interaction.id]);

    await advance(TIMEOUT - 2000 - 1, second.svc);
    expect((await second.svc.get(a.interaction.id)).state).toBe("offered");
    await advance(1, second.svc);
    const timedOut = (await store.listEvents(0, 1000)).filter((e) => e.type === "InteractionTimedOut");
    expect(timedOut.map((e) => [e.interaction, e.worker, e.at])).toEqual([
      [a.interaction.id, "kw1", iso(TIMEOUT)],
      [b.interaction.id, "kw2", iso(TIMEOUT)],
    ]);
  });

  it("an offer whose deadline passed while the connector was down times out at start", async () => {
    const first = await startService();
    await first.presence.setPresence("kw1", "available", "web-client");
    const a = await first.svc.create({ media: "chat", from: "A" });
    await first.svc.settled();
    first.svc.stop();
    vi.setSystemTime(new Date(T0 + 60_000));

    const second = await startService();
    await advance(0, second.svc);
    expect(await second.svc.get(a.interaction.id)).toMatchObject({ state: "queued", refusedBy: ["kw1"] });
    expect((await typesFor(a.interaction.id)).at(-1)).toEqual(["InteractionTimedOut", "kw1", iso(60_000)]);
    expect((await store.getWorker("kw1"))?.presence).toBe("away");
  });

  it("capacity counts survive: a full worker is not offered more after the restart", async () => {
    const first = await startService({ maxChats: 1 });
    await first.presence.setPresence("kw1", "available", "web-client");
    const a = await first.svc.create({ media: "chat", from: "A" });
    await first.svc.settled();
    await first.svc.accept("kw1", a.interaction.id, (await first.svc.get(a.interaction.id)).offer!.id);
    const b = await first.svc.create({ media: "chat", from: "B" });
    await first.svc.settled();
    first.svc.stop();

    const second = await startService({ maxChats: 1 });
    await advance(TIMEOUT * 2, second.svc);
    expect((await second.svc.get(b.interaction.id)).state).toBe("queued");
    await second.svc.end(a.interaction.id, { worker: "kw1" });
    await second.svc.finish("kw1", a.interaction.id);
    await second.svc.settled();
    expect(await second.svc.get(b.interaction.id)).toMatchObject({ state: "offered", worker: "kw1" });
  });
});
