/**
 * The integration API's interaction calls and the customer's side (issue 3), through real HTTP
 * and Bayeux: create validation (nothing created on a refusal), GET per the contract, customer
 * tokens and chat messages, the public web chat start, and the /chat/{id} channel policy.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HandshakeRefused } from "../support/bayeux";
import { startConnector, type Connector } from "../support/harness";
import type { RawResponse } from "../support/http";
import { asCustomer, chat, create, createOk, getInteraction, kw, kwInteractions, offersOf, signIn, setPresenceAsWorker } from "../support/interactions";
import { sleep, waitFor } from "../support/wait";

let c: Connector;
beforeEach(async () => {
  c = await startConnector();
});
afterEach(async () => {
  await c.cleanup();
});

function expectError(res: RawResponse, status: number, code: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.json).toEqual({ error: { code, message: expect.any(String) } });
  expect(res.json.error.message.length).toBeGreaterThan(0);
}

/** Nothing was created: no reporting event, no open interaction in the store. */
async function expectNothingCreated(): Promise<void> {
  expect(await c.events()).toEqual([]);
  expect(await c.app.deps.store.listOpenInteractions()).toEqual([]);
}

/** Signs the worker in and makes it Available; resolves with its cookie. */
async function available(workerId: string): Promise<string> {
  const cookie = await signIn(c, workerId);
  await setPresenceAsWorker(c, cookie, "available");
  return cookie;
}

/** Waits for the worker's one open offer of `id` and accepts it. */
async function acceptAs(cookie: string, id: string): Promise<void> {
  const [offer] = await waitFor(() => offersOf(c, cookie), (list) => list.some((o) => o.interaction.id === id), { what: `an offer of ${id}` });
  const res = await kw(c, cookie, "accept", id, { offerId: offer.id });
  expect(res.status, res.text).toBe(200);
}

const many = (n: number, key = (i: number) => `k${i}`, value = () => "v") => Object.fromEntries(Array.from({ length: n }, (_, i) => [key(i), value()]));

describe("POST /api/v1/interactions: bad input creates nothing", () => {
  it.each<[string, unknown, number, string]>([
    ["unknown media", { media: "fax", from: "Pat" }, 400, "bad_request"],
    ["media missing", { from: "Pat" }, 400, "bad_request"],
    ["from missing", { media: "chat" }, 400, "bad_request"],
    ["from empty", { media: "chat", from: "" }, 400, "bad_request"],
    ["from only spaces", { media: "chat", from: "   " }, 400, "bad_request"],
    ["from not a string", { media: "chat", from: 42 }, 400, "bad_request"],
    ["subject over 256 characters", { media: "chat", from: "Pat", subject: "s".repeat(257) }, 400, "bad_request"],
    ["an unknown field", { media: "chat", from: "Pat", priority: 1 }, 400, "bad_request"],
    ["a worker that does not exist", { media: "chat", from: "Pat", worker: "kw9" }, 404, "not_found"],
    ["data nested", { media: "chat", from: "Pat", data: { a: { b: "c" } } }, 400, "bad_request"],
    ["data with a number", { media: "chat", from: "Pat", data: { a: 1 } }, 400, "bad_request"],
    ["data with a boolean", { media: "chat", from: "Pat", data: { a: true } }, 400, "bad_request"],
    ["data with null", { media: "chat", from: "Pat", data: { a: null } }, 400, "bad_request"],
    ["data with an array value", { media: "chat", from: "Pat", data: { a: ["x"] } }, 400, "bad_request"],
    ["data an array", { media: "chat", from: "Pat", data: ["x"] }, 400, "bad_request"],
    ["data a string", { media: "chat", from: "Pat", data: "x=y" }, 400, "bad_request"],
    ["data with an empty key", { media: "chat", from: "Pat", data: { "": "x" } }, 400, "bad_request"],
    ["data over 50 keys", { media: "chat", from: "Pat", data: many(51) }, 400, "bad_request"],
    ["a data key over 64 characters", { media: "chat", from: "Pat", data: { ["k".repeat(65)]: "v" } }, 400, "bad_request"],
    ["a data value over 1024 characters", { media: "chat", from: "Pat", data: { k: "v".repeat(1025) } }, 400, "bad_request"],
    ["a JSON array body", [{ media: "chat", from: "Pat" }], 400, "bad_request"],
  ])("%s -> %i %s", async (_name, body, status, code) => {
    const res = await create(c, JSON.stringify(body), { "content-type": "application/json" });
    expectError(res, status, code);
    await expectNothingCreated();
  });

  it("a worker that does not exist is named in the 404", async () => {
    const res = await create(c, chat("Pat", { worker: "kw9" }));
    expect(res.json.error.message).toContain("kw9");
  });

  it("malformed JSON is 400 and another content type 415", async () => {
    expectError(await create(c, "{not json", { "content-type": "application/json" }), 400, "bad_request");
    expectError(await create(c, "media=chat&from=Pat", { "content-type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
    await expectNothingCreated();
  });

  it("a body over 64 KiB is 413", async () => {
    const body = JSON.stringify({ media: "chat", from: "Pat", subject: "x", data: { k: "v".repeat(70 * 1024) } });
    const res = await create(c, body, { "content-type": "application/json" });
    expectError(res, 413, "payload_too_large");
    await expectNothingCreated();
  });

  it.each<[string, Record<string, string>]>([
    ["no Authorization", {}],
    ["a wrong key", { authorization: "Bearer not-the-key-0123456789" }],
  ])("%s -> 401", async (_name, headers) => {
    const res = await c.request("/api/v1/interactions", { method: "POST", headers, body: chat("Pat") });
    expectError(res, 401, "unauthorized");
    await expectNothingCreated();
  });

  it("a customer token is not an API key: it cannot create interactions", async () => {
    const { customerToken } = await createOk(c, chat("Pat"));
    const before = await c.events();
    const res = await asCustomer(c, customerToken, "POST", "/api/v1/interactions", chat("Mallory"));
    expectError(res, 401, "unauthorized");
    expect(await c.events()).toEqual(before);
  });

  it("data exactly at the limits is accepted", async () => {
    const data = { ...many(49), ["k".repeat(64)]: "v".repeat(1024) };
    const res = await create(c, { media: "voice", from: "P".repeat(128), subject: "s".repeat(256), data });
    expect(res.status, res.text).toBe(201);
    expect((await getInteraction(c, res.json.id)).data).toEqual(data);
  });
});

describe("POST then GET /api/v1/interactions/{id}", () => {
  it("201 {id, state, customerToken}; GET shows id, media, from, subject, data, state and worker", async () => {
    const res = await create(c, { media: "chat", from: "Pat Doe", subject: "Billing", data: { account: "42", lang: "en" } });
    expect(res.status).toBe(201);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json).toEqual({ id: expect.any(String), state: "queued", customerToken: expect.any(String) });

    const got = await c.api("GET", `/api/v1/interactions/${res.json.id}`);
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({
      id: res.json.id,
      media: "chat",
      from: "Pat Doe",
      subject: "Billing",
      data: { account: "42", lang: "en" },
      state: "queued",
      worker: null,
    });
    for (const key of ["id", "media", "from", "subject", "data", "state", "worker"]) expect(got.json).toHaveProperty(key);

    const events = await c.events();
    expect(events.map((e) => [e.type, e.interaction])).toEqual([["InteractionQueued", res.json.id]]);
  });

  it("subject and data default to empty; a voice interaction is kept as voice", async () => {
    const { id } = await createOk(c, { media: "voice", from: "+15551234567" });
    expect(await getInteraction(c, id)).toMatchObject({ media: "voice", from: "+15551234567", subject: "", data: {}, state: "queued", worker: null });
  });

  it("each interaction gets its own id and token", async () => {
    const a = await createOk(c, chat("A"));
    const b = await createOk(c, chat("B"));
    expect(a.id).not.toBe(b.id);
    expect(a.customerToken).not.toBe(b.customerToken);
  });

  it("an unknown id is 404; without a key 401", async () => {
    expectError(await c.api("GET", "/api/v1/interactions/no-such-id"), 404, "not_found");
    const { id } = await createOk(c, chat("Pat"));
    expectError(await c.request(`/api/v1/interactions/${id}`), 401, "unauthorized");
  });
});

describe("customer token", () => {
  it("reaches its own interaction: state (without the routing's data), transcript, messages", async () => {
    const { id, customerToken } = await createOk(c, chat("Pat", { subject: "Help", data: { secret: "routing-only" } }));
    const view = await asCustomer(c, customerToken, "GET", `/api/v1/interactions/${id}`);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ id, state: "queued", subject: "Help", from: "Pat" });
    expect(view.json).not.toHaveProperty("data");

    const posted = await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, { text: "Hello?" });
    expect(posted.status, posted.text).toBe(201);
    expect(posted.json).toEqual({ id: expect.any(String), from: "customer", text: "Hello?", at: expect.any(String) });
    const transcript = await asCustomer(c, customerToken, "GET", `/api/v1/interactions/${id}/messages`);
    expect(transcript.status).toBe(200);
    expect(transcript.json).toEqual([posted.json]);
  });

  it("on another interaction is 403 and changes nothing; no token 401; a made-up token 401", async () => {
    const mine = await createOk(c, chat("Pat"));
    const other = await createOk(c, chat("Quinn"));
    const eventsBefore = await c.events();
    for (const [method, suffix, body] of [
      ["GET", "", undefined],
      ["GET", "/messages", undefined],
      ["POST", "/messages", { text: "sneaky" }],
      ["POST", "/end", {}],
    ] as const) {
      const pathname = `/api/v1/interactions/${other.id}${suffix}`;
      expectError(await asCustomer(c, mine.customerToken, method, pathname, body), 403, "forbidden");
      expectError(await asCustomer(c, undefined, method, pathname, body), 401, "unauthorized");
      expectError(await asCustomer(c, "made-up-token-0123456789abcdef", method, pathname, body), 401, "unauthorized");
    }
    expect(await getInteraction(c, other.id)).toMatchObject({ state: "queued" });
    expect((await c.api("GET", `/api/v1/interactions/${other.id}/messages`)).json).toEqual([]);
    expect(await c.events()).toEqual(eventsBefore);
  });

  it("a message sent before the accept is in the transcript the worker sees after accepting; the worker's reply reaches the customer's channel", async () => {
    const cookie = await available("kw1");
    const { id, customerToken } = await createOk(c, chat("Pat", { subject: "Order" }));
    const customer = await c.bayeux({ customerToken });
    expect((await customer.subscribe(`/chat/${id}`)).successful).toBe(true);
    const early = await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, { text: "Are you there?" });
    expect(early.status).toBe(201);

    await acceptAs(cookie, id);
    const [held] = await kwInteractions(c, cookie);
    expect(held).toMatchObject({ id, state: "active" });
    expect(held.messages.map((m) => [m.from, m.text])).toEqual([
      ["customer", "Are you there?"],
      ["system", expect.stringContaining("Alex Morgan")],
    ]);

    const reply = await kw(c, cookie, "messages", id, { text: "Yes, how can I help?" });
    expect(reply.status, reply.text).toBe(201);
    const pushed = await customer.waitForMessage(`/chat/${id}`, (m) => m.type === "message" && m.message.from === "worker");
    expect(pushed).toEqual({ v: 2, type: "message", interactionId: id, message: { id: reply.json.id, from: "worker", text: "Yes, how can I help?", at: expect.any(String) } });
    // Oldest first, for customer and integrator alike.
    const transcript = (await c.api("GET", `/api/v1/interactions/${id}/messages`)).json;
    expect(transcript.map((m: { from: string }) => m.from)).toEqual(["customer", "system", "worker"]);
  });

  it("a message sent twice with the same id is kept once (the retry answers 200)", async () => {
    const { id, customerToken } = await createOk(c, chat("Pat"));
    const first = await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, { id: "client-msg-0001", text: "Hi" });
    const again = await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, { id: "client-msg-0001", text: "Hi" });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    const transcript = await asCustomer(c, customerToken, "GET", `/api/v1/interactions/${id}/messages`);
    expect(transcript.json).toEqual([first.json]);
  });

  it("bad messages are 400 (empty, a malformed id) or 413 (over 4000 characters) and add nothing", async () => {
    const { id, customerToken } = await createOk(c, chat("Pat"));
    for (const body of [{ text: "" }, { text: "   " }, { id: "bad id!", text: "hi" }, { text: "hi", extra: 1 }, {}]) {
      expectError(await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, body), 400, "bad_request");
    }
    expectError(await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, { text: "x".repeat(4001) }), 413, "payload_too_large");
    expect((await asCustomer(c, customerToken, "GET", `/api/v1/interactions/${id}/messages`)).json).toEqual([]);
  });

  it("a message to a chat in wrap-up or done is 409 and adds nothing; to a call 409", async () => {
    const cookie = await available("kw1");
    const { id, customerToken } = await createOk(c, chat("Pat"));
    await acceptAs(cookie, id);
    expect((await kw(c, cookie, "end", id)).status).toBe(200);
    const during = await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, { text: "one more thing" });
    expectError(during, 409, "conflict");
    expect((await kw(c, cookie, "done", id)).status).toBe(200);
    expect(await getInteraction(c, id)).toMatchObject({ state: "done", worker: "kw1" });
    const before = (await c.api("GET", `/api/v1/interactions/${id}/messages`)).json;
    expectError(await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/messages`, { text: "hello?" }), 409, "conflict");
    expect((await c.api("GET", `/api/v1/interactions/${id}/messages`)).json).toEqual(before);

    const call = await createOk(c, { media: "voice", from: "+15550000" });
    expectError(await asCustomer(c, call.customerToken, "POST", `/api/v1/interactions/${call.id}/messages`, { text: "hi" }), 409, "conflict");
  });

  it("the customer leaving a queued chat abandons it (InteractionAbandoned); leaving again is 409", async () => {
    const { id, customerToken } = await createOk(c, chat("Pat"));
    const res = await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/end`, {});
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, state: "abandoned" });
    expect((await c.events()).map((e) => [e.type, e.interaction])).toEqual([
      ["InteractionQueued", id],
      ["InteractionAbandoned", id],
    ]);
    expectError(await asCustomer(c, customerToken, "POST", `/api/v1/interactions/${id}/end`, {}), 409, "conflict");
  });
});

describe("POST /api/chat (the public web chat start)", () => {
  it("works without a key and returns {id, state, token}; the token reaches that chat", async () => {
    const res = await c.request("/api/chat", { method: "POST", body: { name: "Pat", subject: "Question" } });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toEqual({ id: expect.any(String), state: "queued", token: expect.any(String) });
    expect(await getInteraction(c, res.json.id)).toMatchObject({ media: "chat", from: "Pat", subject: "Question", state: "queued" });
    const own = await asCustomer(c, res.json.token, "GET", `/api/v1/interactions/${res.json.id}`);
    expect(own.status).toBe(200);
  });

  it("from the connector's own origin works", async () => {
    const res = await c.request("/api/chat", { method: "POST", headers: { origin: c.url }, body: { name: "Pat" } });
    expect(res.status).toBe(201);
  });

  it.each(["http://evil.example", "null"])("from origin %s is 403 and creates nothing", async (origin) => {
    const res = await c.request("/api/chat", { method: "POST", headers: { origin }, body: { name: "Pat" } });
    expectError(res, 403, "forbidden");
    await expectNothingCreated();
  });

  it("a sixth chat started from the same address at once is 429 with Retry-After and creates nothing", async () => {
    for (let n = 0; n < 5; n++) {
      expect((await c.request("/api/chat", { method: "POST", body: { name: `Pat ${n}` } })).status).toBe(201);
    }
    const before = (await c.events()).length;
    const res = await c.request("/api/chat", { method: "POST", body: { name: "Pat 6" } });
    expectError(res, 429, "too_many_requests");
    expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
    expect((await c.events()).length).toBe(before);
  });

  it("a missing name or an unknown field is 400 and creates nothing", async () => {
    expectError(await c.request("/api/chat", { method: "POST", body: {} }), 400, "bad_request");
    expectError(await c.request("/api/chat", { method: "POST", body: { name: "Pat", media: "voice" } }), 400, "bad_request");
    await expectNothingCreated();
  });
});

describe("Bayeux: /chat/{id}", () => {
  it("a customer token subscribes to its own chat only: another chat and /kw/... are refused", async () => {
    const mine = await createOk(c, chat("Pat"));
    const other = await createOk(c, chat("Quinn"));
    const customer = await c.bayeux({ customerToken: mine.customerToken });
    expect(await customer.subscribe(`/chat/${mine.id}`)).toMatchObject({ successful: true });
    for (const channel of [`/chat/${other.id}`, "/chat/*", "/chat/**", "/kw/kw1/offers", "/kw/kw1/presence", "/kw/kw1/interactions"]) {
      const reply = await customer.subscribe(channel);
      expect(reply.successful, channel).toBe(false);
      expect(reply.error).toMatch(/^403:/);
    }
    // A customer's session is not a worker's window.
    expect((await c.worker("kw1")).windows).toBe(0);
  });

  it("the customer's channel shows the chat's state; another chat's pushes never arrive", async () => {
    const mine = await createOk(c, chat("Pat"));
    const other = await createOk(c, chat("Quinn"));
    const customer = await c.bayeux({ customerToken: mine.customerToken });
    await customer.subscribe(`/chat/${mine.id}`);
    await customer.subscribe(`/chat/${other.id}`); // refused
    expect((await asCustomer(c, other.customerToken, "POST", `/api/v1/interactions/${other.id}/messages`, { text: "private" })).status).toBe(201);
    expect((await asCustomer(c, mine.customerToken, "POST", `/api/v1/interactions/${mine.id}/messages`, { text: "mine" })).status).toBe(201);
    await customer.waitForMessage(`/chat/${mine.id}`, (m) => m.type === "message" && m.message.text === "mine");
    await sleep(200);
    expect(customer.messagesOn(`/chat/${other.id}`)).toEqual([]);
  });

  it("a made-up customer token cannot handshake", async () => {
    await expect(c.bayeux({ customerToken: "made-up-token-0123456789abcdef" })).rejects.toBeInstanceOf(HandshakeRefused);
  });

  it("a worker cannot subscribe to a customer's channel", async () => {
    const { id } = await createOk(c, chat("Pat"));
    const kw1 = await c.bayeux({ cookie: await signIn(c, "kw1") });
    const reply = await kw1.subscribe(`/chat/${id}`);
    expect(reply.successful).toBe(false);
    expect(reply.error).toMatch(/^403:/);
  });

  it("a customer's clientId is worth nothing without the token", async () => {
    const { id, customerToken } = await createOk(c, chat("Pat"));
    const customer = await c.bayeux({ customerToken });
    const { bayeuxPost } = await import("../support/bayeux");
    const { replies } = await bayeuxPost(c.url, { channel: "/meta/subscribe", clientId: customer.clientId, subscription: `/chat/${id}`, id: "s" });
    expect(replies[0]).toMatchObject({ successful: false, error: expect.stringMatching(/^401:/) });
    const other = await createOk(c, chat("Quinn"));
    const stolen = await bayeuxPost(
      c.url,
      { channel: "/meta/subscribe", clientId: customer.clientId, subscription: `/chat/${id}`, id: "s", ext: { ucc: { customerToken: other.customerToken } } },
    );
    expect(stolen.replies[0]).toMatchObject({ successful: false, error: expect.stringMatching(/^403:/) });
  });
});
