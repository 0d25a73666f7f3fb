/** The web client's side of the HTTP surface: /api/kw/*, foreign origins (sign-in: dev-sign-in.test.ts). */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { demoConfigRaw, startConnector, type Connector } from "../support/harness";

let c: Connector;
beforeEach(async () => {
  c = await startConnector();
});
afterEach(async () => {
  await c.cleanup();
});


describe("GET /api/kw/me", () => {
  it("without a cookie is 401", async () => {
    const res = await c.request("/api/kw/me");
    expect(res.status).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
  });

  it.each(["ucc_session=forged", "ucc_session=", `ucc_session=${"a".repeat(300)}`, "other=1"])("with cookie %j is 401", async (cookie) => {
    expect((await c.request("/api/kw/me", { headers: { cookie } })).status).toBe(401);
  });

  it("with the session cookie shows the signed-in worker", async () => {
    const cookie = await c.signIn("kw1");
    const res = await c.request("/api/kw/me", { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: "kw1", name: "Alex Morgan", presence: "offline", windows: 0, interactions: [] });
    const res2 = await c.request("/api/kw/me", { headers: { cookie: await c.signIn("kw2") } });
    expect(res2.json.id).toBe("kw2");
  });

  it("the API key does not sign a worker in", async () => {
    expect((await c.request("/api/kw/me", { headers: { authorization: `Bearer ${c.apiKey}` } })).status).toBe(401);
  });
});

describe("PUT /api/kw/presence (the presence drop-down, B1)", () => {
  it("changes the signed-in worker's presence and emits the report", async () => {
    const cookie = await c.signIn("kw1");
    const res = await c.request("/api/kw/presence", { method: "PUT", headers: { cookie }, body: { presence: "be-right-back" } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: "kw1", presence: "be-right-back" });
    expect((await c.worker("kw1")).presence).toBe("be-right-back");
    expect((await c.worker("kw2")).presence).toBe("offline");
    expect(await c.events()).toMatchObject([
      { type: "RequestAgentNotReady", worker: "kw1", reasons: { KW_UC_STATUS: "be-right-back" } },
    ]);
    const me = await c.request("/api/kw/me", { headers: { cookie } });
    expect(me.json.presence).toBe("be-right-back");
  });

  it("every drop-down option is accepted and reported", async () => {
    const cookie = await c.signIn("kw3");
    for (const presence of ["available", "busy", "dnd", "be-right-back", "away", "offline"]) {
      const res = await c.request("/api/kw/presence", { method: "PUT", headers: { cookie }, body: { presence } });
      expect(res.status, presence).toBe(200);
    }
    expect((await c.events()).map((e) => e.type)).toEqual([
      "RequestAgentReady",
      "RequestAgentNotReady",
      "RequestAgentNotReady",
      "RequestAgentNotReady",
      "RequestAgentNotReady",
      "RequestAgentLogout",
    ]);
  });

  it("is still allowed with presence-sync-mode off (that only stops the UC side)", async () => {
    await c.cleanup();
    const raw = demoConfigRaw();
    raw["microsoft-ocs"]["presence-sync-mode"] = "off";
    c = await startConnector({ config: raw });
    const cookie = await c.signIn("kw1");
    expect((await c.request("/api/kw/presence", { method: "PUT", headers: { cookie }, body: { presence: "busy" } })).status).toBe(200);
  });

  it.each<[string, Record<string, string>, unknown, number]>([
    ["no cookie", {}, { presence: "busy" }, 401],
    ["after-call-work (set by the system)", {}, { presence: "after-call-work" }, 400],
    ["an unknown presence", {}, { presence: "lunch" }, 400],
    ["another worker named in the body", {}, { presence: "busy", worker: "kw2" }, 400],
    ["malformed JSON", { "content-type": "application/json" }, '{"presence":', 400],
  ])("refuses %s and changes nothing", async (name, headers, body, status) => {
    const cookie = name === "no cookie" ? undefined : await c.signIn("kw1");
    const res = await c.request("/api/kw/presence", {
      method: "PUT",
      headers: { ...(cookie ? { cookie } : {}), ...headers },
      body: body as object,
    });
    expect(res.status).toBe(status);
    expect((await c.worker("kw1")).presence).toBe("offline");
    expect(await c.events()).toEqual([]);
  });
});

describe("foreign origins are refused for state-changing requests", () => {
  it.each([
    ["http://evil.example", 403],
    ["null", 403],
    ["http://127.0.0.1:1", 403],
  ])("Origin %s -> %i, presence unchanged", async (origin, status) => {
    const cookie = await c.signIn("kw1");
    const res = await c.request("/api/kw/presence", { method: "PUT", headers: { cookie, origin }, body: { presence: "busy" } });
    expect(res.status).toBe(status);
    expect(res.json).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    expect((await c.worker("kw1")).presence).toBe("offline");
    expect(await c.events()).toEqual([]);
  });

  it("the connector's own origin is allowed", async () => {
    const cookie = await c.signIn("kw1");
    const res = await c.request("/api/kw/presence", { method: "PUT", headers: { cookie, origin: c.url }, body: { presence: "busy" } });
    expect(res.status).toBe(200);
    expect((await c.worker("kw1")).presence).toBe("busy");
  });

  it("also for the integration API and sign-out", async () => {
    const put = await c.api("PUT", "/api/v1/workers/kw1/presence", { presence: "busy" }, { origin: "http://evil.example" });
    expect(put.status).toBe(403);
    const cookie = await c.signIn("kw1");
    const out = await c.request("/signout", { method: "POST", headers: { cookie, origin: "null" } });
    expect(out.status).toBe(403);
    expect((await c.request("/api/kw/me", { headers: { cookie } })).status).toBe(200);
    expect((await c.worker("kw1")).presence).toBe("offline");
  });

  it("reads are not origin-checked", async () => {
    const cookie = await c.signIn("kw1");
    expect((await c.request("/api/kw/me", { headers: { cookie, origin: "http://evil.example" } })).status).toBe(200);
  });
});

describe("POST /api/kw/windows/closed (the goodbye beacon)", () => {
  it("closes one of my windows, but not someone else's", async () => {
    const cookie1 = await c.signIn("kw1");
    const cookie2 = await c.signIn("kw2");
    const window1 = await c.bayeux({ cookie: cookie1 });
    expect((await c.worker("kw1")).windows).toBe(1);

    const foreign = await c.request("/api/kw/windows/closed", {
      method: "POST",
      headers: { cookie: cookie2, "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ clientId: window1.clientId }),
    });
    expect(foreign.status).toBe(403);
    expect((await c.worker("kw1")).windows).toBe(1);

    const unknown = await c.request("/api/kw/windows/closed", { method: "POST", headers: { cookie: cookie1 }, body: { clientId: "nope" } });
    expect(unknown.status).toBe(404);

    const mine = await c.request("/api/kw/windows/closed", {
      method: "POST",
      headers: { cookie: cookie1, "content-type": "text/plain;charset=UTF-8" },
      body: JSON.stringify({ clientId: window1.clientId }),
    });
    expect(mine.status).toBe(200);
    expect((await c.worker("kw1")).windows).toBe(0);
  });
});
