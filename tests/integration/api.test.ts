/** The integration API (shared/CONTRACT.md): auth, workers, presence from the UC side, events. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../lib/http/io";
import type { RawResponse } from "../support/http";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";

let c: Connector;
beforeEach(async () => {
  c = await startConnector();
});
afterEach(async () => {
  await c.cleanup();
});

function expectError(res: RawResponse, status: number, code?: string): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  expect(res.json).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
  expect(res.json.error.message.length).toBeGreaterThan(0);
  if (code) expect(res.json.error.code).toBe(code);
}

describe("authentication", () => {
  it.each<[string, Record<string, string>]>([
    ["no Authorization header", {}],
    ["a wrong key", { authorization: "Bearer wrong-key-0123456789" }],
    ["an empty bearer", { authorization: "Bearer " }],
    ["the key without the Bearer scheme", { authorization: "KEY" }],
    ["Basic instead of Bearer", { authorization: "Basic S0VZOg==" }],
  ])("%s -> 401 on every integration route", async (_name, headers) => {
    const auth = headers.authorization === "KEY" ? { authorization: c.apiKey } : headers;
    for (const [method, pathname, body] of [
      ["GET", "/api/v1/workers/kw1", undefined],
      ["PUT", "/api/v1/workers/kw1/presence", { presence: "busy" }],
      ["GET", "/api/v1/events?after=0", undefined],
    ] as const) {
      const res = await c.request(pathname, { method, headers: auth, body });
      expectError(res, 401, "unauthorized");
      expect(res.headers["www-authenticate"]).toBe("Bearer");
    }
    expect((await c.worker("kw1")).presence).toBe("offline");
    expect(await c.events()).toEqual([]);
  });

  it("accepts the key with any case of 'bearer' and surrounding spaces", async () => {
    const res = await c.request("/api/v1/workers/kw1", { headers: { authorization: `bearer   ${c.apiKey}  ` } });
    expect(res.status).toBe(200);
  });

  it("a session cookie is not an API key", async () => {
    const cookie = await c.signIn("kw1");
    expectError(await c.request("/api/v1/workers/kw1", { headers: { cookie } }), 401, "unauthorized");
  });
});

describe("GET /api/v1/workers/{id}", () => {
  it("shows id, name, presence, windows and interactions", async () => {
    const res = await c.api("GET", "/api/v1/workers/kw1");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.json).toMatchObject({ id: "kw1", name: "Alex Morgan", presence: "offline", windows: 0, interactions: [] });
    for (const key of ["id", "name", "presence", "windows", "interactions"]) expect(res.json).toHaveProperty(key);
    expect(Array.isArray(res.json.interactions)).toBe(true);
    expect(Number.isInteger(res.json.windows)).toBe(true);
    expect((await c.worker("kw3")).name).toBe("Jordan Lee");
  });

  it("an unknown worker is 404 with an error body", async () => {
    const res = await c.api("GET", "/api/v1/workers/kw9");
    expectError(res, 404, "not_found");
    expect(res.json.error.message).toContain("kw9");
  });

  it("a wrong method on a known path is 405 with an Allow header", async () => {
    const res = await c.api("DELETE", "/api/v1/workers/kw1");
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET");
  });
});

describe("PUT /api/v1/workers/{id}/presence", () => {
  it("sets the presence and reports it as the mapping table says", async () => {
    const res = await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: "kw1", presence: "busy" });
    expect((await c.worker("kw1")).presence).toBe("busy");

    const events = await c.events(0);
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      seq: expect.any(Number),
      at: expect.any(String),
      type: "RequestAgentNotReady",
      worker: "kw1",
      reasons: { KW_UC_STATUS: "busy" },
    });
    expect(Date.parse(events[0].at)).not.toBeNaN();
  });

  it.each<[string, string, Record<string, string>]>([
    ["available", "RequestAgentReady", { KW_UC_STATUS: "ready" }],
    ["busy", "RequestAgentNotReady", { KW_UC_STATUS: "busy" }],
    ["dnd", "RequestAgentNotReady", { KW_UC_STATUS: "dnd" }],
    ["be-right-back", "RequestAgentNotReady", { KW_UC_STATUS: "be-right-back" }],
    ["away", "RequestAgentNotReady", { KW_UC_STATUS: "away" }],
  ])("%s -> %s %j, end to end", async (presence, type, reasons) => {
    expect((await c.api("PUT", "/api/v1/workers/kw2/presence", { presence })).status).toBe(200);
    expect((await c.api("PUT", "/api/v1/workers/kw2/presence", { presence: "offline" })).status).toBe(200);
    const events = await c.events(0);
    expect(events.map((e) => [e.type, e.worker, e.reasons])).toEqual([
      [type, "kw2", reasons],
      ["RequestAgentLogout", "kw2", { KW_UC_STATUS: "offline", KW_UC_NOTE: "Logged out" }],
    ]);
  });

  it("setting the same presence again is 200 and reports nothing new", async () => {
    await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "away" });
    const again = await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "away" });
    expect(again.status).toBe(200);
    expect(again.json.presence).toBe("away");
    expect(await c.events()).toHaveLength(1);
  });

  it("accepts text/plain JSON (sendBeacon) as well as application/json with a charset", async () => {
    const res = await c.api("PUT", "/api/v1/workers/kw1/presence", JSON.stringify({ presence: "dnd" }), { "content-type": "text/plain;charset=UTF-8" });
    expect(res.status).toBe(200);
    const res2 = await c.api("PUT", "/api/v1/workers/kw1/presence", JSON.stringify({ presence: "away" }), { "content-type": "application/json; charset=utf-8" });
    expect(res2.status).toBe(200);
    expect((await c.worker("kw1")).presence).toBe("away");
  });

  it("custom agent-status lists change what is reported (busy counted as Ready)", async () => {
    await c.cleanup();
    const raw = demoConfigRaw();
    raw["microsoft-ocs"]["agent-status-ready"] = "available, busy";
    raw["microsoft-ocs"]["agent-status-notready"] = "dnd, be-right-back, away";
    raw["microsoft-ocs"]["presence-lg-status"] = "gone";
    raw["microsoft-ocs"]["presence-lg-note"] = "";
    c = await startConnector({ config: raw });
    await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" });
    await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "offline" });
    expect((await c.events()).map((e) => [e.type, e.reasons])).toEqual([
      ["RequestAgentReady", { KW_UC_STATUS: "busy" }],
      ["RequestAgentLogout", { KW_UC_STATUS: "gone" }],
    ]);
  });

  it("with presence-sync-mode off it is 409 and changes nothing", async () => {
    await c.cleanup();
    const raw = demoConfigRaw();
    raw["microsoft-ocs"]["presence-sync-mode"] = "off";
    c = await startConnector({ config: raw });
    const res = await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" });
    expectError(res, 409, "conflict");
    expect((await c.worker("kw1")).presence).toBe("offline");
    expect(await c.events()).toEqual([]);
  });
});

describe("bad input changes nothing", () => {
  const big = (bytes: number) => JSON.stringify({ presence: "busy", pad: "x".repeat(bytes) });

  type Case = [string, () => Promise<RawResponse>, number, string?];
  const cases: Case[] = [
    ["malformed JSON", () => c.api("PUT", "/api/v1/workers/kw1/presence", '{"presence": "busy"', { "content-type": "application/json" }), 400, "bad_request"],
    ["an empty body", () => c.api("PUT", "/api/v1/workers/kw1/presence", "", { "content-type": "application/json" }), 400, "bad_request"],
    ["a JSON array", () => c.api("PUT", "/api/v1/workers/kw1/presence", [], { "content-type": "application/json" }), 400, "bad_request"],
    ["JSON null", () => c.api("PUT", "/api/v1/workers/kw1/presence", "null", { "content-type": "application/json" }), 400, "bad_request"],
    ["an unknown presence", () => c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "sleeping" }), 400, "bad_request"],
    ["a display name instead of a presence", () => c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "Busy" }), 400, "bad_request"],
    ["a presence that is not a string", () => c.api("PUT", "/api/v1/workers/kw1/presence", { presence: 2 }), 400, "bad_request"],
    ["no presence", () => c.api("PUT", "/api/v1/workers/kw1/presence", {}), 400, "bad_request"],
    ["an extra field", () => c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy", worker: "kw2" }), 400, "bad_request"],
    ["after-call-work from the UC side", () => c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "after-call-work" }), 400, "bad_request"],
    ["another media type", () => c.api("PUT", "/api/v1/workers/kw1/presence", JSON.stringify({ presence: "busy" }), { "content-type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type"],
    ["no content type", () => c.request("/api/v1/workers/kw1/presence", { method: "PUT", headers: { authorization: `Bearer ${c.apiKey}` }, body: Buffer.from('{"presence":"busy"}') }), 415, "unsupported_media_type"],
    ["an unknown worker", () => c.api("PUT", "/api/v1/workers/kw9/presence", { presence: "busy" }), 404, "not_found"],
    ["no API key", () => c.request("/api/v1/workers/kw1/presence", { method: "PUT", body: { presence: "busy" } }), 401, "unauthorized"],
    ["a wrong API key", () => c.request("/api/v1/workers/kw1/presence", { method: "PUT", headers: { authorization: "Bearer nope" }, body: { presence: "busy" } }), 401, "unauthorized"],
    ["a body over 64 KiB with its Content-Length", () => c.api("PUT", "/api/v1/workers/kw1/presence", big(MAX_BODY_BYTES), { "content-type": "application/json" }), 413, "payload_too_large"],
    [
      "a Content-Length over 64 KiB, refused before the body is sent",
      () => c.api("PUT", "/api/v1/workers/kw1/presence", undefined, { "content-type": "application/json", "content-length": String(MAX_BODY_BYTES + 1) }),
      413,
      "payload_too_large",
    ],
    [
      "a chunked body over 64 KiB",
      () => c.api("PUT", "/api/v1/workers/kw1/presence", big(MAX_BODY_BYTES), { "content-type": "application/json", "transfer-encoding": "chunked" }),
      413,
      "payload_too_large",
    ],
    ["an unsupported method", () => c.api("POST", "/api/v1/workers/kw1/presence", { presence: "busy" }), 405],
  ];

  it.each(cases)("%s", async (_name, send, status, code) => {
    // A known starting point with one event.
    expect((await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "available" })).status).toBe(200);
    const before = { kw1: await c.worker("kw1"), kw2: await c.worker("kw2"), events: await c.events() };

    const res = await send();
    if (status === 405) expect(res.status).toBe(405);
    else expectError(res, status, code);

    expect({ kw1: await c.worker("kw1"), kw2: await c.worker("kw2"), events: await c.events() }).toEqual(before);
  });

  it("the after-call-work refusal says why", async () => {
    const res = await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "after-call-work" });
    expect(res.json.error.message).toMatch(/after-call-work is set by the connector/);
  });

  it("a body of exactly 64 KiB is read (and refused only for its content)", async () => {
    const pad = MAX_BODY_BYTES - JSON.stringify({ presence: "busy", pad: "" }).length;
    const body = JSON.stringify({ presence: "busy", pad: "x".repeat(pad) });
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    const res = await c.api("PUT", "/api/v1/workers/kw1/presence", body, { "content-type": "application/json" });
    expectError(res, 400, "bad_request"); // "pad" is not an option: the body was parsed, not refused for size
  });
});

describe("GET /api/v1/events", () => {
  async function makeEvents() {
    for (const [worker, presence] of [
      ["kw1", "available"],
      ["kw2", "busy"],
      ["kw1", "dnd"],
      ["kw3", "away"],
      ["kw1", "offline"],
    ]) {
      expect((await c.api("PUT", `/api/v1/workers/${worker}/presence`, { presence })).status).toBe(200);
    }
  }

  it("lists events oldest first with increasing seq, and pages with after", async () => {
    await makeEvents();
    const all = await c.events(0);
    expect(all.map((e) => [e.type, e.worker, e.reasons?.KW_UC_STATUS])).toEqual([
      ["RequestAgentReady", "kw1", "ready"],
      ["RequestAgentNotReady", "kw2", "busy"],
      ["RequestAgentNotReady", "kw1", "dnd"],
      ["RequestAgentNotReady", "kw3", "away"],
      ["RequestAgentLogout", "kw1", "offline"],
    ]);
    const seqs = all.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (let i = 1; i < all.length; i++) expect(Date.parse(all[i].at)).toBeGreaterThanOrEqual(Date.parse(all[i - 1].at));

    expect(await c.events(seqs[1])).toEqual(all.slice(2));
    expect(await c.events(seqs[4])).toEqual([]);
    const noAfter = await c.api("GET", "/api/v1/events");
    expect(noAfter.json).toEqual(all);

    const page = await c.api("GET", `/api/v1/events?after=${seqs[0]}&limit=2`);
    expect(page.status).toBe(200);
    expect(page.json).toEqual(all.slice(1, 3));
  });

  it("reading events from the last seen seq never misses or repeats one", async () => {
    let cursor = 0;
    const seen: number[] = [];
    for (const presence of ["available", "busy", "away"]) {
      await c.api("PUT", "/api/v1/workers/kw2/presence", { presence });
      const batch = await c.events(cursor);
      seen.push(...batch.map((e) => e.seq));
      cursor = batch.at(-1)?.seq ?? cursor;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
  });

  it.each(["after=-1", "after=abc", "after=1.5", "limit=0", "limit=1001", "limit=x"])("?%s is 400", async (query) => {
    expectError(await c.api("GET", `/api/v1/events?${query}`), 400, "bad_request");
  });
});
