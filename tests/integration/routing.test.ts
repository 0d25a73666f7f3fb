/**
 * Embedded routing and the Preview end to end (B4-B6, issue 3): offers over Bayeux to the
 * longest-idle Ready worker, reject and re-offer, accept (every window closes the Preview, the
 * customer sees who joined), 409s that change nothing, external routing, capacity, and the
 * preview timeout (5 s, the schema minimum) with the presence it leaves behind.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { BayeuxClient } from "../support/bayeux";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import type { RawResponse } from "../support/http";
import {
  answer,
  chat,
  createOk,
  getInteraction,
  interactionEvents,
  kw,
  offersOf,
  setPresenceAsWorker,
  signIn,
  type OfferViewJson,
} from "../support/interactions";
import { sleep, waitFor } from "../support/wait";

let c: Connector | undefined;
afterEach(async () => {
  await c?.cleanup();
  c = undefined;
});

async function start(routing: Record<string, unknown> = {}): Promise<Connector> {
  await c?.cleanup(); // a retried attempt starts afresh
  const raw = demoConfigRaw();
  raw.routing = routing;
  c = await startConnector({ config: raw });
  return c;
}

interface Kw {
  id: string;
  cookie: string;
  /** A web client window subscribed to the worker's offers. */
  window: BayeuxClient;
  offers: string;
}

/** Signs in, opens a window on /kw/{id}/offers and sets Available (in that order). */
async function readyWorker(conn: Connector, id: string): Promise<Kw> {
  const cookie = await signIn(conn, id);
  const window = await conn.bayeux({ cookie });
  const offers = `/kw/${id}/offers`;
  expect((await window.subscribe(offers)).successful).toBe(true);
  await setPresenceAsWorker(conn, cookie, "available");
  // NOTE: idle times are kept to the millisecond; keep the next worker's apart from this one's.
  await sleep(5);
  return { id, cookie, window, offers };
}

const offerPushFor = (k: Kw, interactionId: string, timeoutMs = 15_000) =>
  k.window.waitForMessage(k.offers, (m) => m.type === "offer" && m.offer.interaction.id === interactionId, timeoutMs).then((m) => m.offer as OfferViewJson);

const offerPushes = (k: Kw, interactionId: string) =>
  (k.window.messagesOn(k.offers) as any[]).filter((m) => m.type === "offer" && m.offer.interaction.id === interactionId);

function expectConflict(res: RawResponse, message?: RegExp): void {
  expect(res.status, res.text).toBe(409);
  expect(res.json.error.code).toBe("conflict");
  if (message) expect(res.json.error.message).toMatch(message);
}

describe("offers go to the longest-idle Available worker", () => {
  it("offer over Bayeux with the interaction's data; reject hands it to the next; everybody refused -> queued; Available again -> offered again", async () => {
    const conn = await start();
    const kw2 = await readyWorker(conn, "kw2"); // Available first: idle the longest
    const kw1 = await readyWorker(conn, "kw1");
    const { id } = await createOk(conn, chat("Pat Doe", { subject: "Billing", data: { account: "42", tier: "gold" } }));

    const offer = await offerPushFor(kw2, id);
    expect(offer).toEqual({
      id: expect.any(String),
      interaction: { id, media: "chat", from: "Pat Doe", subject: "Billing", data: { account: "42", tier: "gold" } },
      offeredAt: expect.any(String),
      deadline: expect.any(String),
      serverTime: expect.any(String),
      timeoutMs: 20_000,
      extended: false,
      presenceAfterTimeout: "away",
    });
    expect(Date.parse(offer.deadline) - Date.parse(offer.offeredAt)).toBe(20_000);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "offered", worker: "kw2" });
    expect((await conn.worker("kw2")).interactions).toEqual([id]);
    expect(await offersOf(conn, kw2.cookie)).toEqual([{ ...offer, serverTime: expect.any(String) }]);
    expect(await offersOf(conn, kw1.cookie)).toEqual([]);
    expect(await interactionEvents(conn, id)).toEqual([
      ["InteractionQueued", undefined],
      ["InteractionOffered", "kw2"],
    ]);

    // kw2 rejects: the Preview closes and the next worker (kw1) is offered it.
    const rejected = await answer(conn, kw2.cookie, "reject", offer);
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.json).toMatchObject({ id, state: "queued" });
    await kw2.window.waitForMessage(kw2.offers, (m) => m.type === "offer-closed");
    expect(kw2.window.messagesOn(kw2.offers).at(-1)).toEqual({ v: 2, type: "offer-closed", offerId: offer.id, interactionId: id, outcome: "rejected" });
    const second = await offerPushFor(kw1, id);
    expect(second.id).not.toBe(offer.id);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "offered", worker: "kw1" });
    expect((await conn.worker("kw2")).interactions).toEqual([]);

    // kw1 rejects too: everybody refused, it waits in the queue.
    expect((await answer(conn, kw1.cookie, "reject", second)).status).toBe(200);
    await conn.settled();
    expect(await getInteraction(conn, id)).toMatchObject({ state: "queued", worker: null });
    expect(offerPushes(kw1, id)).toHaveLength(1);
    expect(offerPushes(kw2, id)).toHaveLength(1);
    expect(await interactionEvents(conn, id)).toEqual([
      ["InteractionQueued", undefined],
      ["InteractionOffered", "kw2"],
      ["InteractionRejected", "kw2"],
      ["InteractionOffered", "kw1"],
      ["InteractionRejected", "kw1"],
    ]);

    // kw1 becomes Available again (Busy, then Available): it is offered the waiting chat again.
    await presenceOf(conn, kw1, "busy");
    await conn.settled();
    expect(await getInteraction(conn, id)).toMatchObject({ state: "queued" });
    await presenceOf(conn, kw1, "available");
    const third = await waitFor(() => offerPushes(kw1, id), (list) => list.length === 2, { what: "a second offer to kw1" });
    expect(third[1].offer.id).not.toBe(second.id);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "offered", worker: "kw1" });
    expect((await interactionEvents(conn, id)).at(-1)).toEqual(["InteractionOffered", "kw1"]);
    expect(offerPushes(kw2, id)).toHaveLength(1);
  });

  it("a worker who is not Available is not offered anything", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    await presenceOf(conn, kw1, "dnd");
    const { id } = await createOk(conn, chat("Pat"));
    await conn.settled();
    expect(await getInteraction(conn, id)).toMatchObject({ state: "queued", worker: null });
    expect(kw1.window.messagesOn(kw1.offers)).toEqual([]);
    await presenceOf(conn, kw1, "available");
    await offerPushFor(kw1, id);
  });
});

async function presenceOf(conn: Connector, k: Kw, presence: string): Promise<void> {
  await setPresenceAsWorker(conn, k.cookie, presence);
}

describe("accept", () => {
  it("-> active; every window of the worker closes the Preview; the customer sees who joined; a second accept or a reject is 409 and changes nothing", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    const second = await conn.bayeux({ cookie: kw1.cookie }); // another window of kw1
    expect((await second.subscribe(kw1.offers)).successful).toBe(true);
    const { id, customerToken } = await createOk(conn, chat("Pat", { subject: "Order" }));
    const customer = await conn.bayeux({ customerToken });
    expect((await customer.subscribe(`/chat/${id}`)).successful).toBe(true);

    const offer = await offerPushFor(kw1, id);
    const inSecond = await second.waitForMessage(kw1.offers, (m) => m.type === "offer");
    expect(inSecond.offer.id).toBe(offer.id);

    const res = await answer(conn, kw1.cookie, "accept", offer);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ id, state: "active", media: "chat", from: "Pat", subject: "Order" });
    const closed = { v: 2, type: "offer-closed", offerId: offer.id, interactionId: id, outcome: "accepted" };
    expect(await kw1.window.waitForMessage(kw1.offers, (m) => m.type === "offer-closed")).toEqual(closed);
    expect(await second.waitForMessage(kw1.offers, (m) => m.type === "offer-closed")).toEqual(closed);
    const joined = await customer.waitForMessage(`/chat/${id}`, (m) => m.type === "chat" && m.chat.state === "active");
    expect(joined).toEqual({ v: 2, type: "chat", chat: { id, state: "active", subject: "Order", from: "Pat", workerName: "Alex Morgan" } });
    expect(await getInteraction(conn, id)).toMatchObject({ state: "active", worker: "kw1" });
    expect(await interactionEvents(conn, id)).toEqual([
      ["InteractionQueued", undefined],
      ["InteractionOffered", "kw1"],
      ["InteractionAccepted", "kw1"],
    ]);
    expect(await offersOf(conn, kw1.cookie)).toEqual([]);

    const eventsBefore = await conn.events();
    expectConflict(await answer(conn, kw1.cookie, "accept", offer));
    expectConflict(await answer(conn, kw1.cookie, "reject", offer));
    expectConflict(await answer(conn, kw1.cookie, "extend", offer));
    expect(await getInteraction(conn, id)).toMatchObject({ state: "active", worker: "kw1" });
    expect(await conn.events()).toEqual(eventsBefore);
  });

  it("accepting an offer that went to someone else is 409 ('someone else') and changes nothing", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    const kw2 = await readyWorker(conn, "kw2");
    const { id } = await createOk(conn, chat("Pat"));
    const offer = await offerPushFor(kw1, id);
    const eventsBefore = await conn.events();

    expectConflict(await answer(conn, kw2.cookie, "accept", offer), /someone else/);
    expectConflict(await answer(conn, kw2.cookie, "reject", offer), /someone else/);
    expectConflict(await answer(conn, kw1.cookie, "accept", { ...offer, id: "o-made-up" }));
    expect(await getInteraction(conn, id)).toMatchObject({ state: "offered", worker: "kw1" });
    expect(await conn.events()).toEqual(eventsBefore);
    expect(kw2.window.messagesOn(kw2.offers)).toEqual([]);
    // Still kw1's to take.
    expect((await answer(conn, kw1.cookie, "accept", offer)).status).toBe(200);
  });

  it("two windows accepting at once: exactly one wins, the other gets 409", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    const otherCookie = await signIn(conn, "kw1");
    const { id } = await createOk(conn, chat("Pat"));
    const offer = await offerPushFor(kw1, id);
    const results = await Promise.all([answer(conn, kw1.cookie, "accept", offer), answer(conn, otherCookie, "accept", offer)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await interactionEvents(conn, id)).filter(([t]) => t === "InteractionAccepted")).toHaveLength(1);
  });

  it("extend once over HTTP: the deadline moves by the preview timeout, every window hears it; twice is 409", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    const { id } = await createOk(conn, chat("Pat"));
    const offer = await offerPushFor(kw1, id);
    const res = await answer(conn, kw1.cookie, "extend", offer);
    expect(res.status, res.text).toBe(200);
    const pushed = await kw1.window.waitForMessage(kw1.offers, (m) => m.type === "offer-extended");
    expect(Date.parse(pushed.deadline) - Date.parse(offer.deadline)).toBe(20_000);
    expect((await offersOf(conn, kw1.cookie))[0]).toMatchObject({ id: offer.id, deadline: pushed.deadline, extended: true });
    expectConflict(await answer(conn, kw1.cookie, "extend", offer), /already/);
  });

  it("the customer leaving while the chat is offered withdraws the Preview (InteractionAbandoned)", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    const { id, customerToken } = await createOk(conn, chat("Pat"));
    const offer = await offerPushFor(kw1, id);
    const res = await conn.request(`/api/v1/interactions/${id}/end`, { method: "POST", headers: { authorization: `Bearer ${customerToken}` }, body: {} });
    expect(res.status).toBe(200);
    const closed = await kw1.window.waitForMessage(kw1.offers, (m) => m.type === "offer-closed");
    expect(closed).toMatchObject({ offerId: offer.id, outcome: "withdrawn" });
    expect(await getInteraction(conn, id)).toMatchObject({ state: "abandoned" });
    expect((await interactionEvents(conn, id)).at(-1)).toEqual(["InteractionAbandoned", "kw1"]);
    expectConflict(await answer(conn, kw1.cookie, "accept", offer));
    expect((await conn.worker("kw1")).interactions).toEqual([]);
  });
});

describe("external routing (worker given)", () => {
  it("offers only that worker even when another is idler; its reject returns it to the queue with an event, not to anyone else", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1"); // idle the longest
    const kw2 = await readyWorker(conn, "kw2");
    const { id } = await createOk(conn, chat("Pat", { worker: "kw2" }));
    const offer = await offerPushFor(kw2, id);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "offered", worker: "kw2" });
    expect((await interactionEvents(conn, id)).map(([t, w]) => [t, w])).toEqual([
      ["InteractionQueued", "kw2"],
      ["InteractionOffered", "kw2"],
    ]);

    expect((await answer(conn, kw2.cookie, "reject", offer)).status).toBe(200);
    await conn.settled();
    expect(await getInteraction(conn, id)).toMatchObject({ state: "queued", worker: null });
    expect((await interactionEvents(conn, id)).at(-1)).toEqual(["InteractionRejected", "kw2"]);
    expect(kw1.window.messagesOn(kw1.offers)).toEqual([]);
    expect(await offersOf(conn, kw1.cookie)).toEqual([]);

    // An unrouted chat created now still goes to kw1: the routed one does not block the queue.
    const other = await createOk(conn, chat("Quinn"));
    await offerPushFor(kw1, other.id);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "queued" });
  });

  it("the external router sends a refused interaction to another worker with PUT /worker; bad requests change nothing", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    const kw2 = await readyWorker(conn, "kw2");
    const { id } = await createOk(conn, chat("Pat", { worker: "kw2" }));
    expect((await answer(conn, kw2.cookie, "reject", await offerPushFor(kw2, id))).status).toBe(200);
    await waitFor(() => getInteraction(conn, id), (i) => i.state === "queued", { what: "the rejected chat back in the queue" });

    const unknown = await conn.api("PUT", `/api/v1/interactions/${id}/worker`, { worker: "nobody" });
    expect(unknown.status).toBe(404);
    const missing = await conn.api("PUT", `/api/v1/interactions/${id}/worker`, {});
    expect(missing.status).toBe(400);
    expect(kw1.window.messagesOn(kw1.offers)).toEqual([]);

    const routed = await conn.api("PUT", `/api/v1/interactions/${id}/worker`, { worker: "kw1" });
    expect(routed.status, routed.text).toBe(200);
    const offer = await offerPushFor(kw1, id);
    expect((await interactionEvents(conn, id)).slice(-2).map(([t, w]) => [t, w])).toEqual([
      ["InteractionRouted", "kw1"],
      ["InteractionOffered", "kw1"],
    ]);
    // Only a queued interaction can be routed: an offered one is 409.
    const busy = await conn.api("PUT", `/api/v1/interactions/${id}/worker`, { worker: "kw2" });
    expect(busy.status).toBe(409);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "offered", worker: "kw1" });
    expect(offer.interaction.id).toBe(id);
  });

  it("routed to a worker who is not Available, it waits and is not offered to anyone else", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    const { id } = await createOk(conn, chat("Pat", { worker: "kw3" }));
    await conn.settled();
    expect(await getInteraction(conn, id)).toMatchObject({ state: "queued", worker: null });
    expect(kw1.window.messagesOn(kw1.offers)).toEqual([]);
    const kw3 = await readyWorker(conn, "kw3");
    await offerPushFor(kw3, id);
    expect(kw1.window.messagesOn(kw1.offers)).toEqual([]);
  });
});

describe("capacity", () => {
  it("max-chats 1: a second chat waits queued until the first is ended and done", async () => {
    const conn = await start({ "max-chats": 1 });
    const kw1 = await readyWorker(conn, "kw1");
    const first = await createOk(conn, chat("A"));
    const second = await createOk(conn, chat("B"));
    const offer = await offerPushFor(kw1, first.id);
    await conn.settled();
    expect(await getInteraction(conn, second.id)).toMatchObject({ state: "queued" }); // an open offer takes capacity too
    expect((await answer(conn, kw1.cookie, "accept", offer)).status).toBe(200);
    await conn.settled();
    expect(await getInteraction(conn, second.id)).toMatchObject({ state: "queued" });
    expect((await kw(conn, kw1.cookie, "end", first.id)).status).toBe(200);
    await conn.settled();
    expect(await getInteraction(conn, second.id)).toMatchObject({ state: "queued" }); // wrap-up holds it too
    expect(offerPushes(kw1, second.id)).toEqual([]);
    expect((await kw(conn, kw1.cookie, "done", first.id)).status).toBe(200);
    await offerPushFor(kw1, second.id);
    expect(await getInteraction(conn, second.id)).toMatchObject({ state: "offered", worker: "kw1" });
  });

  it("default max-chats 3: a fourth chat waits; a worker on a call gets nothing; a call needs a worker with nothing", async () => {
    const conn = await start();
    const kw1 = await readyWorker(conn, "kw1");
    const chats = [];
    for (const from of ["A", "B", "C", "D"]) chats.push(await createOk(conn, chat(from)));
    for (const x of chats.slice(0, 3)) await offerPushFor(kw1, x.id);
    const call = await createOk(conn, { media: "voice", from: "+15550001" });
    await conn.settled();
    expect(await getInteraction(conn, chats[3].id)).toMatchObject({ state: "queued" });
    expect(await getInteraction(conn, call.id)).toMatchObject({ state: "queued" });
    expect((await conn.worker("kw1")).interactions).toHaveLength(3);

    // kw2 comes: the oldest waiting one (chat D) is offered first, then nothing (a call needs zero load).
    const kw2 = await readyWorker(conn, "kw2");
    const offerD = await offerPushFor(kw2, chats[3].id);
    await conn.settled();
    expect(await getInteraction(conn, call.id)).toMatchObject({ state: "queued" });
    expect((await answer(conn, kw2.cookie, "reject", offerD)).status).toBe(200);
    const callOffer = await offerPushFor(kw2, call.id);
    expect((await answer(conn, kw2.cookie, "accept", callOffer)).status).toBe(200);
    const e = await createOk(conn, chat("E"));
    await conn.settled();
    expect(await getInteraction(conn, e.id)).toMatchObject({ state: "queued" });
    expect(offerPushes(kw2, e.id)).toEqual([]);
  });
});

describe("preview timeout (5 s)", () => {
  it("times out: InteractionTimedOut, the worker set Away (RequestAgentNotReady away), offered to the next; accepting afterwards is 409", async () => {
    const conn = await start({ "preview-timeout": 5 });
    const kw1 = await readyWorker(conn, "kw1");
    const kw2 = await readyWorker(conn, "kw2");
    const presence1 = "/kw/kw1/presence";
    expect((await kw1.window.subscribe(presence1)).successful).toBe(true);
    const { id } = await createOk(conn, chat("Pat"));
    const offer = await offerPushFor(kw1, id);
    expect(offer).toMatchObject({ timeoutMs: 5_000, presenceAfterTimeout: "away" });

    await waitFor(() => getInteraction(conn, id), (i) => i.worker === "kw2", { timeoutMs: 15_000, what: "the timed-out chat to be offered to kw2" });
    const closed = await kw1.window.waitForMessage(kw1.offers, (m) => m.type === "offer-closed");
    expect(closed).toEqual({ v: 2, type: "offer-closed", offerId: offer.id, interactionId: id, outcome: "timed-out" });
    const next = await offerPushFor(kw2, id);
    expect(next.id).not.toBe(offer.id);
    expect(await getInteraction(conn, id)).toMatchObject({ state: "offered", worker: "kw2" });

    const all = await conn.events();
    const timedOut = all.find((e) => e.type === "InteractionTimedOut");
    expect(timedOut).toMatchObject({ worker: "kw1", interaction: id });
    // Not before its deadline, by the connector's own clock (how late, the benchmark's business).
    expect(Date.parse(timedOut!.at)).toBeGreaterThanOrEqual(Date.parse(offer.deadline));
    const away = all.filter((e) => e.worker === "kw1" && e.seq > timedOut!.seq && e.type.startsWith("RequestAgent"));
    expect(away.map((e) => [e.type, e.reasons])).toEqual([["RequestAgentNotReady", { KW_UC_STATUS: "away" }]]);
    expect((await conn.worker("kw1")).presence).toBe("away");
    expect(await kw1.window.waitForMessage(presence1, (m) => m.presence === "away")).toMatchObject({ type: "presence", presence: "away" });
    expect(await interactionEvents(conn, id)).toEqual([
      ["InteractionQueued", undefined],
      ["InteractionOffered", "kw1"],
      ["InteractionTimedOut", "kw1"],
      ["InteractionOffered", "kw2"],
    ]);

    const eventsBefore = await conn.events();
    expectConflict(await answer(conn, kw1.cookie, "accept", offer));
    expect(await getInteraction(conn, id)).toMatchObject({ state: "offered", worker: "kw2" });
    expect(await conn.events()).toEqual(eventsBefore);
    expect((await answer(conn, kw2.cookie, "accept", next)).status).toBe(200);
  });
});
