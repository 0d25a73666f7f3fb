/**
 * The OpenAPI 3.1 document: it validates against the OpenAPI schema, names every route of the
 * integration API (and nothing else), and every answer the running connector gives, good or
 * bad, is one the document lists with the body it describes.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument, openApiPath } from "../../lib/http/openapi/document";
import { routes } from "../../lib/http/routes";
import { startConnector, type Connector } from "../support/harness";
import type { RawResponse } from "../support/http";
import { responseChecker } from "../support/openapi-check";
import { waitFor } from "../support/wait";

let c: Connector;
let doc: any;
let check: ReturnType<typeof responseChecker>;
const seen = new Set<string>();

beforeAll(async () => {
  c = await startConnector();
  const res = await c.request("/api/v1/openapi.json");
  expect(res.status).toBe(200);
  doc = res.json;
  check = responseChecker(doc);
});
afterAll(async () => {
  await c.cleanup();
});

/** Calls the connector and checks the answer against the document. */
async function call(method: string, path: string, template: string, options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? c.apiKey}`;
  const res = await c.request(path, { method, headers, body: options.body as object | undefined });
  expect(check(method, template, res)).toEqual([]);
  seen.add(`${method.toLowerCase()} ${template} ${res.status}`);
  return res;
}

describe("the document", () => {
  it("is valid OpenAPI 3.1", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("names every route of the integration API, and only those", () => {
    const api = routes.filter((r) => r.path.startsWith("/api/v1/") || r.path === "/healthz" || r.path === "/metrics");
    const fromRoutes = api.map((r) => `${r.method.toLowerCase()} ${openApiPath(r.path)}`).sort();
    const fromDoc = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)).sort();
    expect(fromDoc).toEqual(fromRoutes);
  });

  it("is the same as `npm run openapi` writes, but for the server URL", () => {
    const { servers, ...served } = doc;
    expect(servers).toEqual([{ url: c.url }]);
    expect(JSON.parse(JSON.stringify(buildOpenApiDocument()))).toEqual(served);
  });

  it("the check itself refuses a body or a status the document does not describe", () => {
    const fake = (status: number, json: unknown) => ({ status, headers: {}, text: JSON.stringify(json), json });
    expect(check("GET", "/api/v1/workers/{id}", fake(200, { id: "kw1" }))).not.toEqual([]);
    expect(check("GET", "/api/v1/workers/{id}", fake(404, { error: { code: "nope", message: "x" } }))).not.toEqual([]);
    expect(check("GET", "/api/v1/workers/{id}", fake(418, {}))).not.toEqual([]);
  });

  it("documents every error answer with the error body", () => {
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.responses["500"], `${method} ${path}`).toBeDefined();
        if (op.security.length) expect(op.responses["401"], `${method} ${path}`).toBeDefined();
      }
    }
  });
});

describe("every answer is one the document lists", () => {
  it("interactions: create, read, route, messages, end (as integrator and as customer)", async () => {
    const created = await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "chat", from: "Ann", subject: "Billing", data: { account: "42" } } });
    expect(created.status).toBe(201);
    const { id, customerToken } = created.json;
    const at = (suffix = "") => `/api/v1/interactions/${id}${suffix}`;
    await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "fax", from: "x" } });
    await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "chat", from: "x" }, token: null });
    await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: "not json", headers: { "content-type": "text/html" } });
    await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "chat", from: "x", worker: "nobody" } });
    const keyed = { "idempotency-key": "openapi-1" };
    const once = await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "voice", from: "Key" }, headers: keyed });
    expect((await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "voice", from: "Key" }, headers: keyed })).json).toEqual(once.json);
    expect((await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "chat", from: "Key" }, headers: keyed })).status).toBe(409);
    expect((await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "chat", from: "Key" }, headers: { "idempotency-key": "" } })).status).toBe(400);
    await call("POST", `/api/v1/interactions/${once.json.id}/end`, "/api/v1/interactions/{id}/end");

    expect((await call("GET", at(), "/api/v1/interactions/{id}")).status).toBe(200);
    expect((await call("GET", at(), "/api/v1/interactions/{id}", { token: customerToken })).status).toBe(200);
    await call("GET", "/api/v1/interactions/nope", "/api/v1/interactions/{id}");
    await call("GET", at(), "/api/v1/interactions/{id}", { token: null });

    await call("POST", at("/messages"), "/api/v1/interactions/{id}/messages", { body: { text: "hello", id: "m-0000001" }, token: customerToken });
    await call("POST", at("/messages"), "/api/v1/interactions/{id}/messages", { body: { text: "hello", id: "m-0000001" }, token: customerToken });
    await call("POST", at("/messages"), "/api/v1/interactions/{id}/messages", { body: { text: "" } });
    await call("GET", at("/messages"), "/api/v1/interactions/{id}/messages");
    expect((await call("GET", at("/messages?limit=1"), "/api/v1/interactions/{id}/messages")).json).toHaveLength(1);
    expect((await call("GET", at("/messages?limit=0"), "/api/v1/interactions/{id}/messages")).status).toBe(400);

    const other = (await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "voice", from: "Bob" } })).json;
    await call("GET", at(), "/api/v1/interactions/{id}", { token: other.customerToken });

    await call("PUT", at("/worker"), "/api/v1/interactions/{id}/worker", { body: { worker: "kw1" } });
    await call("PUT", at("/worker"), "/api/v1/interactions/{id}/worker", { body: { worker: "nobody" } });
    await call("PUT", at("/worker"), "/api/v1/interactions/{id}/worker", { body: {} });

    await call("POST", at("/end"), "/api/v1/interactions/{id}/end", { token: customerToken });
    await call("POST", at("/end"), "/api/v1/interactions/{id}/end");
    await call("PUT", at("/worker"), "/api/v1/interactions/{id}/worker", { body: { worker: "kw2" } });
    // Bob hangs up: nothing is left waiting for the tests below.
    await call("POST", `/api/v1/interactions/${other.id}/end`, "/api/v1/interactions/{id}/end", { token: other.customerToken });
  });

  it("a worker's controls, the customer's side of a call, typing", async () => {
    const cookie = await c.signIn("kw3");
    await c.request("/api/kw/presence", { method: "PUT", headers: { cookie }, body: { presence: "available" } });
    const created = await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "voice", from: "Cal", worker: "kw3" } });
    const { id, customerToken } = created.json;
    const at = (suffix: string) => `/api/v1/interactions/${id}${suffix}`;
    const actions = "/api/v1/interactions/{id}/actions/{action}";
    // Queued or offered, not accepted: not kw3's to control yet (409 or 403, both documented).
    expect([403, 409]).toContain((await call("POST", at("/actions/hold"), actions, { body: { worker: "kw3" } })).status);
    type OfferJson = { id: string; interaction: { id: string } };
    const offers = await waitFor(
      async () => (await c.request("/api/kw/offers", { headers: { cookie } })).json as OfferJson[],
      (list) => list.some((o) => o.interaction.id === id),
      { what: "kw3's offer" },
    );
    const offer = offers.find((o) => o.interaction.id === id)!;
    expect((await c.request(`/api/kw/interactions/${id}/accept`, { method: "POST", headers: { cookie }, body: { offerId: offer.id } })).status).toBe(200);

    expect((await call("POST", at("/actions/hold"), actions, { body: { worker: "kw3" } })).status).toBe(200);
    expect((await call("POST", at("/actions/hold"), actions, { body: { worker: "kw3" } })).status).toBe(409);
    expect((await call("POST", at("/actions/dtmf"), actions, { body: { worker: "kw3", digits: "12x" } })).status).toBe(400);
    expect((await call("POST", at("/actions/fly"), actions, { body: { worker: "kw3" } })).status).toBe(404);
    expect((await call("POST", at("/actions/retrieve"), actions, { body: { worker: "kw1" } })).status).toBe(403);
    expect((await call("POST", at("/actions/retrieve"), actions, { body: { worker: "kw3" } })).status).toBe(200);

    const events = "/api/v1/interactions/{id}/call/{event}";
    expect((await call("POST", at("/call/dtmf"), events, { body: { digits: "42#" } })).status).toBe(200);
    expect((await call("POST", at("/call/dtmf"), events, { body: {} })).status).toBe(400);
    expect((await call("POST", at("/call/ring"), events, { body: {} })).status).toBe(404);

    const chat = (await call("POST", "/api/v1/interactions", "/api/v1/interactions", { body: { media: "chat", from: "Tia" } })).json;
    const typing = await call("POST", `/api/v1/interactions/${chat.id}/typing`, "/api/v1/interactions/{id}/typing", { token: chat.customerToken });
    expect([202, 409]).toContain(typing.status);
    await call("POST", `/api/v1/interactions/${chat.id}/typing`, "/api/v1/interactions/{id}/typing", { token: customerToken });
    let limited = 202;
    while (limited === 202) limited = (await call("POST", `/api/v1/interactions/${chat.id}/typing`, "/api/v1/interactions/{id}/typing", { token: chat.customerToken })).status;
    expect(limited).toBe(429);
    await call("POST", at("/actions/release"), actions, { body: { worker: "kw3" } });
  });

  it("workers, presence and events", async () => {
    await call("GET", "/api/v1/workers/kw1", "/api/v1/workers/{id}");
    await call("GET", "/api/v1/workers/nobody", "/api/v1/workers/{id}");
    await call("GET", "/api/v1/workers/kw1", "/api/v1/workers/{id}", { token: "wrong-key-0123456789" });
    await call("PUT", "/api/v1/workers/kw2/presence", "/api/v1/workers/{id}/presence", { body: { presence: "busy" } });
    await call("PUT", "/api/v1/workers/kw2/presence", "/api/v1/workers/{id}/presence", { body: { presence: "after-call-work" } });
    await call("PUT", "/api/v1/workers/nobody/presence", "/api/v1/workers/{id}/presence", { body: { presence: "busy" } });
    const events = await call("GET", "/api/v1/events?after=0&limit=5", "/api/v1/events");
    expect(events.json.length).toBeGreaterThan(0);
    await call("GET", "/api/v1/events?after=-1", "/api/v1/events");
    await call("GET", "/api/v1/events", "/api/v1/events", { token: null });
  });

  it("health, metrics and the document itself", async () => {
    await call("GET", "/healthz", "/healthz", { token: null });
    const metrics = await call("GET", "/metrics", "/metrics", { token: null });
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
    await call("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", { token: null });
  });

  it("reached every operation of the document", () => {
    const operations = Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    for (const op of operations) expect([...seen].some((s) => s.startsWith(`${op} `)), op).toBe(true);
  });
});
