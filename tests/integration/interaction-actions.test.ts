/**
 * Worker controls through real HTTP on a real connector (issue 10): the web client's
 * /api/kw/.../actions/{action} and the integration API's /api/v1/.../actions/{action}, the
 * customer's side of a call, transfers, after-call work, and the bad input each refuses with
 * nothing done.
 */
import { afterEach, describe, expect, it } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { rawRequest, type RawResponse } from "../support/http";
import { api, asCustomer, chat, createOk, events, kw, offersOf, setPresenceAsWorker, signIn, worker } from "../support/interactions";
import { waitFor } from "../support/wait";

let c: Connector;
afterEach(async () => {
  await c?.cleanup();
});

async function start(routing: Record<string, unknown> = {}): Promise<void> {
  const config = demoConfigRaw();
  config.routing = { ...(config.routing ?? {}), ...routing };
  // NOTE: these workers act through the API with no window open; no IM invitations (B7) here.
  config.im = { gateways: [] };
  c = await startConnector({ config });
}

async function available(workerId: string): Promise<string> {
  const cookie = await signIn(c, workerId);
  await setPresenceAsWorker(c, cookie, "available");
  return cookie;
}

async function acceptAs(cookie: string, id: string): Promise<void> {
  const offers = await waitFor(() => offersOf(c, cookie), (list) => list.some((o) => o.interaction.id === id), { what: `an offer of ${id}` });
  const offer = offers.find((o) => o.interaction.id === id)!;
  const res = await kw(c, cookie, "accept", id, { offerId: offer.id });
  expect(res.status, res.text).toBe(200);
}

const act = (cookie: string, id: string, action: string, body?: object) =>
  rawRequest(`${c.url}/api/kw/interactions/${id}/actions/${action}`, { method: "POST", headers: { cookie }, body: body ?? {} });
const apiAct = (id: string, action: string, body: object) => api(c, "POST", `/api/v1/interactions/${id}/actions/${action}`, body);
const getApi = async (id: string) => (await api(c, "GET", `/api/v1/interactions/${id}`)).json;

function expectError(res: RawResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.json.error).toMatchObject({ code, message: expect.any(String) });
}

/** A chat accepted by kw1 (cookie returned) and a call accepted by the worker given. */
async function activeChat(cookie: string): Promise<string> {
  const { id } = await createOk(c, chat("Pat", { worker: "kw1" }));
  await acceptAs(cookie, id);
  return id;
}
async function activeCall(cookie: string, workerId = "kw1"): Promise<string> {
  const { id } = await createOk(c, { media: "voice", from: "Robin", worker: workerId });
  await acceptAs(cookie, id);
  return id;
}

describe("capabilities and 409", () => {
  it("an accepted call is established; every view names what is allowed; anything else is 409 naming it, with nothing done", async () => {
    await start();
    const kw1 = await available("kw1");
    const id = await activeCall(kw1);
    expect(await getApi(id)).toMatchObject({ state: "active", worker: "kw1", call: { state: "established", muted: false }, capabilities: ["hold", "mute", "dtmf", "transfer", "consult", "conference", "release"] });
    const before = (await events(c)).length;
    for (const action of ["retrieve", "unmute", "send", "done", "complete-transfer", "end"]) {
      const res = await act(kw1, id, action, action === "send" ? { text: "hi" } : {});
      expectError(res, 409, "conflict");
      expect(res.json.error.allowed).toEqual(["hold", "mute", "dtmf", "transfer", "consult", "conference", "release"]);
    }
    expect((await events(c)).length).toBe(before);
    const held = await act(kw1, id, "hold");
    expect(held.status, held.text).toBe(200);
    expect(held.json).toMatchObject({ call: { state: "held", heldBy: "worker" }, capabilities: ["retrieve", "mute", "transfer", "consult", "conference", "release"] });
    expectError(await act(kw1, id, "hold"), 409, "conflict");
  });

  it("another worker's interaction is 403 and nothing is done; an unknown one 404; an unknown action 404", async () => {
    await start();
    const kw1 = await available("kw1");
    const kw2 = await signIn(c, "kw2");
    const id = await activeCall(kw1);
    const before = await getApi(id);
    for (const action of ["hold", "release", "mute", "dtmf"]) expectError(await act(kw2, id, action, action === "dtmf" ? { digits: "1" } : {}), 403, "forbidden");
    expectError(await apiAct(id, "hold", { worker: "kw2" }), 403, "forbidden");
    expect(await getApi(id)).toEqual(before);
    expectError(await act(kw1, "no-such-id", "hold"), 404, "not_found");
    expectError(await act(kw1, id, "teleport"), 404, "not_found");
  });
});

describe("bad input", () => {
  it("DTMF outside 0-9 * # A-D is 400; a body field an action does not take is 400", async () => {
    await start();
    const kw1 = await available("kw1");
    const id = await activeCall(kw1);
    for (const digits of ["", "E", "12 3", "x", "1".repeat(33)]) expectError(await act(kw1, id, "dtmf", { digits }), 400, "bad_request");
    expectError(await act(kw1, id, "dtmf", {}), 400, "bad_request");
    expectError(await act(kw1, id, "hold", { now: true }), 400, "bad_request");
    expect((await act(kw1, id, "dtmf", { digits: "0123456789*#ABCD" })).status).toBe(200);
    expect((await events(c)).filter((e) => e.type === "DtmfSent").map((e) => e.reasons)).toEqual([{ digits: "0123456789*#ABCD" }]);
  });

  it("an empty message is 400 and an oversized one 413, through the action and the worker's route", async () => {
    await start();
    const kw1 = await available("kw1");
    const id = await activeChat(kw1);
    expectError(await act(kw1, id, "send", { text: "  " }), 400, "bad_request");
    expectError(await act(kw1, id, "send", { text: "x".repeat(4001) }), 413, "payload_too_large");
    expectError(await kw(c, kw1, "messages", id, { text: "x".repeat(4001) }), 413, "payload_too_large");
    const sent = await act(kw1, id, "send", { id: "client-0001", text: "Hello" });
    const again = await act(kw1, id, "send", { id: "client-0001", text: "Hello" });
    expect([sent.status, again.status]).toEqual([201, 200]);
    const transcript = (await api(c, "GET", `/api/v1/interactions/${id}/messages`)).json as Array<{ text: string }>;
    expect(transcript.filter((m) => m.text === "Hello")).toHaveLength(1);
  });

  it("a transfer to an unknown, offline, full worker or to yourself is 400 and the chat stays with the first", async () => {
    await start({ "max-chats": 1 });
    const kw1 = await available("kw1");
    const kw3 = await available("kw3");
    const id = await activeChat(kw1);
    const { id: busyChat } = await createOk(c, chat("Kim", { worker: "kw3" }));
    await acceptAs(kw3, busyChat);
    const cases: Array<[string, string]> = [
      ["kw9", "not a worker"],
      ["kw2", "not available"],
      ["kw3", "no room"],
      ["kw1", "yourself"],
    ];
    for (const [to, why] of cases) {
      const res = await act(kw1, id, "transfer", { to, note: "x" });
      expectError(res, 400, "bad_request");
      expect(res.json.error.message).toContain(why);
    }
    expectError(await act(kw1, id, "transfer", { to: "queue" }), 400, "bad_request");
    expect(await getApi(id)).toMatchObject({ worker: "kw1", state: "active", capabilities: ["send", "end", "transfer"] });
    expect(await getApi(id)).not.toHaveProperty("invite");
    expect((await events(c)).filter((e) => e.type === "TransferInitiated")).toEqual([]);
  });

  it("a disposition not in the list is 400 and the interaction stays in wrap-up", async () => {
    await start({ dispositions: ["Resolved", "Follow-up"] });
    const kw1 = await available("kw1");
    const id = await activeChat(kw1);
    expect((await act(kw1, id, "end")).status).toBe(200);
    expectError(await act(kw1, id, "done", { disposition: "Other" }), 400, "bad_request");
    expect(await getApi(id)).toMatchObject({ state: "wrap-up", capabilities: ["done"] });
    const done = await act(kw1, id, "done", { disposition: "Follow-up", note: "Call back Monday" });
    expect(done.status, done.text).toBe(200);
    expect(await getApi(id)).toMatchObject({ state: "done", disposition: { code: "Follow-up", note: "Call back Monday" } });
    expect((await events(c)).find((e) => e.type === "Disposition")).toMatchObject({ worker: "kw1", interaction: id, reasons: { code: "Follow-up", note: "Call back Monday" } });
  });
});

describe("the integration API drives both sides", () => {
  it("every worker control is an API call naming the worker; the customer's side answers, holds, retrieves and presses keys", async () => {
    await start();
    const kw1 = await available("kw1");
    const id = await activeCall(kw1);
    expectError(await apiAct(id, "hold", {}), 400, "bad_request");
    expect((await apiAct(id, "mute", { worker: "kw1" })).json).toMatchObject({ id, call: { muted: true }, capabilities: expect.arrayContaining(["unmute"]) });
    expect((await api(c, "POST", `/api/v1/interactions/${id}/call/held`)).json).toMatchObject({ call: { state: "held", heldBy: "customer" }, capabilities: ["unmute", "release"] });
    expectError(await apiAct(id, "retrieve", { worker: "kw1" }), 409, "conflict");
    expect((await api(c, "POST", `/api/v1/interactions/${id}/call/retrieved`)).json).toMatchObject({ call: { state: "established" } });
    expectError(await api(c, "POST", `/api/v1/interactions/${id}/call/dtmf`, { digits: "Z" }), 400, "bad_request");
    expectError(await api(c, "POST", `/api/v1/interactions/${id}/call/answered`), 409, "conflict");
    expectError(await api(c, "POST", `/api/v1/interactions/${id}/call/ring`), 404, "not_found");
    expect((await api(c, "POST", `/api/v1/interactions/${id}/call/dtmf`, { digits: "9#" })).status).toBe(200);
    expect((await api(c, "POST", `/api/v1/interactions/${id}/end`)).json).toMatchObject({ state: "wrap-up", call: { state: "released" }, capabilities: ["done"] });
    const types = (await events(c)).filter((e) => e.interaction === id).map((e) => e.type);
    expect(types).toEqual(["InteractionQueued", "InteractionOffered", "InteractionAccepted", "CallEstablished", "CallMuted", "CallHeld", "CallRetrieved", "DtmfReceived", "InteractionEnded", "CallReleased"]);
  });

  it("typing is passed on, never kept, and a customer token reaches only its own chat", async () => {
    await start();
    const kw1 = await available("kw1");
    const { id, customerToken } = await createOk(c, chat("Pat", { worker: "kw1" }));
    await acceptAs(kw1, id);
    const { id: other } = await createOk(c, chat("Kim"));
    // Each side listens where the other's typing is pushed: the worker's window on its
    // interactions channel, the customer on the chat's own channel.
    const window = await c.bayeux({ cookie: kw1 });
    expect((await window.subscribe("/kw/kw1/interactions")).successful).toBe(true);
    const customer = await c.bayeux({ customerToken });
    expect((await customer.subscribe(`/chat/${id}`)).successful).toBe(true);

    expect((await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/typing`, {})).status).toBe(202);
    const toWorker = await window.waitForMessage("/kw/kw1/interactions", (m) => m.type === "typing");
    expect(toWorker).toEqual({ v: 2, type: "typing", interactionId: id, from: "customer" });
    expect((await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${other}/typing`, {})).status).toBe(403);
    expect((await rawRequest(`${c.url}/api/kw/interactions/${id}/typing`, { method: "POST", headers: { cookie: kw1 }, body: {} })).status).toBe(202);
    const toCustomer = await customer.waitForMessage(`/chat/${id}`, (m) => m.type === "typing");
    expect(toCustomer).toEqual({ v: 2, type: "typing", interactionId: id, from: "worker" });
    expect((await api(c, "GET", `/api/v1/interactions/${id}/messages`)).json.filter((m: { from: string }) => m.from !== "system")).toEqual([]);
  });
});

describe("transfers", () => {
  it("a chat transfer's Preview carries the transcript and note; kw1 keeps it until kw2 accepts", async () => {
    await start();
    const kw1 = await available("kw1");
    const kw2 = await available("kw2");
    const id = await activeChat(kw1);
    await act(kw1, id, "send", { text: "Looking into it" });
    const targets = await rawRequest(`${c.url}/api/kw/interactions/${id}/transfer-targets`, { headers: { cookie: kw1 } });
    expect(targets.json).toEqual([{ id: "kw2", name: "Sam Rivera", presence: "available", free: 3 }]);
    expect((await act(kw1, id, "transfer", { to: "kw2", note: "Billing expert needed" })).json).toMatchObject({ invite: { purpose: "transfer", to: { id: "kw2", name: "Sam Rivera" }, stage: "offered" }, capabilities: ["send", "end", "cancel-transfer"] });
    const [offer] = await offersOf(c, kw2);
    expect(offer).toMatchObject({ interaction: { id }, handover: { purpose: "transfer", by: "Alex Morgan", note: "Billing expert needed" }, messages: expect.arrayContaining([expect.objectContaining({ text: "Looking into it" })]) });
    expect((await worker(c, "kw2")).interactions).toEqual([id]);
    expect((await act(kw1, id, "send", { text: "Still mine" })).status).toBe(201);
    const accepted = await kw(c, kw2, "accept", id, { offerId: offer.id });
    expect(accepted.status, accepted.text).toBe(200);
    expect(await getApi(id)).toMatchObject({ worker: "kw2", state: "active" });
    expectError(await act(kw1, id, "send", { text: "Too late" }), 403, "forbidden");
    expect((await worker(c, "kw1")).interactions).toEqual([]);
  });

  it("an invitation that runs out comes back to the first worker, and the invited one is set Away", async () => {
    await start({ "preview-timeout": 5 });
    const kw1 = await available("kw1");
    await available("kw2");
    const id = await activeCall(kw1);
    expect((await act(kw1, id, "consult", { to: "kw2" })).json).toMatchObject({ call: { state: "held" }, invite: { purpose: "consult" } });
    const back = await waitFor(() => getApi(id), (i) => !i.invite, { what: "the invitation to time out", timeoutMs: 20_000 });
    expect(back).toMatchObject({ worker: "kw1", call: { state: "held", heldBy: "worker" }, capabilities: expect.arrayContaining(["retrieve"]) });
    expect((await worker(c, "kw2")).presence).toBe("away");
    expect((await events(c)).filter((e) => e.interaction === id).map((e) => e.type)).toContain("InteractionTimedOut");
  }, 40_000);
});

describe("after-call work", () => {
  it("the end and After Call Work commit together; Done returns the presence before; their events are reported", async () => {
    await start({ "wrap-up-time": 60 });
    const kw1 = await available("kw1");
    const id = await activeChat(kw1);
    await act(kw1, id, "end");
    expect((await worker(c, "kw1")).presence).toBe("after-call-work");
    const list = await events(c);
    const ended = list.findIndex((e) => e.type === "InteractionEnded");
    expect(list.slice(ended).map((e) => [e.type, e.reasons?.KW_UC_STATUS])).toEqual([
      ["InteractionEnded", undefined],
      ["WrapUpStarted", undefined],
      ["RequestAgentNotReady", "after-call-work"],
    ]);
    // One commit: consecutive sequence numbers, nothing in between.
    expect(list.slice(ended).map((e) => e.seq - list[ended].seq)).toEqual([0, 1, 2]);
    await act(kw1, id, "done");
    expect((await worker(c, "kw1")).presence).toBe("available");
    expect((await events(c)).slice(-2).map((e) => e.type)).toEqual(["InteractionDone", "RequestAgentReady"]);
  });

  it("the wrap-up timer survives a restart and ends after-call work by itself", { timeout: 40_000 }, async () => {
    await start({ "wrap-up-time": 2 });
    const kw1 = await available("kw1");
    const id = await activeChat(kw1);
    await act(kw1, id, "end");
    c = await c.restart();
    const done = await waitFor(() => getApi(id), (i) => i.state === "done", { what: "the wrap-up time to run out", timeoutMs: 20_000 });
    expect(done.state).toBe("done");
    expect((await worker(c, "kw1")).presence).toBe("available");
  });
});
