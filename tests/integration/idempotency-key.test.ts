/**
 * Idempotency-Key on POST /api/v1/interactions (issue 15): a repeat answers the first answer
 * (customer token included), another body is 409, concurrent repeats make one interaction, keys
 * are per API key name, kept across a restart, and purged after 24 h.
 */
import { afterEach, describe, expect, it } from "vitest";
import { idempotentRequest } from "../../lib/connector/interactions/idempotency";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";
import { startCore, type RunningCore } from "../support/core";

let c: Connector | undefined;
let core: RunningCore | undefined;
afterEach(async () => {
  await c?.cleanup();
  await core?.dispose();
  c = core = undefined;
});

const CRM = "crm-key-0123456789abcdef";
const body = { media: "chat", from: "Ann", subject: "Billing", data: { account: "42" } };
const post = (k: Connector, b: unknown, key?: string, token?: string) =>
  k.request("/api/v1/interactions", { method: "POST", body: b as object, headers: { authorization: `Bearer ${token ?? k.apiKey}`, ...(key !== undefined ? { "idempotency-key": key } : {}) } });
const queuedEvents = async (k: Connector) => (await k.events()).filter((e) => e.type === "InteractionQueued");

describe("POST /api/v1/interactions with Idempotency-Key", () => {
  it("the same key and body answer the first answer again, token included; another body is 409", async () => {
    c = await startConnector();
    const first = await post(c, body, "order-4711");
    expect(first.status, first.text).toBe(201);
    expect(first.json).toEqual({ id: expect.any(String), state: "queued", customerToken: expect.any(String) });
    // The same fields in another order are the same request.
    const again = await post(c, { data: { account: "42" }, subject: "Billing", from: "Ann", media: "chat" }, "order-4711");
    expect(again.status, again.text).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect((await c.request(`/api/v1/interactions/${first.json.id}`, { headers: { authorization: `Bearer ${again.json.customerToken}` } })).status).toBe(200);

    const other = await post(c, { ...body, subject: "Refund" }, "order-4711");
    expect(other.status, other.text).toBe(409);
    expect(other.json.error).toEqual({ code: "conflict", message: expect.stringMatching(/Idempotency-Key.*another request body/) });
    expect(await queuedEvents(c)).toHaveLength(1);

    // Without the header, or with another key: a new interaction each time.
    expect((await post(c, body)).json.id).not.toBe(first.json.id);
    expect((await post(c, body, "order-4712")).json.id).not.toBe(first.json.id);
    expect(await queuedEvents(c)).toHaveLength(3);
  });

  it.each([
    ["empty", ""],
    ["256 characters", "k".repeat(256)],
    ["a space", "order 1"],
    ["non-ASCII", "bestellung-ü"],
  ])("a key that is %s is 400 and creates nothing", async (_, key) => {
    c = await startConnector();
    const res = await post(c, body, key);
    expect(res.status, res.text).toBe(400);
    expect(res.json.error).toEqual({ code: "bad_request", message: "Idempotency-Key must be 1-255 visible ASCII characters" });
    expect(await c.events()).toEqual([]);
  });

  it("255 visible characters are a key", async () => {
    c = await startConnector();
    const key = "!~".repeat(127) + "x";
    const first = await post(c, body, key);
    expect(first.status, first.text).toBe(201);
    expect((await post(c, body, key)).json).toEqual(first.json);
  });

  it("requests with the same key at once make one interaction; each waits and gets the same answer", async () => {
    c = await startConnector();
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(c!, body, "burst-1")));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => JSON.stringify(a.json))).size).toBe(1);
    expect(await queuedEvents(c)).toHaveLength(1);
    expect(await c.app.deps.store.listOpenInteractions()).toHaveLength(1);
  });

  it("keys are per API key name: another key's same Idempotency-Key is its own", async () => {
    const raw = demoConfigRaw();
    raw["api-keys"] = [{ name: "crm", key: CRM }];
    c = await startConnector({ config: raw });
    const mine = await post(c, body, "shared-name");
    const theirs = await post(c, { ...body, from: "Bob" }, "shared-name", CRM);
    expect(theirs.status, theirs.text).toBe(201);
    expect(theirs.json.id).not.toBe(mine.json.id);
    expect((await post(c, { ...body, from: "Bob" }, "shared-name", CRM)).json).toEqual(theirs.json);
  });

  it("is kept with the interaction: after a restart the same key answers the same", async () => {
    c = await startConnector();
    const first = await post(c, { ...body, worker: "kw1" }, "restart-1");
    c = await c.restart();
    const again = await post(c, { ...body, worker: "kw1" }, "restart-1");
    expect(again.status, again.text).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(await queuedEvents(c)).toHaveLength(1);
  });
});

describe("Idempotency keys after 24 h", () => {
  it("no longer answer and are purged by the next keyed create", async () => {
    let now = Date.parse("2026-12-01T09:00:00Z");
    core = await startCore([{ id: "kw1", name: "Alex" }], { previewTimeoutMs: 30_000, clock: { now: () => new Date(now) } });
    const secret = { name: "default", secret: "an-api-key-0123456789" };
    const input = { media: "chat" as const, from: "Ann" };
    const first = await core.interactions.createIdempotently(input, idempotentRequest(secret, "day-1", input));
    now += 23 * 3600_000;
    expect((await core.interactions.createIdempotently(input, idempotentRequest(secret, "day-1", input))).body.id).toBe(first.body.id);
    now += 2 * 3600_000;
    // The old key is gone: another body under it is a new interaction, not a 409.
    const later = await core.interactions.createIdempotently({ ...input, from: "Bob" }, idempotentRequest(secret, "day-1", { ...input, from: "Bob" }));
    expect(later.replayed).toBe(false);
    expect(later.body.id).not.toBe(first.body.id);
    await core.interactions.createIdempotently(input, idempotentRequest(secret, "day-2", input));
    expect(await core.store.getIdempotencyRecord("default", "day-1", "1970-01-01T00:00:00.000Z")).toMatchObject({ interaction: later.body.id });
    now += 25 * 3600_000;
    await core.interactions.createIdempotently(input, idempotentRequest(secret, "day-3", input));
    expect(await core.store.getIdempotencyRecord("default", "day-1", "1970-01-01T00:00:00.000Z")).toBeUndefined();
    expect(await core.store.getIdempotencyRecord("default", "day-2", "1970-01-01T00:00:00.000Z")).toBeUndefined();
  });

  it("the customer token is kept sealed: not in the store, and only the same API key opens it", () => {
    const a = idempotentRequest({ name: "default", secret: "an-api-key-0123456789" }, "k", {});
    const sealed = a.seal("the-token", "i-1");
    expect(sealed).not.toContain("the-token");
    expect(a.open(sealed, "i-1")).toBe("the-token");
    expect(a.open(sealed, "i-2")).toBeUndefined();
    expect(idempotentRequest({ name: "default", secret: "another-key-0123456789" }, "k", {}).open(sealed, "i-1")).toBeUndefined();
    expect(idempotentRequest({ name: "default", secret: "an-api-key-0123456789" }, "k2", {}).open(sealed, "i-1")).toBeUndefined();
  });
});
